"""Where a name stands in each article, worked out from its two-character grams' positions
as the page does it (``exactStarts`` in search-places.js), for the alias bundles
(``bundles``): the positions of each gram, shifted by its offset in the name, intersected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby, pairwise
from operator import itemgetter
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    # Loaded when a bundle's places are first worked out.
    np = lazy_module("numpy")


#: Grams whose entries hold this many numbers in all or fewer are worked out in Python:
#: numpy's fixed cost, a dozen calls a gram, was most of the time for the few places of a
#: small archive's names (a fifth of a two-issue build's search index).
SMALL_ENTRIES = 512


def exact_starts(name: str, gram: Callable[[str], list | None]) -> list:
    """Where ``name`` (two characters or more) stands, from its two-character grams'
    positions as ``exactStarts`` in search-places.js finds it: grams at offsets 0, 2, 4 … and
    the last, each at start + its offset. [ref delta, n, first start, n - 1 deltas, …].

    Worked out on numpy arrays, one (ref, place) number per position: the largest names'
    grams stand hundreds of thousands of times in a large archive. Grams that stand a few
    times (``SMALL_ENTRIES``) are worked out in Python, with the same answer."""
    pieces = gram_pieces(name)
    found = [gram(piece) for piece in pieces.values()]
    if any(entry is None for entry in found):
        return []
    entries = [entry or [] for entry in found]
    offsets = list(pieces)
    if sum(len(entry) for entry in entries) <= SMALL_ENTRIES:
        return _few_starts(offsets, entries)
    starts = _places(entries[0], 0)
    for offset, entry in zip(offsets[1:], entries[1:], strict=True):
        starts = starts[np.isin(starts, _places(entry, offset), assume_unique=True)]
    return _flat(starts)


def _few_starts(offsets: list[int], entries: list[list]) -> list:
    """``exact_starts`` of grams with few places, in Python: the same walk, sets of
    (ref, start) for the arrays."""
    starts = set(_place_pairs(entries[0], 0))
    for offset, entry in zip(offsets[1:], entries[1:], strict=True):
        starts.intersection_update(_place_pairs(entry, offset))
    flat: list = []
    last_ref = 0
    for ref, run in groupby(sorted(starts), key=itemgetter(0)):
        places = [place for _ref, place in run]
        flat += [ref - last_ref, len(places), places[0], *(b - a for a, b in pairwise(places))]
        last_ref = ref
    return flat


def _place_pairs(entry: list, offset: int) -> Iterator[tuple[int, int]]:
    """(ref, position - ``offset``) of each position in ``entry`` (positions below
    ``offset`` left out): ``_places`` as pairs."""
    ref = at = 0
    while at < len(entry):
        ref += entry[at]
        position = 0
        for step in entry[at + 2 : at + 2 + entry[at + 1]]:
            position += step
            if position >= offset:
                yield ref, position - offset
        at += 2 + entry[at + 1]


#: A place in the index's numbers: (ref << _PLACE_BITS) | position in the article.
_PLACE_BITS = 32


def _places(entry: list, offset: int) -> np.ndarray:
    """[ref delta, n, first, n - 1 deltas, …] → ref and position - ``offset`` as one number
    each, ascending (positions below ``offset`` left out)."""
    numbers = np.asarray(entry, dtype=np.int64)
    heads = _heads(entry)
    sizes = numbers[heads + 1]
    at_head = np.zeros(len(numbers), dtype=bool)
    at_head[heads] = at_head[heads + 1] = True
    steps = numbers[~at_head]
    # Positions: each run's first, then its deltas, added up within the run.
    totals = np.cumsum(steps)
    run_starts = np.cumsum(sizes) - sizes
    before = totals[run_starts] - steps[run_starts]
    positions = totals - np.repeat(before, sizes) - offset
    refs = np.repeat(np.cumsum(numbers[heads]), sizes)
    kept = positions >= 0
    places: np.ndarray = (refs[kept] << _PLACE_BITS) | positions[kept]
    return places


def _heads(entry: list) -> np.ndarray:
    """Where each article's run starts in ``entry`` (its ref delta): a walk, since each run's
    length is in it, but one step an article, not one a position."""
    heads = []
    at = 0
    end = len(entry)
    while at < end:
        heads.append(at)
        at += 2 + entry[at + 1]
    return np.array(heads, dtype=np.int64)


def _flat(starts: np.ndarray) -> list:
    """Ascending (ref, start) numbers → [ref delta, n, first start, n - 1 deltas, …]."""
    if len(starts) == 0:
        return []
    refs = starts >> _PLACE_BITS
    places = starts & ((1 << _PLACE_BITS) - 1)
    new_ref = np.ones(len(refs), dtype=bool)
    new_ref[1:] = refs[1:] != refs[:-1]
    run_starts = np.flatnonzero(new_ref)
    sizes = np.diff(np.append(run_starts, len(refs)))
    steps = np.diff(places, prepend=0)
    steps[run_starts] = places[run_starts]
    at = np.arange(len(refs)) + 2 * np.cumsum(new_ref)
    flat = np.empty(len(refs) + 2 * len(run_starts), dtype=np.int64)
    flat[at] = steps
    flat[at[run_starts] - 2] = np.diff(refs[run_starts], prepend=0)
    flat[at[run_starts] - 1] = sizes
    result: list = flat.tolist()
    return result


def gram_pieces(name: str) -> dict[int, str]:
    """The two-character grams ``exact_starts`` reads, by their offset in ``name``: at 0, 2,
    4 … and the last."""
    offsets = list(range(0, len(name) - 1, 2))
    if offsets[-1] != len(name) - 2:
        offsets.append(len(name) - 2)
    return {offset: name[offset : offset + 2] for offset in offsets}
