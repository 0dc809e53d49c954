"""Every article's nearest articles, scored as arrays: each article is compared, through each
word it keeps, with the articles within ``REACH`` of it in that word's posting (those nearest
it in the archive's order), and scored by the sum over shared words of the two weights'
product.

The sums are made in the order a plain loop over the article's kept words makes them (its
heaviest word first), so every score is the same double the loop finds, whatever the chunk.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module
from briefgen.related.postings import Kept, Postings, by_number, numbered_words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    # Loaded when related articles are first weighed: a build with nothing to do never is.
    np = lazy_module("numpy")

#: Through one word, an article is compared with at most ``2 × REACH + 1`` articles using it:
#: those nearest it in the archive's order (newest first). Every word of a 2,000-article archive
#: is used by fewer, so all are compared; above that the work stays linear in the archive
#: instead of growing with the square of a word's use.
REACH = 25
#: Below this score two articles share too little to be called related.
MIN_SCORE = 0.08
#: The scores of one chunk of articles are summed in a dense table of this many cells (at
#: most): 32 MB of doubles, whatever the archive.
_CHUNK_CELLS = 4_000_000

#: Below one article in this many to find again (a title fixed by hand), each is scored by a
#: loop over its words: laying every article's words out as arrays would cost more.
_BY_LOOP = 20

_WINDOW = 2 * REACH + 1


@dataclass(frozen=True, slots=True)
class _Entries:
    """Every article's kept words as one row each, article by article in the archive's order
    and each article's in its own order (heaviest first); and where, in the words' postings
    laid end to end, each entry's window of articles compared starts and how long it is."""

    article: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    #: Where each article's entries start (``len(kept) + 1`` values).
    starts: npt.NDArray[np.int64]
    window_start: npt.NDArray[np.int64]
    window_length: npt.NDArray[np.int64]
    #: The postings end to end: the articles keeping each word, ascending, and their weights.
    posted: npt.NDArray[np.int64]
    posted_weight: npt.NDArray[np.float64]


def _entries(kept: Sequence[Kept]) -> _Entries:
    ids, word = numbered_words(list(kept))
    sizes = np.fromiter((len(words) for words, _ in kept), dtype=np.int64, count=len(kept))
    starts = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum(sizes, out=starts[1:])
    article = np.repeat(np.arange(len(kept), dtype=np.int64), sizes)
    weight = np.concatenate([np.empty(0), *(np.frombuffer(w, dtype=np.float64) for _, w in kept)])
    # Each word's posting: its entries by article (a stable sort keeps the articles' order).
    order = by_number(word, len(ids))
    uses = np.bincount(word, minlength=len(ids))
    first = np.zeros(len(ids), dtype=np.int64)
    np.cumsum(uses[:-1], out=first[1:])
    place = np.empty(len(word), dtype=np.int64)
    place[order] = np.arange(len(word), dtype=np.int64) - first[word[order]]
    length = uses[word]
    start = np.minimum(np.maximum(0, place - REACH), np.maximum(0, length - _WINDOW))
    return _Entries(
        article,
        weight,
        starts,
        first[word] + start,
        np.minimum(length, _WINDOW),
        article[order],
        weight[order],
    )


@dataclass(slots=True)
class Nearest:
    """The nearest articles of the articles ``todo``, worked out a chunk of them at a time
    when the first of the chunk is asked for (``of``)."""

    kept: Sequence[Kept]
    postings: Postings
    todo: list[int]
    #: Each article's place in the order of the articles' keys (equal scores go by key).
    rank: npt.NDArray[np.int64]
    count: int
    _entries: _Entries | None = None
    _found: dict[int, list[int]] = field(default_factory=dict)
    _next: int = 0

    def of(self, k: int) -> list[int]:
        """The articles nearest article ``k`` (one of ``todo``), best first."""
        if len(self.todo) * _BY_LOOP < len(self.kept):
            return _nearest_by_loop(k, self.kept[k], self.postings, self.rank, self.count)
        while k not in self._found:
            self._chunk()
        return self._found.pop(k)

    def _chunk(self) -> None:
        if self._entries is None:
            self._entries = _entries(self.kept)
        total = len(self.kept)
        rows = self.todo[self._next : self._next + max(1, _CHUNK_CELLS // max(total, 1))]
        self._next += len(rows)
        found = _nearest(self._entries, rows, self.rank, self.count)
        self._found.update(zip(rows, found, strict=True))


def _nearest(
    entries: _Entries, rows: list[int], rank: npt.NDArray[np.int64], count: int
) -> list[list[int]]:
    """For each of the articles ``rows``, the ``count`` best scored at least ``MIN_SCORE``,
    best first, equal scores by rank."""
    total = len(rank)
    chosen = np.array(rows, dtype=np.int64)
    sizes = entries.starts[chosen + 1] - entries.starts[chosen]
    # The rows' entries, row by row, each row's in its order.
    at = np.repeat(entries.starts[chosen] - np.cumsum(sizes) + sizes, sizes)
    at += np.arange(len(at), dtype=np.int64)
    row = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
    # Each entry's window, offset by offset within the entry: the sums go word by word.
    offsets = np.arange(_WINDOW, dtype=np.int64)
    window = entries.window_start[at, None] + offsets
    inside = offsets < entries.window_length[at, None]
    posted = window[inside]
    other = entries.posted[posted]
    cell = (np.broadcast_to(row[:, None], window.shape)[inside]) * total + other
    every = np.arange(len(cell), dtype=np.int32)
    value = np.broadcast_to(entries.weight[at, None], window.shape)[inside]
    value = value * entries.posted_weight[posted]
    scores = np.bincount(cell, weights=value, minlength=len(rows) * total)
    scores[np.arange(len(rows), dtype=np.int64) * total + chosen] = 0.0
    # One entry per cell scored (which of its entries does not matter: they name the same).
    owner = np.empty(len(scores), dtype=np.int32)
    owner[cell] = every
    single = cell[owner[cell] == every]
    kept = single[scores[single] >= MIN_SCORE]
    score = scores[kept]
    best_row, best_other = np.divmod(kept, total)
    order = np.lexsort((rank[best_other], -score, best_row))
    best_row, best_other = best_row[order], best_other[order]
    begins = np.searchsorted(best_row, np.arange(len(rows) + 1)).tolist()
    return [best_other[begin : min(end, begin + count)].tolist() for begin, end in pairwise(begins)]


def _nearest_by_loop(
    k: int, kept: Kept, postings: Postings, rank: npt.NDArray[np.int64], count: int
) -> list[int]:
    """``_nearest`` for the one article ``k``, word by word: the same sums, in the same order."""
    scores: dict[int, float] = {}
    for word, weight in zip(*kept, strict=True):
        docs, weights = postings[word]
        place = bisect_left(docs, k)
        start = min(max(0, place - REACH), max(0, len(docs) - _WINDOW))
        stop = start + _WINDOW
        for other, other_weight in zip(docs[start:stop], weights[start:stop], strict=True):
            scores[other] = scores.get(other, 0.0) + weight * other_weight
    scores.pop(k, None)
    best = heapq.nsmallest(
        count,
        ((s, int(rank[o]), o) for o, s in scores.items() if s >= MIN_SCORE),
        key=lambda item: (-item[0], item[1]),
    )
    return [other for _, _, other in best]


def key_rank(keys: Sequence[str]) -> npt.NDArray[np.int64]:
    """Each key's place in the keys' order."""
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys), dtype=np.int64)
    return rank
