"""Progress on long work: `parse` and `build` draw bars on a terminal (a pseudo-terminal
here), stay quiet when piped, in CI, with -q or NO_COLOR, and always end with their summary."""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.progress import shows_progress

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
ISSUES = ("2024-03-casdc-tech-policy", "2024-08-chips-act-review")
PARSE_SUMMARY = re.compile(
    r"Done: \d+ issue\(s\) written, \d+ unchanged, \d+ kept as edited, 0 failed in [\d.]+ s\.\n"
)
BUILD_SUMMARY = re.compile(
    # 94 pages a language: 58 before the analysis pages, then the sources, documents and
    # entities indexes, the timeline, and a page for each of the 32 sources and documents.
    r"Built \S+/: 2 issue\(s\), 27 article\(s\), 188 page\(s\) in [\d.]+ s\.\n"
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _archive(tmp_path: Path) -> Path:
    briefings = tmp_path / "briefings"
    for issue in ISSUES:
        shutil.copy2(BRIEFINGS / issue / "source.txt", _mkdir(briefings / issue) / "source.txt")
    for name in ("glossary.yaml", "site.yaml"):
        shutil.copy(BRIEFINGS / name, briefings / name)
    # Published somewhere, so `build` has no warning to add to its summary (the warning about
    # an unset base_url is tested in test_reading_model.py).
    settings = briefings / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("base_url: null", "base_url: https://example.org/"), "utf-8")
    return briefings


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *sys.path])
    env["TERM"] = "xterm-256color"
    return env | extra


def _on_terminal(argv: list[str], cwd: Path, **env: str) -> str:
    """Run briefgen with stdin, stdout and stderr on a pseudo-terminal; all it printed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen.cli", *argv],
        cwd=cwd,
        env=_environment(**env),
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _bars(output: str) -> list[str]:
    """The progress lines a terminal showed, escapes removed, in order."""
    plain = ANSI.sub("", output).replace("\r", "\n")
    return [line.strip() for line in plain.splitlines() if "━" in line]


@pytest.fixture(scope="module")
def parsed_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two issues parsed once (in this process), for the tests that only build."""
    folder = tmp_path_factory.mktemp("progress")
    briefings = _archive(folder)
    assert main(["parse", "-q", "--no-cache", str(briefings)]) == 0
    return briefings


@pytest.mark.slow
def test_parse_and_build_show_progress_on_a_terminal(tmp_path: Path) -> None:
    _archive(tmp_path)
    cache = ["--cache", str(tmp_path / "cache")]
    parsed = _on_terminal(["parse", "briefings", *cache], tmp_path)
    bars = _bars(parsed)
    assert any(re.match(r"Parsing sources .*━.* 2/2", bar) for bar in bars), bars
    # The summary comes last, after the bars.
    assert PARSE_SUMMARY.fullmatch(ANSI.sub("", parsed).rsplit("\n", 2)[-2] + "\n")

    built = _on_terminal(["build", *cache], tmp_path)
    bars = _bars(built)
    assert any(re.match(r"Rendering pages .* 188/188", bar) for bar in bars), bars
    assert any(re.match(r"Search index .* 1/1", bar) for bar in bars), bars
    # Pages were counted as they were written, not only at the end.
    counts = {int(m[1]) for bar in bars if (m := re.match(r"Rendering pages .* (\d+)/188", bar))}
    assert len(counts) >= 2, bars
    assert ANSI.sub("", built).rstrip().splitlines()[-1].startswith("Built site/: 2 issue(s)")
    assert BUILD_SUMMARY.search(ANSI.sub("", built))


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def _run(argv: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, tty: bool) -> str:
    """briefgen run in this process from ``cwd``, its stderr a terminal or not (``tty``): what
    it wrote there. The terminal itself is tested above, with a briefgen process of its own;
    whether a run draws depends only on the stream and the environment it is given."""
    stderr, stdout = _Stream(tty), io.StringIO()
    with monkeypatch.context() as patched:
        patched.chdir(cwd)
        patched.setattr(sys, "stderr", stderr)
        patched.setattr(sys, "stdout", stdout)
        assert main(argv) == 0
    assert stdout.getvalue() == ""
    return stderr.getvalue()


@pytest.mark.slow
def test_without_a_terminal_only_the_summary_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _archive(tmp_path)
    for name in ("CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    # The tests' build cache (BRIEFGEN_CACHE) is used: what is printed does not depend on it,
    # and its parses and segmentation of the two issues are warm.
    # -q leaves out the per-file lines; nothing is drawn when stderr is not a terminal.
    parsed = _run(["parse", "-q", "briefings"], tmp_path, monkeypatch, tty=False)
    assert PARSE_SUMMARY.fullmatch(parsed) and parsed.startswith("Done: 2 issue(s) written")
    again = _run(["parse", "briefings"], tmp_path, monkeypatch, tty=False)
    assert PARSE_SUMMARY.fullmatch(again) and again.startswith(
        "Done: 0 issue(s) written, 2 unchanged"
    )
    built = _run(["build"], tmp_path, monkeypatch, tty=False)
    assert BUILD_SUMMARY.fullmatch(built), built


#: -q, and an environment against bars: CI and NO_COLOR reach shows_progress by the same
#: path (the environment), and which of them stops the bars is test_who_gets_progress's; one
#: of them builds here.
@pytest.mark.slow
@pytest.mark.parametrize(("flag", "env"), [("-q", {}), (None, {"CI": "true"})])
def test_a_terminal_in_ci_or_asked_to_be_quiet_gets_no_bars(
    parsed_archive: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flag: str | None,
    env: dict[str, str],
) -> None:
    shutil.copytree(parsed_archive, tmp_path / "briefings")
    for name in ("CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TERM", "xterm-256color")
    argv = ["build"] + ([flag] if flag else [])
    output = _run(argv, tmp_path, monkeypatch, tty=True)
    assert BUILD_SUMMARY.fullmatch(output), output


@pytest.mark.slow
def test_a_terminal_with_nothing_against_it_gets_bars_in_this_process(
    parsed_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counterpart of the test above: the same run, on a terminal, draws."""
    shutil.copytree(parsed_archive, tmp_path / "briefings")
    for name in ("CI", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    output = _run(["build"], tmp_path, monkeypatch, tty=True)
    assert any(re.match(r"Rendering pages .* 188/188", bar) for bar in _bars(output)), output


@pytest.mark.parametrize(
    ("quiet", "tty", "env", "shown"),
    [
        (False, True, {"TERM": "xterm"}, True),
        (False, False, {"TERM": "xterm"}, False),
        (True, True, {"TERM": "xterm"}, False),
        (False, True, {"TERM": "xterm", "CI": "true"}, False),
        (False, True, {"TERM": "xterm", "CI": "false"}, True),
        (False, True, {"TERM": "xterm", "NO_COLOR": "1"}, False),
        (False, True, {"TERM": "dumb"}, False),
    ],
)
def test_who_gets_progress(quiet: bool, tty: bool, env: dict[str, str], shown: bool) -> None:
    assert shows_progress(quiet, _Stream(tty), env) is shown
