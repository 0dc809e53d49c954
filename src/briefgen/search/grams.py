"""Character n-grams of every article: what exact-phrase recall is proved from.

Word segmentation alone cannot promise that a phrase stands in an article, so the index also
holds each character with its count per article, and each two-character gram with its
positions, which prove that a longer phrase stands there (``shards`` writes them as ``g/`` and
``p/`` files). This is the hot loop of a build at scale (every character of the archive), so
the postings are flat integer arrays, four bytes a number, not lists of Python ints.
"""

from __future__ import annotations

import operator
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.search.counts import append_postings


@dataclass(frozen=True, slots=True)
class GramCounts:
    #: Character → [ref delta, count, …] over the articles that hold it (spacing left out).
    characters: dict[str, array]
    #: Two-character gram → [ref delta, n, first position, n - 1 position deltas, …].
    positions: dict[str, array]
    #: Character → the ref of the last article that holds it; the same for grams.
    last_character: dict[str, int]
    last_position: dict[str, int]


def count_grams(texts: Iterable[str]) -> GramCounts:
    """The grams of ``texts`` (each article's ``exact_text``), refs 0, 1, 2 … in order."""
    characters: dict[str, array] = {}
    positions: dict[str, array] = {}
    counted: dict[str, int] = {}
    placed: dict[str, int] = {}
    for ref, text in enumerate(texts):
        for ch, number in Counter(text).items():
            if not ch.isspace():
                row = characters.get(ch)
                if row is None:
                    row = characters[ch] = array("i")
                row.extend((ref - counted.get(ch, 0), number))
                counted[ch] = ref
        grams = list(map(operator.add, text, text[1:]))
        # Where each gram first stands (the last write of a reversed walk is the first).
        first = dict(zip(reversed(grams), range(len(grams) - 1, -1, -1), strict=True))
        for gram, number in Counter(grams).items():
            row = positions.get(gram)
            if row is None:
                row = positions[gram] = array("i")
            row.extend((ref - placed.get(gram, 0), number, first[gram]))
            if number > 1:
                row.extend(_deltas(text, gram, first[gram], number))
            placed[gram] = ref
    return GramCounts(characters, positions, counted, placed)


def merge_grams(runs: Iterable[tuple[int, GramCounts]]) -> GramCounts:
    """The grams of consecutive runs of articles as ``count_grams`` counts them all at once;
    each run is (ref of its first article, its own counts, refs from 0)."""
    merged = GramCounts({}, {}, {}, {})
    for start, run in runs:
        append_postings(merged.characters, merged.last_character, run.characters, start)
        append_postings(merged.positions, merged.last_position, run.positions, start)
        merged.last_character.update({c: start + ref for c, ref in run.last_character.items()})
        merged.last_position.update({g: start + ref for g, ref in run.last_position.items()})
    return merged


def _deltas(text: str, gram: str, at: int, number: int) -> list[int]:
    """How far each of the ``number - 1`` later places of ``gram`` in ``text`` stands from the
    one before (``at`` is the first); overlapping places count (the "aa"s of "aaa")."""
    deltas = []
    for _ in range(number - 1):
        after = text.find(gram, at + 1)
        deltas.append(after - at)
        at = after
    return deltas
