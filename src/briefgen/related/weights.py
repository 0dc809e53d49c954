"""Every article weighed from its words as arrays: how many articles use each word, each
word's rarity, and each article's ``KEPT_WORDS`` heaviest words with unit-length weights.

Words are numbered in their order as strings (a Chinese character pair by its two code
points; the few other words, Latin words and labels, which all sort before the pairs, by
their place among themselves), so equal weights go by word as the loop over strings takes
them; and every weight is worked out with the same double operations, in the same order, as
``related._kept``, so the two give the same kept words and weights to the last bit.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module
from briefgen.related.postings import Kept, by_number

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    # Loaded when related articles are first weighed: a build with nothing to do never is.
    np = lazy_module("numpy")

#: One article's words, NUL-separated, and their counts (``array("i")`` bytes): as
#: ``related_words`` keeps them.
Packed = tuple[bytes, bytes]

_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
_HAN_END = 0xA000
#: Words are numbered by a table of every possible one (all pairs of the characters used) up
#: to this many (some 4,000 characters: 64 MB at most), else by sorting them.
_DENSE_PLACES = 1 << 24
#: And only when the words used are at least this share of the table's places: a table of
#: 4 million places took 39 ms for the 30,000 words of two issues, sorting them 0.6 ms
#: (the two take alike at a million words in four million places).
_DENSE_SHARE = 1 / 4
#: Articles whose words are read at once.
_BATCH = 1000
#: Articles weighed at once are laid in a table of at most this many words.
_CHUNK_CELLS = 2_000_000


def _is_han(chars: npt.NDArray[np.integer]) -> npt.NDArray[np.bool_]:
    return ((chars >= _HAN[0][0]) & (chars <= _HAN[0][1])) | (
        (chars >= _HAN[1][0]) & (chars <= _HAN[1][1])
    )


@dataclass(frozen=True, slots=True)
class _Words:
    """One issue's words, article by article: for each a Chinese pair's two code points (0
    for another word), or the other word itself (by its place); and each word's count."""

    first: npt.NDArray[np.uint16]
    second: npt.NDArray[np.uint16]
    others: dict[int, str]
    counts: npt.NDArray[np.int32]
    sizes: npt.NDArray[np.int64]


