"""A term's list is cut into pages from its oldest end (``listing.paginate``), so a new issue
renders its first page again and leaves the later ones as they were, until the articles after
the last cut fill another page: an author writing in every weekly issue, 12 articles an issue.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest

from briefgen.archive import Archive, load_archive
from briefgen.listing import ListPage, by_year_and_issue, paginate
from briefgen.records import Article, Issue, IssueMeta, issue_to_yaml
from briefgen.render.facts import ArchiveFacts, term_list
from conftest import build_files, copy_archive

AUTHOR = "沈湘"
LIST = f"authors/{AUTHOR}.html"


def _issue(week: int, size: int) -> Issue:
    """The ``week``-th weekly issue from January 2023 (from 0), with ``size`` articles by
    AUTHOR."""
    date = (dt.date(2023, 1, 2) + dt.timedelta(weeks=week)).isoformat()
    meta = IssueMeta(
        id=f"{date}-weekly",
        source="source.txt",
        source_sha256="0" * 64,
        publication="合成周报",
        number=str(week + 1),
        date=date,
    )
    articles = [
        Article(
            id=f"a{k:02d}",
            section="政策计划",
            title=f"第{week + 1}期第{k}篇",
            authors=[AUTHOR],
            body=f"第{week + 1}期第{k}篇的正文。",
        )
        for k in range(1, size + 1)
    ]
    return Issue(meta, articles)


#: 60 issues of 1 to 30 articles each, oldest first: 12 an issue, and in between runs of
#: small and large ones (an issue of more than 50 too, a page of its own).
SIZES = [random.Random(week).choice([1, 2, 3, 12, 12, 20, 30]) for week in range(60)]
SIZES[20] = 64


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    issues = [_issue(week, size) for week, size in enumerate(SIZES)]
    return load_archive(tmp_path_factory.mktemp("weekly"), issues, related=False)


def _pages(archive: Archive, newest: int) -> list[ListPage]:
    """AUTHOR's list pages when issue ``newest`` (from 0, oldest first) was the newest."""
    author = next(term for term in archive.authors if term.name == AUTHOR)
    issues = archive.issues[len(archive.issues) - newest - 1 :]
    return paginate(author.path, by_year_and_issue(author.entries, issues))


def _sizes(page: ListPage) -> list[int]:
    return [len(group.entries) for year in page.years for group in year.issues]


def test_pages_are_cut_from_the_oldest_issue_and_the_first_has_the_rest(archive: Archive) -> None:
    for newest in range(len(SIZES)):
        pages = _pages(archive, newest)
        # Every issue once, newest first, whole: page 1 the newest, each page after it older.
        listed = [size for page in pages for size in _sizes(page)]
        assert listed == SIZES[newest::-1], newest
        for page in pages[1:]:
            assert sum(_sizes(page)) <= 50 or len(_sizes(page)) == 1, (newest, page.number)
        if len(pages) > 1:
            # The first page is never a handful: more than a page, at most two (unless an
            # issue alone is more than a page).
            first = _sizes(pages[0])
            assert 50 < sum(first) and (sum(first) <= 100 or max(first) > 50), newest
        # Two pages next to each other would not fit in one: no page could have been longer.
        counts = [sum(_sizes(page)) for page in pages]
        assert all(a + b > 50 for a, b in itertools.pairwise(counts[1:])), newest
        # Cut where a cut from the oldest issue puts them: the oldest page is the issues that
        # fit in 50 from the first.
        fit, total = 0, 0
        for size in SIZES[: newest + 1]:
            if total and total + size > 50:
                break
            fit, total = fit + 1, total + size
        if len(pages) > 1:
            assert _sizes(pages[-1]) == SIZES[:fit][::-1], newest


def test_a_newer_issue_changes_the_first_page_alone_until_the_list_is_cut_again(
    archive: Archive,
) -> None:
    facts = ArchiveFacts(archive)
    author = next(term for term in archive.authors if term.name == AUTHOR)
    cut_again = new_year = 0
    for newest in range(1, len(SIZES)):
        before, after = _pages(archive, newest - 1), _pages(archive, newest)
        if len(after) != len(before):
            # The articles after the last cut filled a page: every page moved on by one.
            assert len(after) == len(before) + 1
            assert [page.years for page in after[2:]] == [page.years for page in before[1:]]
            cut_again += 1
            continue
        assert after[0] != before[0]
        years = [[link.year for link in page.year_links] for page in (before[0], after[0])]
        new_year += years[1] == ["2024", *years[0]] and len(after) > 1
        # The later pages show nothing that changed: not the list's count, nor the years',
        # nor a year new to the list (on the first page alone, as the articles of 2024 are).
        assert after[1:] == before[1:], newest
        assert all(link.count is None for page in after[1:] for link in page.year_links)
        assert after[0].total == sum(SIZES[: newest + 1])
        digests = [term_list(facts, author, page, after)[0] for page in after[1:]]
        assert digests == [term_list(facts, author, page, before)[0] for page in before[1:]]
    assert 5 < cut_again < 30 and new_year == 1


#: Issues of 12 articles by AUTHOR, oldest first: four fit in a page, so nine make two pages,
#: the oldest four on the second; the tenth to the twelfth join the first page; the
#: thirteenth cuts the list again.
WEEKLY = 12


def _write(briefings: Path, week: int) -> None:
    issue = _issue(week, WEEKLY)
    folder = briefings / issue.issue.id
    folder.mkdir()
    (folder / "records.yaml").write_text(issue_to_yaml(issue), encoding="utf-8")


def _inodes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob(f"{AUTHOR}*.html")}


@pytest.mark.slow
def test_a_new_issue_renders_the_first_page_again_and_keeps_the_others(tmp_path: Path) -> None:
    briefings = copy_archive(tmp_path / "briefings", ())
    site, cache = tmp_path / "site", tmp_path / "cache"
    for week in range(9):
        _write(briefings, week)
    build_files(briefings, site, cache)
    for week in (9, 10):
        before = _inodes(site)
        assert sorted(before) == sorted(
            f"{lang}authors/{AUTHOR}{p}.html" for lang in ("", "en/") for p in ("", "-p2")
        )
        _write(briefings, week)
        after = build_files(briefings, site, cache)
        assert after == build_files(briefings, tmp_path / f"clean-{week}", None)
        same = {path for path, inode in _inodes(site).items() if before.get(path) == inode}
        # The second page is the last build's file; the first says 12 articles more.
        assert same == {f"authors/{AUTHOR}-p2.html", f"en/authors/{AUTHOR}-p2.html"}, week
        assert f"{(week + 1) * WEEKLY} 篇文章".encode() in after[LIST]
    _write(briefings, 11)
    build_files(briefings, site, cache)
    # The thirteenth issue cuts the list again: three pages, none of them the last build's.
    before = _inodes(site)
    _write(briefings, 12)
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean-12", None)
    assert f"authors/{AUTHOR}-p3.html" in after
    assert not {path for path, inode in _inodes(site).items() if before.get(path) == inode}
