"""The build's streaming counts agree with lunr.py's Builder, and the gram counts with a plain
reading of the text: the shards are written from them, the browser scores from them."""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import pairwise

import numpy as np
import pytest
from lunr.tokenizer import Tokenizer

from briefgen.search import (
    IndexedArchive,
    TermCounts,
    chinese_frequency,
    count_grams,
    count_terms,
    grams,
    index_archive,
    search_documents,
    term_counts,
)
from briefgen.search.counts import FIELDS, lunr_terms
from briefgen.search.grams import _stable_order
from conftest import seed_archive


@pytest.fixture(scope="module")
def both() -> tuple[TermCounts, IndexedArchive]:
    archive = seed_archive()
    return term_counts(archive), index_archive(archive)


def test_every_term_has_lunrs_term_index(both: tuple[TermCounts, IndexedArchive]) -> None:
    counts, lunr = both
    lunr_order = {term: posting["_index"] for term, posting in lunr.index.inverted_index.items()}
    assert len(counts.order) == len(lunr_order) > 5000
    assert counts.order == lunr_order


def test_postings_hold_lunrs_refs_frequencies_and_lengths(
    both: tuple[TermCounts, IndexedArchive],
) -> None:
    counts, lunr = both
    for term, posting in lunr.index.inverted_index.items():
        for number, (name, _boost) in enumerate(FIELDS):
            expected: list[int] = []
            last = 0
            for ref in sorted(int(ref) for ref in posting[name]):
                field_ref = f"{name}/{ref}"
                frequency = lunr.frequencies[field_ref][term]
                expected += [ref - last, frequency, lunr.lengths[field_ref]]
                last = ref
            found = counts.postings[number].get(term)
            assert (found.tolist() if found is not None else []) == expected, (term, name)


def test_field_lengths_and_their_sums_are_lunrs(both: tuple[TermCounts, IndexedArchive]) -> None:
    counts, lunr = both
    articles = len(lunr.index.field_vectors) // len(FIELDS)
    assert articles == 86
    for number, (name, _boost) in enumerate(FIELDS):
        assert counts.lengths[number].tolist() == [
            lunr.lengths[f"{name}/{ref}"] for ref in range(articles)
        ]
    sums = dict.fromkeys((name for name, _boost in FIELDS), 0)
    for field_ref, length in lunr.lengths.items():
        sums[field_ref.split("/", 1)[0]] += length
    assert counts.length_sums() == list(sums.values())


def test_article_counts_of_chinese_terms_are_the_lunr_indexs(
    both: tuple[TermCounts, IndexedArchive],
) -> None:
    counts, lunr = both
    frequency = counts.chinese_frequency()
    assert frequency == chinese_frequency(lunr.index)
    assert frequency["量子"] >= 2


def test_terms_are_split_and_numbered_as_lunr_does_by_hand() -> None:
    documents = [
        {"id": "0", "title": "芯片 法案", "meta": "", "body": "芯片 HBM-3 芯片"},
        {"id": "1", "title": "量子 芯片", "meta": "美国", "body": ""},
    ]
    counts = count_terms(documents)
    # Met in this order: title of 0, body of 0 (the hyphen splits, upper case folds), then 1.
    assert counts.order == {"芯片": 0, "法案": 1, "hbm": 2, "3": 3, "量子": 4, "美国": 5}
    title, meta, body = counts.postings
    assert title["芯片"].tolist() == [0, 1, 2, 1, 1, 2]  # ref 0: once in 2 terms; ref 1 (+1)
    assert body["芯片"].tolist() == [0, 2, 4]
    assert meta["美国"].tolist() == [1, 1, 1]
    assert "芯片" not in meta
    assert [lengths.tolist() for lengths in counts.lengths] == [[2, 2], [0, 1], [4, 0]]
    assert counts.documents == {"芯片": 2, "法案": 1, "hbm": 1, "3": 1, "量子": 1, "美国": 1}
    term, (index, *fields) = next(counts.entries())
    assert (term, index, [f.tolist() for f in fields]) == (
        "芯片",
        0,
        [[0, 1, 2, 1, 1, 2], [], [0, 2, 4]],
    )


