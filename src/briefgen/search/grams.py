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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GramCounts:
    #: Character → [ref delta, count, …] over the articles that hold it (spacing left out).
    characters: dict[str, array]
    #: Two-character gram → [ref delta, n, first position, n - 1 position deltas, …].
    positions: dict[str, array]


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
        for gram, starts in _starts(text).items():
            row = positions.get(gram)
            if row is None:
                row = positions[gram] = array("i")
            row.extend((ref - placed.get(gram, 0), len(starts), starts[0]))
            row.extend(map(operator.sub, starts[1:], starts))
            placed[gram] = ref
    return GramCounts(characters, positions)


def _starts(text: str) -> dict[str, list[int]]:
    """Each two-character gram of ``text`` and where it starts, in text order."""
    found: dict[str, list[int]] = defaultdict(list)
    for at, gram in enumerate(map(operator.add, text, text[1:])):
        found[gram].append(at)
    return found
