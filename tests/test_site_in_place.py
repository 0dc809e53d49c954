"""A rebuild that takes most pages from the previous site changes the site folder in place:
what the new site no longer has goes, and the site equals a clean build; a build that fails
or is killed while it puts its files in place leaves the previous site. (That the folder and
its untouched files stay as they were after a title fix: test_b_build_reuse.py.)"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefgen import processes, site_folder
from briefgen.build import build_site
from briefgen.cache import Cache
from conftest import ROOT, TWO_ISSUES, Built, KeptBuild, build_files, site_files

pytestmark = pytest.mark.slow

#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = TWO_ISSUES
CHANGED = "2024-07-jiwei-chips"
OTHER = "2024-03-casdc-tech-policy"
TEMPLATES = ROOT / "templates"


def _fix_a_title(briefings: Path) -> None:
    """A character put before the first title of ``CHANGED``'s records, by hand."""
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  title: ") + len("\n  title: ")
    records.write_text(text[:at] + "新" + text[at:], encoding="utf-8")


def _beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir())


def test_what_the_new_site_has_not_goes_and_leaves_no_empty_folder(
    built: Built, tmp_path: Path
) -> None:
    briefings, cache, site, _ = built
    shutil.rmtree(briefings / OTHER)
    (site / "stray.html").write_text("put here by hand", encoding="utf-8")
    (site / "junk" / "deeper").mkdir(parents=True)
    (site / "junk" / "deeper" / "x.txt").write_text("x", encoding="utf-8")
    site_inode = site.stat().st_ino
    after = build_files(briefings, site, cache)
    assert site.stat().st_ino == site_inode, "the pages of the issue left were taken in place"
    assert after == build_files(briefings, tmp_path / "clean", None)
    assert not (site / "issues" / OTHER).exists() and not (site / "en" / "issues" / OTHER).exists()
    assert not (site / "junk").exists()
    empty = [d for d, folders, files in os.walk(site) if not folders and not files]
    assert empty == []


def test_a_page_removed_from_the_site_by_hand_is_made_again(built: Built, tmp_path: Path) -> None:
    briefings, cache, site, _ = built
    (site / "issues" / OTHER / "index.html").unlink()
    _fix_a_title(briefings)
    assert build_files(briefings, site, cache) == build_files(briefings, tmp_path / "clean", None)


def _failing_at(site: Path, count: int, fail: object) -> object:
    """``os.replace`` calling ``fail()`` at the ``count``-th file it puts into ``site``."""
    real, into_site = os.replace, [0]

    def replace(source: object, target: object) -> None:
        if str(target).startswith(f"{site}/"):
            into_site[0] += 1
            if into_site[0] == count:
                fail()  # type: ignore[operator]
        real(source, target)  # type: ignore[arg-type]

    return replace


def test_a_failure_while_putting_files_in_place_leaves_the_previous_site(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, before = built
    _fix_a_title(briefings)

    def disk_full() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", _failing_at(site, 3, disk_full))
    with pytest.raises(OSError, match="No space left"):
        build_site(briefings, site, TEMPLATES, Cache(cache))
    monkeypatch.undo()
    assert site_files(site) == before
    assert _beside(site) == ["briefings", "cache", "site"]


def _killed_while_putting_in_place(briefings: Path, cache: Path, site: Path) -> int:
    """A build in a child process that dies at the third file it puts into the site, as a
    build killed then would; the child's process id."""
    pid = os.fork()
    if pid == 0:
        try:
            os.replace = _failing_at(site, 3, lambda: os._exit(9))  # type: ignore[assignment]
            build_site(briefings, site, TEMPLATES, Cache(cache))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 9
    return pid


def test_a_build_killed_while_putting_files_in_place_is_undone(
    built: Built, tmp_path: Path
) -> None:
    briefings, cache, site, before = built
    _fix_a_title(briefings)
    pid = _killed_while_putting_in_place(briefings, cache, site)
    assert site_files(site) != before, "the site was left half put in place"
    assert f".site.journal-{pid}" in _beside(site)
    site_folder.recover(site, pid)
    assert site_files(site) == before
    # Only the folder the child was staging in is left: the next build removes it.
    assert _beside(site) == [f".site.building-{pid}", "briefings", "cache", "site"]

    # The next build does the same first, then builds.
    pid = _killed_while_putting_in_place(briefings, cache, site)
    assert build_files(briefings, site, cache) == build_files(briefings, tmp_path / "clean", None)
    assert _beside(site) == ["briefings", "cache", "site"]


@pytest.mark.usefixtures("two_jobs")
def test_threads_where_the_platform_cannot_fork_put_the_same_site_in_place(
    built: Built,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    briefings, cache, site, _ = built
    with monkeypatch.context() as spawning:
        spawning.setattr(processes.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        _fix_a_title(briefings)
        threads = build_files(briefings, site, cache)
    assert _beside(site) == ["briefings", "cache", "site"]
    # Then the same rebuild of the same kept build by forked workers (two jobs), in this
    # process where the threads' build noted what it took (the workers inherit it): their
    # build notes its own, though the paths and files are equal.
    briefings, cache, site, _ = KeptBuild.of(tmp_path_factory, KEPT_ISSUES).put_back()
    _fix_a_title(briefings)
    forked = build_files(briefings, site, cache)
    assert threads == forked == build_files(briefings, tmp_path / "clean", None)
