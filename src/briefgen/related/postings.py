"""Each kept word's posting: the articles keeping it, in the archive's order, with the weight
each gives it. Made whole for a first run, or updated from the last run's where a few
articles' kept words changed (a title fixed by hand), which also says which postings changed.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    # Loaded when related articles are first weighed: a build with nothing to do never is.
    np = lazy_module("numpy")

#: One article's kept words and their weights, in order (``related._kept``).
Kept = tuple[tuple[str, ...], array]
#: Each kept word → the articles keeping it (ascending, ``array("i")``) and their weights
#: (``array("d")``).
Postings = dict[str, tuple[array, array]]


def numbered_words(kept: list[Kept]) -> tuple[dict[str, int], npt.NDArray[np.int64]]:
    """Each kept word's number (in the order first kept), and every kept word's number,
    article by article."""
    every = [w for words, _ in kept for w in words]
    ids = {w: k for k, w in enumerate(dict.fromkeys(every))}
    return ids, np.fromiter(map(ids.__getitem__, every), dtype=np.int64, count=len(every))


def postings_of(kept: list[Kept]) -> Postings:
    """Every kept word's posting, from every article's kept words."""
    ids, word = numbered_words(kept)
    sizes = np.fromiter((len(words) for words, _ in kept), dtype=np.int64, count=len(kept))
    article = np.repeat(np.arange(len(kept), dtype=np.int32), sizes).tobytes()
    weight = b"".join(weights.tobytes() for _, weights in kept)
    # By word, each word's by article (a stable sort keeps the articles' order).
    order = by_number(word, len(ids))
    article = np.frombuffer(article, dtype=np.int32)[order].tobytes()
    weight = np.frombuffer(weight, dtype=np.float64)[order].tobytes()
    ends = np.cumsum(np.bincount(word, minlength=len(ids))).tolist()
    postings: Postings = {}
    begin = 0
    for w, end in zip(ids, ends, strict=True):
        postings[w] = (
            array("i", article[4 * begin : 4 * end]),
            array("d", weight[8 * begin : 8 * end]),
        )
        begin = end
    return postings


def postings_updated(
    last: Postings, before: list[Kept], now: list[Kept], changed: Iterable[int]
) -> tuple[Postings, set[str]]:
    """``last`` with the articles ``changed`` (whose kept words or weights differ between
    ``before`` and ``now``) moved to what they keep now, equal to ``postings_of(now)``; and
    the words whose posting changed. ``last`` itself is left as it was."""
    postings = dict(last)
    words: set[str] = set()
    for k in changed:
        was = dict(zip(*before[k], strict=True))
        is_ = dict(zip(*now[k], strict=True))
        for word in was.keys() | is_.keys():
            weight = is_.get(word)
            if was.get(word) == weight:
                continue
            if word not in words:
                words.add(word)
                docs, weights = postings.get(word, ((), ()))
                postings[word] = (array("i", docs), array("d", weights))
            _move(postings[word], k, weight)
    for word in words:
        if not postings[word][0]:
            del postings[word]
    return postings, words


def _move(posting: tuple[array, array], k: int, weight: float | None) -> None:
    """Article ``k`` in ``posting`` with ``weight``, or out of it for None."""
    docs, weights = posting
    at = bisect_left(docs, k)
    there = at < len(docs) and docs[at] == k
    if weight is None:
        if there:
            del docs[at]
            del weights[at]
    elif there:
        weights[at] = weight
    else:
        docs.insert(at, k)
        weights.insert(at, weight)


def changed_postings(last: Postings, now: Postings) -> set[str]:
    """The words whose posting differs between ``last`` and ``now``."""
    return {w for w in last.keys() | now.keys() if last.get(w) != now.get(w)}


def by_number(numbers: npt.NDArray[np.integer], below: int) -> npt.NDArray[np.intp]:
    """The stable order of ``numbers`` (each under ``below``): by radix sorts of 16 bits,
    which numpy makes for 16-bit numbers, some five times faster than a sort of wider ones."""
    if below <= 1 << 16:
        return np.argsort(numbers.astype(np.uint16), kind="stable")
    order = np.argsort((numbers & 0xFFFF).astype(np.uint16), kind="stable")
    high = numbers[order] >> 16
    if below <= 1 << 32:
        high = high.astype(np.uint16)
    return order[np.argsort(high, kind="stable")]