def _issue_words(packed: Sequence[Packed]) -> _Words:
    counts = np.frombuffer(b"".join(c for _, c in packed), dtype=np.int32)
    sizes = np.fromiter((len(c) // 4 for _, c in packed), dtype=np.int64, count=len(packed))
    if not len(counts):
        none = np.zeros(0, dtype=np.uint16)
        return _Words(none, none, {}, counts, sizes)
    text = "\0".join(w.decode() for w, c in packed if c)
    chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ends = np.flatnonzero(chars == 0)
    starts = np.concatenate([[0], ends + 1])
    ends = np.concatenate([ends, [len(chars)]])
    pair = ends - starts == 2
    first = np.where(pair, chars[starts], 0)
    second = np.where(pair, chars[np.minimum(starts + 1, len(chars) - 1)], 0)
    han = pair & _is_han(first) & _is_han(second)
    others = {int(k): text[starts[k] : ends[k]] for k in np.flatnonzero(~han)}
    return _Words(
        np.where(han, first, 0).astype(np.uint16),
        np.where(han, second, 0).astype(np.uint16),
        others,
        counts,
        sizes,
    )


def _numbered(
    place: npt.NDArray[np.int64], places: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """The places used, ascending, and each use's number among them: by a table of every
    place when it is small enough and the uses fill enough of it, else by sorting."""
    if places > _DENSE_PLACES or len(place) < _DENSE_SHARE * places:
        number, inverse = np.unique(place, return_inverse=True)
        return number.astype(np.int64), inverse.astype(np.int32)
    seen = np.zeros(places, dtype=np.bool_)
    seen[place] = True
    numbered = np.cumsum(seen, dtype=np.int32) - 1
    return np.flatnonzero(seen), numbered[place]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every word used, in order as strings, and each use's word (its place in ``words``),
    article by article."""

    words: list[str]
    used: npt.NDArray[np.int32]


def _vocabulary(issues: Sequence[_Words]) -> Vocabulary:
    other_words = sorted(set().union(*(words.others.values() for words in issues)))
    other_place = {w: k for k, w in enumerate(other_words)}
    present = np.zeros(_HAN_END, dtype=np.bool_)
    for words in issues:
        present[words.first] = True
        present[words.second] = True
    present[0] = False
    char_place = np.cumsum(present, dtype=np.int64) - 1
    width = int(present.sum())
    # Other words first, then the pairs by their first and second character.
    places = len(other_words) + width * width
    dtype = np.int32 if places < 2**31 else np.int64
    parts = []
    for words in issues:
        place = len(other_words) + char_place[words.first] * width + char_place[words.second]
        if words.others:
            at = np.fromiter(words.others, dtype=np.int64, count=len(words.others))
            place[at] = [other_place[w] for w in words.others.values()]
        parts.append(place.astype(dtype))
    number, used = _numbered(np.concatenate([np.empty(0, dtype), *parts]), places)
    del parts
    chars = np.flatnonzero(present)
    pairs = number[len(other_words) :] - len(other_words)
    firsts, seconds = chars[pairs // max(width, 1)], chars[pairs % max(width, 1)]
    pair_text = np.stack([firsts, seconds], axis=1).astype(np.uint32).tobytes().decode("utf-32-le")
    pair_words = [pair_text[k : k + 2] for k in range(0, len(pair_text), 2)]
    every = [sys.intern(w) for w in (*other_words, *pair_words)]
    return Vocabulary(every, used)


@dataclass(frozen=True, slots=True)
class Weights:
    """How many articles use each word, and each article's kept words and weights."""

    vocabulary: Vocabulary
    frequency: npt.NDArray[np.int64]
    kept: list[Kept]
    #: Where each article's words start in ``Vocabulary.used`` (and the last one's end).
    starts: npt.NDArray[np.int64]


def weights(
    packed: Sequence[Sequence[Packed]], total: int, kept_words: int, common: int
) -> Weights:
    """Every article of ``packed`` (issue by issue) weighed: a word used by ``f`` of ``total``
    articles has the rarity ``log(total / f)`` when ``1 < f < total`` and ``f <= common``, an
    article's word used ``n`` times the weight ``(1 + log(n)) × rarity``; each article keeps its
    ``kept_words`` heaviest (equal weights by word), scaled to unit length."""
    # Issues laid end to end in batches of some thousand articles: fewer, longer array steps.
    batches: list[list[Packed]] = [[]]
    for issue in packed:
        if len(batches[-1]) >= _BATCH:
            batches.append([])
        batches[-1] += issue
    issues = [_issue_words(batch) for batch in batches]
    vocabulary = _vocabulary(issues)
    counts = np.concatenate([np.empty(0, np.int32), *(words.counts for words in issues)])
    sizes = np.concatenate([np.empty(0, np.int64), *(words.sizes for words in issues)])
    del issues
    frequency = np.bincount(vocabulary.used, minlength=len(vocabulary.words))
    # A word's rarity by how many articles use it (-1: none), capped at ``common + 1``.
    rarity_of = np.array(
        [math.log(total / f) if 1 < f < total and f <= common else -1.0 for f in range(common + 2)]
    )
    rarity = rarity_of[np.minimum(frequency, common + 1)]
    most = int(counts.max(initial=1))
    growth = np.array([0.0] + [1 + math.log(n) for n in range(1, most + 1)])
    starts = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    kept: list[Kept] = [((), array("d"))] * len(sizes)
    for rows in _chunks(sizes):
        row_sizes = sizes[rows]
        at = np.repeat(starts[rows] - np.cumsum(row_sizes) + row_sizes, row_sizes)
        at += np.arange(len(at))
        used = vocabulary.used[at]
        word_rarity = rarity[used]
        weight = np.where(word_rarity >= 0, growth[counts[at]] * word_rarity, -np.inf)
        bounds = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(row_sizes, out=bounds[1:])
        found = _kept_rows(weight, used, vocabulary.words, bounds, kept_words)
        for k, words in zip(rows.tolist(), found, strict=True):
            kept[k] = words
    return Weights(vocabulary, frequency, kept, starts)


def _chunks(sizes: npt.NDArray[np.int64]) -> list[npt.NDArray[np.int64]]:
    """The articles in chunks of like size (laid in a table as wide as the longest), of at
    most ``_CHUNK_CELLS`` words' cells each."""
    order = np.argsort(sizes, kind="stable")
    ordered = sizes[order].tolist()
    chunks = []
    begin = 0
    while begin < len(order):
        end = min(len(order), begin + _CHUNK_CELLS // max(1, ordered[begin]))
        end = min(end, begin + max(1, _CHUNK_CELLS // max(1, ordered[end - 1])))
        chunks.append(order[begin:end])
        begin = end
    return chunks


def _kept_rows(
    weight: npt.NDArray[np.float64],
    used: npt.NDArray[np.int32],
    every: list[str],
    starts: npt.NDArray[np.int64],
    kept_words: int,
) -> list[Kept]:
    """The kept words of the articles whose words (``used``, weighing ``weight``) start at
    ``starts`` (and end at the next)."""
    sizes = np.diff(starts)
    table = np.full((len(sizes), max(1, int(sizes.max(initial=1)))), -np.inf)
    row = np.repeat(np.arange(len(sizes)), sizes)
    column = np.arange(int(starts[-1])) - np.repeat(starts[:-1], sizes)
    table[row, column] = weight
    # The ``kept_words``-th heaviest of each row bounds its kept words (all equal to it are
    # candidates, taken by word).
    if table.shape[1] > kept_words:
        bound = -np.partition(-table, kept_words - 1, axis=1)[:, kept_words - 1]
    else:
        bound = np.full(len(sizes), -np.inf)
    chosen_row, chosen_column = np.nonzero((table >= bound[:, None]) & (table > -np.inf))
    chosen = starts[chosen_row] + chosen_column
    word = used[chosen]
    value = weight[chosen]
    order = np.lexsort((word, -value, chosen_row))
    chosen_row, word, value = chosen_row[order], word[order], value[order]
    begins = np.searchsorted(chosen_row, np.arange(len(sizes) + 1))
    place = np.arange(len(chosen_row)) - begins[chosen_row]
    take = place < kept_words
    values = np.zeros((len(sizes), kept_words))
    values[chosen_row[take], place[take]] = value[take]
    # Summed left to right from the heaviest, as ``sum`` does over the kept weights.
    norms = np.sqrt(np.cumsum(values * values, axis=1)[:, -1])
    norms[norms == 0] = 1.0
    values /= norms[:, None]
    ends = np.minimum(begins[1:], begins[:-1] + kept_words).tolist()
    words = word.tolist()
    return [
        (
            tuple([every[w] for w in words[begin:end]]),
            array("d", values[r, : end - begin].tobytes()),
        )
        for r, (begin, end) in enumerate(zip(begins[:-1].tolist(), ends, strict=True))
    ]


def containing(result: Weights, common: int) -> dict[str, array]:
    """The articles using each word used by at most ``common`` articles, ascending."""
    used = result.vocabulary.used
    sizes = np.diff(result.starts)
    rare = (result.frequency <= common)[used]
    article = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)[rare]
    word = used[rare]
    order = by_number(word, len(result.vocabulary.words))
    word, article = word[order], article[order]
    bounds = np.flatnonzero(np.diff(word)) + 1
    begins = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(word)]
    every = result.vocabulary.words
    data = article.tobytes()
    firsts = word[begins].tolist() if len(word) else []
    return {
        every[w]: array("i", data[4 * begin : 4 * end])
        for begin, end, w in zip(begins, ends, firsts, strict=False)
    }
