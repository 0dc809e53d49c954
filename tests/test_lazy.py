"""Modules loaded on first use: a build with nothing to do never loads pypinyin's tables or
rjieba's dictionary, nor numpy, nor rich's progress bars."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from briefgen.english import romanize
from briefgen.lazy import lazy_module, load_now


def _probe_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, before: str = ""
) -> Path:
    """A module ``name`` on the path that notes each run in the file returned, then runs
    ``before`` and sets ANSWER = 42."""
    runs = tmp_path / "runs.txt"
    (tmp_path / f"{name}.py").write_text(
        f"with open({str(runs)!r}, 'a') as out:\n    out.write('ran\\n')\n{before}ANSWER = 42\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return runs


def test_a_lazy_module_runs_when_an_attribute_is_first_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _probe_module(tmp_path, monkeypatch, "briefgen_lazy_probe")

    probe = lazy_module("briefgen_lazy_probe")
    assert not runs.exists(), "not run before an attribute is read"
    assert probe.ANSWER == 42
    assert probe.ANSWER == 42
    assert runs.read_text() == "ran\n", "run once"
    assert lazy_module("briefgen_lazy_probe") is probe


def test_threads_reading_a_lazy_module_at_once_all_find_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The module takes a while to run, and eight threads ask for it within that while (pages
    rendered by threads, where the platform cannot fork, all romanize names)."""
    before = "import time\ntime.sleep(0.3)\n"
    runs = _probe_module(tmp_path, monkeypatch, "briefgen_slow_probe", before)
    probe = lazy_module("briefgen_slow_probe")
    start = threading.Barrier(8)

    def read(_n: int) -> int:
        start.wait()
        answer: int = probe.ANSWER
        return answer

    with ThreadPoolExecutor(8) as threads:
        assert list(threads.map(read, range(8))) == [42] * 8
    assert runs.read_text() == "ran\n"


def test_load_now_runs_every_stand_in_once_so_forked_workers_inherit_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = _probe_module(tmp_path, monkeypatch, "briefgen_early_probe")
    probe = lazy_module("briefgen_early_probe")
    load_now()
    assert runs.read_text() == "ran\n", "run before any attribute is read"
    assert "ANSWER" in vars(probe), "the stand-in holds the module's names"
    assert probe.ANSWER == 42
    load_now()
    assert runs.read_text() == "ran\n"


def test_a_missing_module_fails_where_it_is_named() -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_module_here"):
        lazy_module("no_such_module_here")


@pytest.mark.slow  # a second interpreter imports the whole build
def test_the_build_loads_no_pinyin_table_or_dictionary_until_they_are_used() -> None:
    loaded = "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(LAZY)}))\n"
    script = (
        "import sys, briefgen.build\n"
        "LAZY = ('pypinyin.', 'rjieba.', 'numpy.', 'rich.console', 'rich.progress')\n"
        f"{loaded}"
        "from briefgen.english import romanize\n"
        "from briefgen.search.segment import words\n"
        "print(romanize('欧阳修'), words('量子计算机'))\n"
        f"{loaded}"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == [
        "[]",
        "Ouyang Xiu ['量子', '计算机']",
        "['pypinyin', 'rjieba']",
    ]
    assert romanize("司马光") == "Sima Guang"
