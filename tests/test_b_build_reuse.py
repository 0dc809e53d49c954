"""What a rebuild takes from its cache: each issue's dataset rows, the sitemap, pages and
citation files are made again exactly when what they show changed, and the site still equals a
clean build byte for byte; the old site is gone when the build returns; a template change
reaches every page; with the site's address set, every published address is under it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen import render
from briefgen.archive import Archive, IssueEntry
from briefgen.cli import main
from briefgen.render.dataset import CSV_PATH, JSONL_PATH, IssueRows
from conftest import BRIEFINGS, TWO_ISSUES, Built, build_files
from sitecheck import not_published_under
from test_incremental import NEWER, add_newer_issue

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
OTHER = "2024-03-casdc-tech-policy"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
NEW_TITLE = "美国公布芯片法案资助的首批研发设施及遴选程序"


def _clean(briefings: Path, out: Path) -> dict[str, bytes]:
    """A clean build made here, whatever this process built before: the tests count what it
    makes. (Kept, so test_incremental.py's clean build of the same title fix is not made
    again.)"""
    return build_files(briefings, out, None, made_here=True)


#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = TWO_ISSUES


def _made(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """The issues whose dataset rows are made from here on, and how many sitemaps."""
    rows: list[str] = []
    sitemaps: list[int] = []
    issue_rows, sitemap = render.issue_rows, render.sitemap

    def counting_rows(archive: Archive, issue: IssueEntry) -> IssueRows:
        rows.append(issue.meta.id)
        return issue_rows(archive, issue)

    def counting_sitemap(archive: Archive, paths: list[str]) -> bytes:
        sitemaps.append(len(paths))
        return sitemap(archive, paths)

    monkeypatch.setattr(render, "issue_rows", counting_rows)
    monkeypatch.setattr(render, "sitemap", counting_sitemap)
    return rows, sitemaps


def _id(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_ino, found.st_ctime_ns


def test_a_changed_title_rebuilt_in_place_redoes_only_its_issue_and_equals_a_clean_build(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One title changed, the site rebuilt where it is: what the rebuild made again (dataset
    rows, sitemap, pages, citation files) and what it took, the old site gone when it returns,
    and the site byte for byte a clean build's. One rebuild checked for all of these (they
    are one edit of one kept build), then a template change, which reaches every page (the
    lists, whose facts are kept only with what every page shares, and reused pages too)."""
    briefings, cache, site, _ = built
    kept = site / "issues" / OTHER / "index.html"
    redone = site / "en" / "issues" / CHANGED / "index.html"
    kept_bib = site / "issues" / OTHER / "a01.bib"
    redone_ris = site / "issues" / CHANGED / "a01.ris"
    inodes = {page: page.stat().st_ino for page in (kept, redone, kept_bib, redone_ris)}
    folder, kept_changed = site.stat().st_ino, kept.stat().st_ctime_ns
    index = {path: _id(path) for path in (site / "static" / "search").rglob("*.js")}
    rows, sitemaps = _made(monkeypatch)
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert f"  title: {TITLE}" in text
    records.write_text(text.replace(f"  title: {TITLE}", f"  title: {NEW_TITLE}", 1), "utf-8")
    after = build_files(briefings, site, cache)
    # The same pages, so the same sitemap; one issue's records, so one issue's rows.
    assert rows == [CHANGED] and sitemaps == []
    assert NEW_TITLE in after[JSONL_PATH].decode() and NEW_TITLE in after[CSV_PATH].decode()
    assert TITLE not in after[JSONL_PATH].decode()
    # The unchanged issue's page and citation file are the very files of the last build, left
    # where they were in the same folder (not rewritten, nor linked anew: a link would change
    # their change time); the changed issue's are new.
    assert kept.stat().st_ino == inodes[kept] and kept_bib.stat().st_ino == inodes[kept_bib]
    assert site.stat().st_ino == folder and kept.stat().st_ctime_ns == kept_changed
    # So with the search index's files taken as they are.
    assert [path for path in index if path.exists() and _id(path) == index[path]]
    assert redone.stat().st_ino != inodes[redone]
    assert redone_ris.stat().st_ino != inodes[redone_ris]
    assert NEW_TITLE.encode() in redone.read_bytes()
    assert f"TI  - {NEW_TITLE}" in redone_ris.read_text(encoding="utf-8")
    # The old folder is removed when the build returns, not left beside the site.
    assert sorted(p.name for p in site.parent.iterdir()) == ["briefings", "cache", "site"]
    rows.clear()
    sitemaps.clear()
    assert after == _clean(briefings, tmp_path / "clean")
    # The clean build (no cache) made both issues' rows and a sitemap: nothing was kept.
    assert sorted(rows) == sorted([CHANGED, OTHER]) and len(sitemaps) == 1

    template = tmp_path / "templates"
    shutil.copytree(BRIEFINGS.parent / "templates", template)
    base = template / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- x --></body>"))
    args = ["build", "-q", "--briefings", str(briefings), "--out", str(site)]
    assert main([*args, "--templates", str(template), "--cache", str(cache)]) == 0
    pages = list(site.rglob("*.html"))
    assert len(pages) > 200 and all(b"<!-- x -->" in page.read_bytes() for page in pages)


def test_an_added_issue_makes_its_rows_and_a_new_sitemap_and_the_address_every_row(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, before = built
    rows, sitemaps = _made(monkeypatch)
    # The newer issue test_incremental.py adds: its clean build is made once for both.
    add_newer_issue(briefings)
    after = build_files(briefings, site, cache)
    assert rows == [NEWER] and len(sitemaps) == 1
    assert len(after["sitemap.xml"]) > len(before["sitemap.xml"])
    assert after == build_files(briefings, tmp_path / "clean", None)

    # The site's address is in every row's url: every issue's rows are made again. (Written
    # without its closing slash, which the build adds.)
    settings = briefings / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "base_url: null" in text
    settings.write_text(text.replace("base_url: null", "base_url: https://example.org/a"))
    rows.clear()
    sitemaps.clear()
    addressed = build_files(briefings, site, cache)
    assert sorted(rows) == sorted([CHANGED, OTHER, NEWER]) and len(sitemaps) == 1
    assert b"https://example.org/a/issues/" in addressed[JSONL_PATH]
    assert b"https://example.org/a/issues/" in addressed["sitemap.xml"]
    assert addressed == build_files(briefings, tmp_path / "clean-addressed", None)
    # Every published address is absolute, under the site's.
    page = f"issues/{CHANGED}/a12.html"
    assert not_published_under(site, "https://example.org/a/", page) == []