def test_gram_counts_by_hand() -> None:
    grams = count_grams(["abab", "ba b"])
    assert {ch: row.tolist() for ch, row in grams.characters.items()} == {
        "a": [0, 2, 1, 1],
        "b": [0, 2, 1, 2],
    }
    assert {gram: row.tolist() for gram, row in grams.positions.items()} == {
        "ab": [0, 2, 0, 2],  # ref 0, twice, at 0 then 2 further on
        "ba": [0, 1, 1, 1, 1, 0],
        "a ": [1, 1, 1],
        " b": [1, 1, 2],
    }


@pytest.mark.slow  # counts the seed archive's terms and grams whole
def test_gram_counts_of_the_seed_archive_read_plainly() -> None:
    texts = [doc.exact_text() for doc in search_documents(seed_archive())]
    starts: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for ref, text in enumerate(texts):
        for at in range(len(text) - 1):
            starts[text[at : at + 2]].setdefault(ref, []).append(at)
    expected: dict[str, list[int]] = {}
    for gram, by_ref in starts.items():
        row, last = [], 0
        for ref, places in sorted(by_ref.items()):
            row += [ref - last, len(places), places[0]]
            row += [b - a for a, b in pairwise(places)]
            last = ref
        expected[gram] = row
    grams = count_grams(texts)
    assert {gram: row.tolist() for gram, row in grams.positions.items()} == expected
    quantum = grams.characters["量"].tolist()
    assert sum(quantum[1::2]) == sum(text.count("量") for text in texts)


@pytest.mark.parametrize(
    "field",
    ["芯片 法案", "  芯片  HBM ", "hbm-3\t芯片\n美国\xa0c++", "NXT:2050i -- 量子", "", "-"],
)
def test_fields_are_cut_as_lunrs_tokenizer_cuts_them(field: str) -> None:
    assert lunr_terms(field) == [str(token) for token in Tokenizer(field)]


def _grams_read_plainly(texts: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Characters and grams as a loop over the texts meets them (the keys in that order)."""
    characters: dict[str, list[int]] = {}
    positions: dict[str, list[int]] = {}
    last_character: dict[str, int] = {}
    last_position: dict[str, int] = {}
    for ref, text in enumerate(texts):
        for ch in dict.fromkeys(text):
            if not ch.isspace():
                row = characters.setdefault(ch, [])
                row += [ref - last_character.get(ch, 0), text.count(ch)]
                last_character[ch] = ref
        places: dict[str, list[int]] = {}
        for at in range(len(text) - 1):
            places.setdefault(text[at : at + 2], []).append(at)
        for gram, at in places.items():
            row = positions.setdefault(gram, [])
            row += [ref - last_position.get(gram, 0), len(at), at[0]]
            row += [b - a for a, b in pairwise(at)]
            last_position[gram] = ref
    return characters, positions


@pytest.mark.slow  # random texts counted by numpy and by a plain loop, six times
@pytest.mark.parametrize("run_characters", [grams.RUN_CHARACTERS, 25])
@pytest.mark.parametrize("seed", range(3))
def test_gram_counts_of_random_texts_read_plainly_keys_in_order(
    seed: int, run_characters: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spacing of every kind, astral and NUL characters, empty and one-character texts;
    counted in one run, and in runs of a few texts merged."""
    monkeypatch.setattr(grams, "RUN_CHARACTERS", run_characters)
    rng = random.Random(seed)
    alphabet = "ab 中文\n\t\u3000\xa0😀\x00\U0010ffff"
    for _ in range(300):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(rng.randint(0, 6))
        ]
        counted = count_grams(texts)
        characters, positions = _grams_read_plainly(texts)
        assert [(c, r.tolist()) for c, r in counted.characters.items()] == list(characters.items())
        assert [(g, r.tolist()) for g, r in counted.positions.items()] == list(positions.items())


@pytest.mark.parametrize(
    "keys",
    [[5, 3, 5, 3, 1, 5], [2**40 + 1, 7, 2**40 + 1, 7], [2**62, 5, 2**62, 5, 0]],
    ids=["small", "pairs", "too wide to pack with their index"],
)
def test_the_fast_stable_order_is_argsorts(keys: list[int]) -> None:
    array = np.array(keys, dtype=np.int64)
    assert _stable_order(array).tolist() == np.argsort(array, kind="stable").tolist()


def test_no_spacing_stands_past_the_table_of_spacing() -> None:
    """``grams`` looks spacing up in a table that ends at U+3000."""
    assert max(code for code in range(0x110000) if chr(code).isspace()) == grams._LAST_SPACE
