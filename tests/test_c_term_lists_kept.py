"""The term lists' facts digests are taken from the last build while the lists are made of
what they were then (``facts.term_lists_made_of``): a title fixed by hand digests no list
again, and the site still equals a clean build. The timeline, the longest page to render, is
given to a page worker first (``page_chunks``), and a build writes only the timeline months
it rendered (``MonthFragments``). The dataset's unchanged rows are copied from the last
build's files (``dataset_ranges``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen import build, site_folder
from briefgen.analysis import analyse
from briefgen.analysis.timeline import Month
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.files import site_record_files
from briefgen.records import Issue, load_issue
from briefgen.render import facts, page_chunks
from briefgen.render.facts import ArchiveFacts, term_lists_made_of
from briefgen.render.fragments import MonthFragments
from conftest import BRIEFINGS, THREE_ISSUES, Built, build_files, retitle, seed_archive
from test_t_title_fix import CHANGED, FIXED, TITLE
from test_z_month_keys import _Memory, _rendered

#: The issues of the kept build the rebuild starts from (conftest ``built``): those of
#: test_t_title_fix, whose clean build of the same fix this worker then makes once.
KEPT_ISSUES = THREE_ISSUES


def _made_of(issues: list[Issue]) -> str:
    archive = load_archive(BRIEFINGS, issues, related=False)
    return term_lists_made_of(archive, ArchiveFacts(archive))


def _edited(issues: list[Issue], **changes: object) -> list[Issue]:
    """``issues`` with the first article of the first one changed (``changes``)."""
    first = issues[0]
    article = dataclasses.replace(first.articles[0], **changes)
    return [dataclasses.replace(first, articles=[article, *first.articles[1:]]), *issues[1:]]


def test_the_lists_are_made_of_what_articles_are_filed_under_not_of_their_titles() -> None:
    issues = [load_issue(path) for path in site_record_files(BRIEFINGS)]
    made_of = _made_of(issues)
    article = issues[0].articles[0]
    assert _made_of(_edited(issues, title=article.title + "（更正）")) == made_of
    assert _made_of(_edited(issues, body=article.body + "\n\n补记一句。")) == made_of
    for changed in (
        {"tags": [*article.tags, "新标签"]},
        {"authors": [*article.authors, "新作者"]},
        {"section": "另一栏目"},
        # Topics are found in the title: one named there files the article under it.
        {"title": article.title + "人工智能"},
    ):
        assert _made_of(_edited(issues, **changed)) != made_of, changed
    dated = dataclasses.replace(issues[0].issue, date="2001-01-01")
    assert _made_of([dataclasses.replace(issues[0], issue=dated), *issues[1:]]) != made_of


@pytest.mark.slow
@pytest.mark.usefixtures("two_jobs")
def test_a_title_fix_digests_no_term_list_again_and_equals_a_clean_build(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same fix as test_t_title_fix's on the same kept build: its clean build is made once
    a worker (``build_files``), so this costs one rebuild of three issues."""
    briefings, cache, site, before = built
    retitle(briefings, CHANGED, TITLE, FIXED)
    digested: list[object] = []
    digest = facts.digest

    def counted(*parts: object) -> str:
        digested.append(parts[0])
        return digest(*parts)

    monkeypatch.setattr(facts, "digest", counted)
    walked = _count_walks(monkeypatch)
    rows_read = _count_rows_read(monkeypatch)
    bases = sorted((cache / "related-base").rglob("*.bin"))
    after = build_files(briefings, site, cache)
    monkeypatch.undo()
    assert "term lists" in digested and "term list" not in digested
    # The previous site was listed by a forked process (``SiteListing``), not this one.
    assert site not in walked and walked
    # Related articles wrote what changed since their base entry, not a new base.
    assert bases and sorted((cache / "related-base").rglob("*.bin")) == bases
    # The unchanged issues' dataset rows were copied from the last build's files
    # (``dataset_ranges``), none read back from the cache.
    assert rows_read == []
    assert after == build_files(briefings, tmp_path / "clean", None)
    # The lists that show the article were rendered again, with its new title.
    lists = [
        p for p in before if p.startswith(("tags/", "sections/")) and TITLE.encode() in before[p]
    ]
    assert lists and all(FIXED.encode() in after[p] for p in lists)


def _count_walks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders this process lists from here on (a forked process's are its own)."""
    walked: list[Path] = []
    listing = site_folder.site_files

    def counted(out: Path, without: str = "") -> frozenset[str]:
        walked.append(out)
        return listing(out, without)

    monkeypatch.setattr(site_folder, "site_files", counted)
    monkeypatch.setattr(build, "site_files", counted)
    return walked


def _count_rows_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The dataset rows this process reads back from a cache from here on."""
    read: list[str] = []
    get_bytes = Cache.get_bytes

    def counted(cache: Cache, namespace: str, entry: str) -> bytes | None:
        found = get_bytes(cache, namespace, entry)
        if namespace == "dataset" and found is not None:
            read.append(entry)
        return found

    monkeypatch.setattr(Cache, "get_bytes", counted)
    return read


def test_the_timeline_is_the_first_chunk_and_every_page_is_in_one_chunk() -> None:
    for total, first in ((1050, 1047), (1050, 0), (1050, 1049), (250, 100), (7, 3)):
        chunks = page_chunks(total, 100, first=first)
        assert (chunks[0].start, chunks[0].stop) == (first, first + 1)
        pages = [k for chunk in chunks for k in range(chunk.start, chunk.stop)]
        assert sorted(pages) == list(range(total)) and len(pages) == total
        assert all(chunk.stop - chunk.start <= 100 for chunk in chunks)
    assert page_chunks(250, 100) == page_chunks(250, 100, first=None)


class _Written(_Memory):
    """A cache in memory that notes each entry written."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []

    def put_bytes(self, namespace: str, entry: str, data: bytes) -> None:
        self.written.append(data)
        super().put_bytes(namespace, entry, data)


def test_a_build_writes_only_the_timeline_months_it_rendered() -> None:
    months = analyse(seed_archive()).timeline
    memory = _Written()
    first = MonthFragments(memory, "shared")
    html = _rendered(first, months, [])
    first.save()
    # One month's events changed: its HTML in both languages is all the next build writes.
    event = months[1].events[0]
    edited = dataclasses.replace(event, sentence=f"{event.sentence}（更正）")
    changed = [*months[:1], Month(months[1].month, [edited, *months[1].events[1:]]), *months[2:]]
    memory.written.clear()
    again = MonthFragments(memory, "shared")
    assert _rendered(again, changed, []) == html
    again.save()
    assert sorted(memory.written) == sorted(
        html[f"{language} {months[1].month}"].encode() for language in ("zh", "en")
    )
