"""A title fixed by hand renames every run of shards (``hashed.GROUPS``) one of whose shards
changed; the run's unchanged shards keep their bytes under the new name (each file hands its
data over without the hash, ``hashed.handed_name``), so they are hard links to the previous
files, neither read nor written again: only the shards whose data changed are new files. The
index still equals a clean build's, byte for byte."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

import briefgen.search as search
from briefgen.cli import main
from briefgen.search import hashed, splice
from briefgen.search.hashed import handed_name
from browser import Tab, serve
from conftest import TWO_ISSUES, copy_archive, retitle, seed_archive, site_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
FIXED = "美国公布芯片法案资助的首批研发设施及遴选程序"
INDEX = "static/search/"
SHARDS = tuple(f"{INDEX}{kind}/" for kind in ("t", "g", "p", "a"))


def _build(briefings: Path, out: Path, cache: Path | None) -> dict[str, bytes]:
    args = ["build", "-q", "--briefings", str(briefings), "--out", str(out)]
    args += ["--no-cache"] if cache is None else ["--cache", str(cache)]
    assert main(args) == 0
    return site_files(out)


def _by_stem(files: dict[str, bytes]) -> dict[str, bytes]:
    """The index's shard files by what they hand their data over as (``t/3``)."""
    return {
        handed_name(name.removeprefix(INDEX).removesuffix(".js")): data
        for name, data in files.items()
        if name.startswith(SHARDS)
    }


def _not_merged(*_: object) -> None:
    raise AssertionError("counts merged where one block changed")


@pytest.mark.browser
def test_a_title_fix_writes_only_the_shards_whose_data_changed_and_the_page_finds_through_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tab: Tab
) -> None:
    """The files a title fix writes, and then, in chromium, what the page finds through them
    (every run of gram shards renamed: two runs a kind): the fixed title finds its article,
    and another issue's article is found as before, through its shards' previous files under
    their runs' new names. One test, so the kept build and the fix are built once (they were
    two tests, each building both)."""
    # Runs of many shards at the seed archive's size, as at 20,000 articles (16 a run): the
    # search workers forked at two jobs inherit it.
    monkeypatch.setattr(hashed, "GROUPS", 2)
    monkeypatch.setattr(splice, "GROUPS", 2)
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    site, cache = tmp_path / "site", tmp_path / "cache"
    before = _build(briefings, site, cache)
    inodes = {(site / name).stat().st_ino: name for name in before if name.startswith(SHARDS)}
    retitle(briefings, CHANGED, TITLE, FIXED)
    with monkeypatch.context() as patched:
        patched.setattr(search, "merged_grams", _not_merged)
        after = _build(briefings, site, cache)
    assert after == _build(briefings, tmp_path / "clean", None)
    _only_the_changed_shards_are_written(site, before, after, inodes)
    _the_page_finds_articles_through_renamed_runs(site, before, after, inodes, tab)


def _only_the_changed_shards_are_written(
    site: Path, before: dict[str, bytes], after: dict[str, bytes], inodes: dict[int, str]
) -> None:
    old, new = _by_stem(before), _by_stem(after)
    shards = [name for name in after if name.startswith(SHARDS)]
    linked = {
        name: inodes[(site / name).stat().st_ino]
        for name in shards
        if (site / name).stat().st_ino in inodes
    }
    written = [name for name in shards if name not in linked]
    # Some shards changed (the fixed title's grams and terms), in runs of other shards.
    assert written and all(new[_stem(name)] != old.get(_stem(name)) for name in written)
    # Every file that holds what it held is the previous file, under its run's new name
    # where the run changed: a link, whose bytes are the previous file's.
    renamed = {name: was for name, was in linked.items() if name != was}
    assert renamed and all(_stem(name) == _stem(was) for name, was in renamed.items())
    assert all(after[name] == before[was] for name, was in linked.items())
    unchanged = {stem for stem, data in new.items() if old.get(stem) == data}
    assert {_stem(name) for name in linked} == unchanged
    assert len(written) < len(renamed)


def _stem(name: str) -> str:
    return handed_name(name.removeprefix(INDEX).removesuffix(".js"))


def _the_page_finds_articles_through_renamed_runs(
    site: Path, before: dict[str, bytes], after: dict[str, bytes], inodes: dict[int, str], tab: Tab
) -> None:
    renamed = [
        name
        for name in after
        if name.startswith(f"{INDEX}p/")
        and name not in before
        and (site / name).stat().st_ino in inodes
    ]
    assert renamed
    other = next(e for e in seed_archive().entries if e.path.startswith(f"issues/{TWO_ISSUES[0]}/"))
    # The run's kept tab; the site at an address of its own, where nothing was fetched yet.
    page = tab(width=1280)
    with serve(site) as base:
        assert f"issues/{CHANGED}/a01.html" in _search(page, base, FIXED)
        assert other.path in _search(page, base, other.article.title)
        # Off the site before its server closes: a file the page still fetches would fail.
        page.goto("about:blank")


def _search(page: Page, base: str, query: str) -> list[str]:
    """The full matches' article paths for ``query``, first page."""
    page.goto(f"{base}search.html?q={quote(query)}")
    page.wait_for_function(
        "q => document.querySelector('#search-status').textContent.includes(q)", arg=query
    )
    links = page.locator("#search-results .article-link")
    return links.evaluate_all("ls => ls.map(a => a.getAttribute('href').split(/[?#]/)[0])")
