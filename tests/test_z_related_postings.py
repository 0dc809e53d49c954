"""After an edit in place (a title fixed by hand), related articles update the last run's
postings instead of making every word's posting again, and work out again only the lists an
edit can change; the lists and what the next run starts from equal a clean run's."""

from __future__ import annotations

import dataclasses

import pytest

from briefgen import related as relatedness
from briefgen.cache import Cache
from briefgen.related import Document, LastRun, related, related_again
from conftest import related_documents

#: Each test finds related articles over the whole seed archive, three times.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return related_documents()


def _edited(documents: list[Document], k: int, title: str) -> list[Document]:
    edited = list(documents)
    edited[k] = dataclasses.replace(documents[k], title=title)
    return edited


def _scored_and_made(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """The keys whose lists are worked out from here on, and how many articles' kept words
    every posting is made whole from."""
    scored: list[str] = []
    made: list[int] = []
    best, postings_of = relatedness._best, relatedness.postings_of

    def counting_best(k: int, nearest: object, docs: list, count: int) -> list:
        scored.append(docs[k].key)
        return best(k, nearest, docs, count)  # type: ignore[arg-type]

    def counting_postings(kept: list) -> object:
        made.append(len(kept))
        return postings_of(kept)

    monkeypatch.setattr(relatedness, "_best", counting_best)
    monkeypatch.setattr(relatedness, "postings_of", counting_postings)
    return scored, made


@pytest.mark.parametrize(
    ("k", "title"),
    [
        (20, "量子芯片{}"),  # new words in front: the article's own kept words change
        (35, "{}量子芯片光刻机"),  # words that other articles keep: their rarity changes
        (50, "{}"),  # the same title: nothing changes but the words are read again
    ],
    ids=["words in front", "words others keep", "the same title"],
)
def test_a_title_fixed_in_place_updates_the_postings_and_equals_a_clean_run(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch, tmp_path: object, k: int, title: str
) -> None:
    cache = Cache(tmp_path)  # type: ignore[arg-type]
    _, last = related_again(documents, None, cache=cache)
    edited = _edited(documents, k, title.format(documents[k].title))
    clean, fresh = related_again(edited, None)
    assert clean == related(edited)
    scored, made = _scored_and_made(monkeypatch)
    found, this = related_again(edited, last, cache=cache)
    assert found == clean
    # No posting is made from every article's kept words: the last run's are updated.
    assert made == []
    assert this.postings == fresh.postings and this.kept == fresh.kept
    # Every list that differs from the last run's was worked out again...
    differs = {key for key, paths in clean.items() if last.results[key] != paths}
    assert differs <= set(scored)
    # ...and no list but those of the articles whose kept words changed, or that keep a word
    # whose posting (who keeps it, with what weight) changed: both read off the two clean runs.
    assert set(scored) == _reached(last, fresh, documents)
    assert len(scored) < len(documents)


def _reached(before: LastRun, after: LastRun, documents: list[Document]) -> set[str]:
    changed = {k for k, (a, b) in enumerate(zip(before.kept, after.kept, strict=True)) if a != b}
    words = {w for w in before.postings.keys() | after.postings.keys()}
    moved = {w for w in words if before.postings.get(w) != after.postings.get(w)}
    keeping = {k for w in moved if w in after.postings for k in after.postings[w][0]}
    return {documents[k].key for k in changed | keeping}


def test_an_added_article_makes_the_postings_whole_and_finds_every_list(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, last = related_again(documents[1:], None)
    assert related(documents) != related(documents[1:])
    scored, made = _scored_and_made(monkeypatch)
    found, this = related_again(documents, last)
    assert made == [len(documents)] and len(scored) == len(documents)
    clean, fresh = related_again(documents, None)
    assert found == clean and this.postings == fresh.postings


def test_an_edit_weighed_whole_takes_the_lists_its_postings_leave_as_they_were(
    documents: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    # When an edit cannot be weighed in place (a word newly under the common bound, an issue's
    # last words gone from the cache), every article is weighed again; with the same articles
    # in the same order, the lists whose kept words and postings are unchanged are still taken.
    _, last = related_again(documents, None)
    edited = _edited(documents, 35, documents[35].title + "量子芯片光刻机")
    clean, fresh = related_again(edited, None)
    monkeypatch.setattr(relatedness, "_weighed_again", lambda *args: None)
    scored, made = _scored_and_made(monkeypatch)
    found, this = related_again(edited, last)
    assert found == clean and this.postings == fresh.postings
    assert made == [len(documents)]
    assert set(scored) == _reached(last, fresh, edited)
    assert 0 < len(scored) < len(documents)
