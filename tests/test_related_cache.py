"""Related articles found again after a change take the last run's lists where nothing they
depend on changed, and are always the lists a clean run finds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen import related as relatedness
from briefgen import related_words
from briefgen.archive import load_archive, with_related
from briefgen.cache import Cache
from briefgen.related import Document, LastRun, related, related_again
from briefgen.related.stored_run import StoredRun
from conftest import BRIEFINGS, related_documents, seed_archive

#: Each test finds related articles over the whole seed archive, some twice (make test-fast
#: leaves whole-archive tests out).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return related_documents()


def _scoring(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the documents whose lists are worked out afresh from here on."""
    scored: list[str] = []
    best = relatedness._best

    def counting(k: int, nearest: object, docs: list, count: int) -> list[str]:
        scored.append(docs[k].key)
        return best(k, nearest, docs, count)  # type: ignore[arg-type]

    monkeypatch.setattr(relatedness, "_best", counting)
    return scored


def test_an_unchanged_archive_takes_every_list(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, last = related_again(documents, None)
    assert clean == related(documents)
    assert sum(1 for found in clean.values() if found) > 60
    scored = _scoring(monkeypatch)
    again, _ = related_again(documents, last)
    assert again == clean
    assert scored == []


def test_an_edited_article_is_found_again_and_the_lists_equal_a_clean_run(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, last = related_again(documents, None)
    edited = list(documents)
    k = 40
    # Its first paragraph twice: its words' counts, and so its kept words' weights, change;
    # it uses no word it did not, so no word's rarity changes.
    body = documents[k].body
    edited[k] = dataclasses.replace(documents[k], body=body + "\n\n" + body.split("\n\n")[0])
    clean = related(edited)
    scored = _scoring(monkeypatch)
    found, _ = related_again(edited, last)
    assert found == clean
    assert documents[k].key in scored
    # Only the lists the edited article's words reach are worked out again.
    assert 0 < len(scored) < len(documents)


def test_an_added_article_changes_every_words_rarity_so_every_list_is_found_again(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, last = related_again(documents[1:], None)
    clean = related(documents)
    scored = _scoring(monkeypatch)
    found, _ = related_again(documents, last)
    assert found == clean
    assert len(scored) == len(documents)


def test_the_build_keeps_the_last_run_in_its_cache(tmp_path: Path) -> None:
    archive = load_archive(BRIEFINGS, related=False)
    cache = Cache(tmp_path / "cache")
    first = with_related(archive, cache)
    stored = list((tmp_path / "cache" / "related").rglob("*.bin"))
    assert len(stored) == 1
    second = with_related(archive, cache)
    assert first.related == second.related == seed_archive().related
    # As a base and what changed since it (``StoredRun``): nothing yet.
    last = StoredRun.read(cache, stored[0].stem).last
    assert isinstance(last, LastRun)
    assert last.results == {path: [e.path for e in found] for path, found in first.related.items()}


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the documents whose words are counted from here on."""
    counted: list[str] = []
    counts = related_words.word_counts

    def counting(doc: Document) -> object:
        counted.append(doc.key)
        return counts(doc)

    monkeypatch.setattr(related_words, "word_counts", counting)
    return counted


def test_each_issues_words_come_from_the_cache_until_its_articles_change(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean, _ = related_again(documents, None)
    cache = Cache(tmp_path / "cache")
    counted = _counting(monkeypatch)
    cold, cold_run = related_again(documents, None, cache=cache)
    assert cold == clean and counted == [d.key for d in documents]

    counted.clear()
    warm, warm_run = related_again(documents, None, cache=cache)
    assert warm == clean and counted == []
    assert warm_run.kept == cold_run.kept and warm_run.postings == cold_run.postings

    # One article's body changes: the articles of its issue are counted again, no other.
    changed = documents[3]
    issue = changed.key.split("/")[1]
    edited = [
        dataclasses.replace(d, body=d.body + "量子计算") if d is changed else d for d in documents
    ]
    found, _ = related_again(edited, None, cache=cache)
    again = list(counted)
    assert found == related_again(edited, None)[0]
    assert again and {key.split("/")[1] for key in again} == {issue}
    assert len(again) == sum(d.key.split("/")[1] == issue for d in documents)


def test_a_space_added_to_an_article_reads_only_its_issue_and_takes_every_list(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    _, last = related_again(documents, None, cache=cache)
    changed = documents[10]
    issue = changed.key.split("/")[1]
    # A space after the first full stop: no character pair or Latin word changes.
    assert "。" in changed.body
    spaced = dataclasses.replace(changed, body=changed.body.replace("。", "。 ", 1))
    edited = [spaced if d is changed else d for d in documents]
    clean = related(edited)
    counted = _counting(monkeypatch)
    scored = _scoring(monkeypatch)
    unpacked: list[bytes] = []
    unpack = related_words.unpacked
    monkeypatch.setattr(related_words, "unpacked", lambda w, c: unpacked.append(w) or unpack(w, c))
    found, this = related_again(edited, last, cache=cache)
    assert found == clean == last.results
    # Only the edited issue's words are counted (its text is new to the cache), no other
    # issue's words are read back, no list is worked out again, and the next run knows the
    # new text's words.
    assert {key.split("/")[1] for key in counted} == {issue}
    assert unpacked == [] and scored == []
    assert this.archive == last.archive and this.entries != last.entries
    counted.clear()
    again, _ = related_again(edited, this, cache=cache)
    assert again == found and counted == [] and scored == []


def test_a_new_word_in_a_title_is_weighed_again_and_equals_a_clean_run(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    _, last = related_again(documents, None, cache=cache)
    changed = documents[20]
    # 量子芯片 gives the pairs 量子, 子芯 and 芯片: their use, so their rarity, changes.
    titled = dataclasses.replace(changed, title=changed.title + "量子芯片")
    edited = [titled if d is changed else d for d in documents]
    clean = related(edited)
    scored = _scoring(monkeypatch)
    found, this = related_again(edited, last, cache=cache)
    assert found == clean
    assert this.archive != last.archive
    assert changed.key in scored and len(scored) < len(documents)


def _weighing(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[str]]:
    """How many times every document is weighed from here on, and the keys of the documents
    whose kept words are found again."""
    full: list[int] = []
    kept: list[str] = []
    weighed, kept_of = relatedness._weighed, relatedness._kept

    def counting_full(documents: list[Document], issues: object) -> object:
        full.append(len(documents))
        return weighed(documents, issues)  # type: ignore[arg-type]

    def counting_kept(found: object, rarity: dict[str, float]) -> list[tuple[str, float]]:
        kept.append(",".join(found.words[:3]))  # type: ignore[attr-defined]
        return kept_of(found, rarity)  # type: ignore[arg-type]

    monkeypatch.setattr(relatedness, "_weighed", counting_full)
    monkeypatch.setattr(relatedness, "_kept", counting_kept)
    return full, kept


@pytest.mark.parametrize(
    "edit",
    [
        lambda d, other: dataclasses.replace(d, title=d.title + "量子芯片"),
        lambda d, other: dataclasses.replace(d, body=d.body + "\n\n" + other.body[:300]),
        lambda d, other: dataclasses.replace(d, labels=(*d.labels, "新标签")),
        lambda d, other: dataclasses.replace(d, title=other.title),
    ],
    ids=["words added to a title", "a paragraph of another", "a new tag", "another's title"],
)
def test_an_edit_weighs_again_only_the_articles_whose_words_it_reaches(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: object
) -> None:
    cache = Cache(tmp_path / "cache")
    _, last = related_again(documents, None, cache=cache)
    edited = list(documents)
    edited[30] = edit(documents[30], documents[70])  # type: ignore[operator]
    clean = related(edited)
    full, kept = _weighing(monkeypatch)
    found, this = related_again(edited, last, cache=cache)
    assert found == clean
    # No document is weighed from scratch: only the edited one and those sharing a word
    # whose rarity the edit changed.
    assert full == [] and 0 < len(kept) < len(documents)
    # What the next run starts from equals what a clean run leaves.
    _, fresh = related_again(edited, None, cache=cache)
    assert this.kept == fresh.kept and this.containing == fresh.containing
    assert this.frequency == fresh.frequency and this.postings == fresh.postings


def test_an_added_article_weighs_every_article_again(
    documents: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path / "cache")
    _, last = related_again(documents[1:], None, cache=cache)
    full, _ = _weighing(monkeypatch)
    found, _ = related_again(documents, last, cache=cache)
    assert full == [len(documents)]
    assert found == related(documents)
