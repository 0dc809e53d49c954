"""Related articles weighed and scored as arrays (``related.weights``, ``related.nearest``)
give exactly what the loop over each article's words gives: the same kept words and weights
to the last bit, the same word uses, the same nearest articles."""

from __future__ import annotations

import dataclasses
import importlib
import random
from array import array

import numpy as np
import pytest

from briefgen import related as relatedness
from briefgen.related import Document, nearest, related_again
from briefgen.related.last_run import IssueDocuments
from briefgen.related.nearest import Nearest, _nearest_by_loop, key_rank
from briefgen.related.postings import Kept, by_number, postings_of
from briefgen.related_words import by_issue, documents_digest
from conftest import related_documents

#: Each test weighs the whole seed archive (as test_related_cache).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    # Ties made on purpose: two Latin words and two labels each used alike, by the same
    # articles, so they weigh the same and are taken by word.
    found = related_documents()
    return [
        dataclasses.replace(d, title=d.title + " zeta alpha", labels=(*d.labels, "乙", "甲"))
        if k % 20 == 0
        else d
        for k, d in enumerate(found)
    ]


def _issues(documents: list[Document]) -> IssueDocuments:
    grouped = by_issue(documents)
    return IssueDocuments(grouped, [documents_digest(g) for g in grouped], [], {}, None)


@pytest.mark.parametrize("share", [0.0, float("inf")], ids=["table", "sorted"])
def test_the_arrays_weigh_every_article_as_the_loop_does(
    documents: list[Document], share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways words are numbered (``weights._numbered``): by a table of every pair of the
    characters used, and by sorting the words used (``_DENSE_SHARE``: the least share of
    the table the words used must fill to be numbered by it)."""
    # The module, which the package's function of its name hides.
    weighing = importlib.import_module("briefgen.related.weights")
    monkeypatch.setattr(weighing, "_DENSE_SHARE", share)
    issues = _issues(documents)
    arrays = relatedness._weighed(documents, issues)
    found = [f for k in range(len(issues.documents)) for f in issues.found(k)]
    loop = relatedness._weighed_by_words(found, len(documents))
    assert arrays.kept == loop.kept
    assert arrays.frequency == loop.frequency
    assert arrays.containing == loop.containing
    # The ties above are among the kept words of the articles given them, in word order.
    words = arrays.kept[0][0]
    assert {"#甲", "#乙", "zeta", "alpha"} <= set(words)
    assert words.index("#乙") < words.index("#甲") and words.index("alpha") < words.index("zeta")


def test_a_label_holding_a_nul_is_weighed_word_by_word(documents: list[Document]) -> None:
    nul = [dataclasses.replace(documents[0], labels=("a\0b",)), *documents[1:]]
    issues = _issues(nul)
    assert issues.packed(0) is None
    weighed = relatedness._weighed(nul, issues)
    assert "#a\0b" in weighed.frequency
    assert related_again(nul, None)[0] == relatedness.related(nul)


def test_the_arrays_find_the_nearest_articles_the_loop_finds(documents: list[Document]) -> None:
    kept = relatedness._weighed(documents, _issues(documents)).kept
    postings = postings_of(kept)
    rank = key_rank([d.key for d in documents])
    everyone = list(range(len(documents)))
    table = Nearest(kept, postings, everyone, rank, 5)
    by_arrays = [table.of(k) for k in everyone]
    by_loop = [_nearest_by_loop(k, kept[k], postings, rank, 5) for k in everyone]
    assert by_arrays == by_loop
    assert sum(1 for found in by_arrays if found) > 60


def test_long_postings_and_many_chunks_score_as_the_loop_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 300 articles keeping words used by up to all of them: postings far longer than the
    # reach, so each article is compared with a window of its neighbours; scored seven
    # articles at a time, in an order that is not the archive's.
    rng = random.Random(15)
    kept: list[Kept] = []
    for k in range(300):
        words = ("all", f"third{k % 3}", f"tenth{k % 10}", *rng.sample(_RARE, 5))
        weights = [rng.choice([0.1, 0.2, 0.3]) for _ in words]
        kept.append((words, array("d", weights)))
    postings = postings_of(kept)
    assert len(postings["all"][0]) > 2 * nearest.REACH + 1
    rank = key_rank([f"k{rng.random()}" for _ in kept])
    todo = rng.sample(range(300), 300)
    monkeypatch.setattr(nearest, "_CHUNK_CELLS", 7 * 300)
    found = Nearest(kept, postings, todo, rank, 5)
    by_arrays = {k: found.of(k) for k in todo}
    assert by_arrays == {k: _nearest_by_loop(k, kept[k], postings, rank, 5) for k in todo}
    assert all(len(others) == 5 for others in by_arrays.values())


_RARE = [f"rare{n}" for n in range(40)]


@pytest.mark.parametrize("below", [300, 1 << 16, 1 << 20, 1 << 40])
def test_numbers_are_put_in_stable_order_by_16_bit_radix_sorts(below: int) -> None:
    rng = np.random.default_rng(below)
    numbers = rng.integers(0, min(below, 5000) if below < 1 << 20 else below, 10_000)
    numbers[::3] = numbers[0]  # many equal: their order must be kept
    assert by_number(numbers, below).tolist() == np.argsort(numbers, kind="stable").tolist()
