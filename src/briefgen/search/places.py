"""Where a name stands in each article, worked out from its two-character grams' positions
as the page does it (``exactStarts`` in search-places.js), for the alias bundles
(``bundles``): the positions of each gram, shifted by its offset in the name, intersected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    # Loaded when a bundle's places are first worked out.
    np = lazy_module("numpy")


def exact_starts(name: str, gram: Callable[[str], list | None]) -> list:
    """Where ``name`` (two characters or more) stands, from its two-character grams'
    positions as ``exactStarts`` in search-places.js finds it: grams at offsets 0, 2, 4 … and
    the last, each at start + its offset. [ref delta, n, first start, n - 1 deltas, …].

    Worked out on numpy arrays, one (ref, place) number per position: the largest names'
    grams stand hundreds of thousands of times in a large archive."""
    pieces = gram_pieces(name)
    entries = [gram(piece) for piece in pieces.values()]
    if any(entry is None for entry in entries):
        return []
    starts = _places(entries[0] or [], 0)
    for offset, entry in zip(list(pieces)[1:], entries[1:], strict=True):
        starts = starts[np.isin(starts, _places(entry or [], offset), assume_unique=True)]
    return _flat(starts)


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
