"""What a rebuild takes from its cache besides pages: each issue's dataset rows and the
sitemap are made again exactly when what they show changed, and the site still equals a clean
build byte for byte; the old site is gone when the build returns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen import render
from briefgen.archive import Archive, IssueEntry
from briefgen.cli import main
from briefgen.render.dataset import CSV_PATH, JSONL_PATH, IssueRows
from conftest import BRIEFINGS, TWO_ISSUES, Built, build_files, site_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
OTHER = "2024-03-casdc-tech-policy"
ADDED = "2024-08-chips-act-review"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
NEW_TITLE = "美国公布芯片法案资助的首批研发设施及遴选程序"


def _clean(briefings: Path, out: Path) -> dict[str, bytes]:
    """A clean build made here, whatever this process built before: the tests count what it
    makes."""
    assert (
        main(["build", "-q", "--briefings", str(briefings), "--out", str(out), "--no-cache"]) == 0
    )
    return site_files(out)


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


def test_a_changed_title_makes_only_its_issues_rows_and_no_sitemap(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, _ = built
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
    rows.clear()
    sitemaps.clear()
    assert after == _clean(briefings, tmp_path / "clean")
    # The clean build (no cache) made both issues' rows and a sitemap: nothing was kept.
    assert sorted(rows) == sorted([CHANGED, OTHER]) and len(sitemaps) == 1


def test_an_added_issue_makes_its_rows_and_a_new_sitemap_and_the_address_every_row(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, before = built
    rows, sitemaps = _made(monkeypatch)
    shutil.copytree(BRIEFINGS / ADDED, briefings / ADDED)
    after = build_files(briefings, site, cache)
    assert rows == [ADDED] and len(sitemaps) == 1
    assert len(after["sitemap.xml"]) > len(before["sitemap.xml"])
    assert after == build_files(briefings, tmp_path / "clean", None)

    # The site's address is in every row's url: every issue's rows are made again.
    settings = briefings / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "base_url: null" in text
    settings.write_text(text.replace("base_url: null", "base_url: https://example.org/a/"))
    rows.clear()
    sitemaps.clear()
    addressed = build_files(briefings, site, cache)
    assert sorted(rows) == sorted([CHANGED, OTHER, ADDED]) and len(sitemaps) == 1
    assert b"https://example.org/a/issues/" in addressed[JSONL_PATH]
    assert b"https://example.org/a/issues/" in addressed["sitemap.xml"]
    assert addressed == build_files(briefings, tmp_path / "clean-addressed", None)


def test_the_old_site_is_gone_when_the_rebuild_returns(built: Built) -> None:
    briefings, cache, site, _ = built
    old_page = site / "issues" / CHANGED / "index.html"
    old_inode = old_page.stat().st_ino
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace(f"  title: {TITLE}", f"  title: {NEW_TITLE}", 1), "utf-8")
    build_files(briefings, site, cache)
    # The issue's page was written again (a new file), the old folder is removed, not left
    # beside the site.
    assert old_page.stat().st_ino != old_inode
    assert sorted(p.name for p in site.parent.iterdir()) == ["briefings", "cache", "site"]
