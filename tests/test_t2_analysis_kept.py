"""The analysis keeps what it finds in each issue's texts (names, dated sentences) in the
cache: after one issue's record file changed, only that issue's texts are searched again, and
the analysis is the one made without a cache."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.analysis import Analysis, analyse, text, timeline
from briefgen.archive import Archive, load_archive
from briefgen.cache import Cache
from conftest import BRIEFINGS

#: Each test loads and analyses the seed archive three or four times (seconds).
pytestmark = pytest.mark.slow

#: The issue whose record file the tests edit.
EDITED = "2024-07-jiwei-chips"


def _archive(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    shutil.copytree(BRIEFINGS, folder, ignore=shutil.ignore_patterns("*.pdf", "source.*"))
    return folder


def _edit(folder: Path, issue: str, added: str) -> None:
    """``added`` put before the first article body of ``issue``'s record file."""
    records = folder / issue / "records.yaml"
    written = records.read_text(encoding="utf-8")
    mark = "\n  body: |-\n    "
    assert mark in written
    records.write_text(written.replace(mark, mark + added, 1), encoding="utf-8")


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts the analysis searched for names and for dates, one entry each search."""
    seen: list[str] = []
    hits, dated = text.NameMatcher.hits, timeline.dated_sentences

    def counted_hits(self: text.NameMatcher, article: str) -> Iterator[text.Hit]:
        seen.append(article)
        return hits(self, article)

    def counted_dated(article: text.ArticleText, *args: object) -> object:
        seen.append(article.text)
        return dated(article, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(text.NameMatcher, "hits", counted_hits)
    monkeypatch.setattr(timeline, "dated_sentences", counted_dated)
    yield seen


def _texts_of(archive: Archive, issue: str) -> set[str]:
    return {text.article_text(e).text for e in archive.entries if e.issue.id == issue}


def _same(kept: Analysis, fresh: Analysis) -> None:
    assert kept.documents == fresh.documents
    assert kept.entities == fresh.entities
    assert kept.timeline == fresh.timeline
    assert kept.novelty == fresh.novelty


def test_after_one_issue_changed_only_its_texts_are_searched_again(
    tmp_path: Path, searched: list[str]
) -> None:
    folder = _archive(tmp_path)
    cache = Cache(tmp_path / "cache")
    analyse(load_archive(folder), cache)
    assert searched  # the first analysis searched every text
    # A date sentence added: the issue's findings change, no other issue's.
    _edit(folder, EDITED, "2024年3月5日，芯片法案生效。")
    archive = load_archive(folder)
    searched.clear()
    kept = analyse(archive, cache)
    assert set(searched) == _texts_of(archive, EDITED)
    searched.clear()
    _same(kept, analyse(archive))


def test_a_name_new_to_the_archive_has_every_text_searched_for_names_again(
    tmp_path: Path, searched: list[str]
) -> None:
    folder = _archive(tmp_path)
    cache = Cache(tmp_path / "cache")
    analyse(load_archive(folder), cache)
    # A document title no article wrote before: every text may name it now.
    _edit(folder, EDITED, "《示范文件管理办法》指出，芯片法案已经生效。")
    archive = load_archive(folder)
    searched.clear()
    kept = analyse(archive, cache)
    everything = {text.article_text(e).text for e in archive.entries}
    assert set(searched) == everything
    assert "示范文件管理办法" in {d.key for d in kept.documents}
    _same(kept, analyse(archive))


def test_unchanged_archive_is_not_searched_at_all(tmp_path: Path, searched: list[str]) -> None:
    folder = _archive(tmp_path)
    cache = Cache(tmp_path / "cache")
    first = analyse(load_archive(folder), cache)
    searched.clear()
    again = analyse(load_archive(folder), cache)
    assert searched == []
    _same(again, first)
