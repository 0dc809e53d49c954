"""Character n-grams of every article: what exact-phrase recall is proved from.

Word segmentation alone cannot promise that a phrase stands in an article, so the index also
holds each character with its count per article, and each two-character gram with its
positions, which prove that a longer phrase stands there (``shards`` writes them as ``g/`` and
``p/`` files). This is the hot loop of a build at scale (every character of the archive), so
the postings are flat integer arrays, four bytes a number, not lists of Python ints.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module
from briefgen.search.counts import append_postings

if TYPE_CHECKING:
    import numpy as np
else:
    # Loaded when grams are first counted: a build with nothing to do never needs it.
    np = lazy_module("numpy")


@dataclass(frozen=True, slots=True)
class GramCounts:
    #: Character → [ref delta, count, …] over the articles that hold it (spacing left out).
    characters: dict[str, array]
    #: Two-character gram → [ref delta, n, first position, n - 1 position deltas, …].
    positions: dict[str, array]
    #: Character → the ref of the last article that holds it; the same for grams.
    last_character: dict[str, int]
    last_position: dict[str, int]


#: Texts are counted in runs of about this many characters, then merged: numpy's arrays take
#: some 60 bytes a character while a run is counted, so a long block stays a few tens of MB.
RUN_CHARACTERS = 400_000


def count_grams(texts: Iterable[str]) -> GramCounts:
    """The grams of ``texts`` (each article's ``exact_text``), refs 0, 1, 2 … in order.

    Counted as numpy arrays (code points, then pairs of them as one 64-bit number), sorted by
    key with refs and positions in order: the per-character Python loop this replaces was the
    largest part of the search stage at 20,000 articles. Keys are in the order they first
    stand in the texts, as a loop over the texts would meet them.
    """
    runs: list[tuple[int, GramCounts]] = []
    run: list[str] = []
    size = start = 0
    for text in texts:
        if run and size + len(text) > RUN_CHARACTERS:
            runs.append((start, _count_run(run)))
            start, run, size = start + len(run), [], 0
        run.append(text)
        size += len(text)
    runs.append((start, _count_run(run)))
    return runs[0][1] if len(runs) == 1 else merge_grams(runs)


def _count_run(texts: list[str]) -> GramCounts:
    codes = _code_points("".join(texts))
    lengths = np.fromiter(map(len, texts), dtype=np.int32, count=len(texts))
    refs = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    starts = np.cumsum(lengths, dtype=np.int32) - lengths
    places = np.arange(len(codes), dtype=np.int32) - starts[refs]
    shown = ~_spaces(codes)
    characters, last_character = _postings(codes[shown], refs[shown], None)
    del shown
    # A gram stands at every place but an article's last: code point pairs as one number.
    within = places[:-1] < lengths[refs[:-1]] - 1
    pairs = ((codes[:-1].astype(np.int64) << 21) | codes[1:])[within]
    positions, last_position = _postings(pairs, refs[:-1][within], places[:-1][within])
    return GramCounts(characters, positions, last_character, last_position)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


#: Every code point ``str.isspace`` holds true of is at most U+3000 (the ideographic space).
_LAST_SPACE = 0x3000


@cache
def _spacing() -> np.ndarray:
    """Code point → spacing, up to ``_LAST_SPACE``."""
    return np.array([chr(code).isspace() for code in range(_LAST_SPACE + 1)])


def _spaces(codes: np.ndarray) -> np.ndarray:
    """Which code points are spacing (``str.isspace``), which the character counts leave out."""
    spacing: np.ndarray = _spacing()[np.minimum(codes, _LAST_SPACE)] & (codes <= _LAST_SPACE)
    return spacing


def _postings(
    keys: np.ndarray, refs: np.ndarray, places: np.ndarray | None
) -> tuple[dict[str, array], dict[str, int]]:
    """Each key's row, and the ref of the last article holding it: [ref delta, count, …] per
    article holding it, or with ``places`` [ref delta, n, first place, n - 1 place deltas, …].
    ``keys`` are code points, or with ``places`` pairs of them (``count_grams``); ``refs``
    ascending."""
    if len(keys) == 0:
        return {}, {}
    order = _stable_order(keys)  # refs, then places, stay ascending in a key
    keys, refs = keys[order], refs[order]
    new_key = np.ones(len(keys), dtype=bool)
    new_key[1:] = keys[1:] != keys[:-1]
    new_run = new_key.copy()  # a run: one key's places in one article
    new_run[1:] |= refs[1:] != refs[:-1]
    run_starts = np.flatnonzero(new_run)
    run_sizes = np.diff(np.append(run_starts, len(keys)))
    run_refs = refs[run_starts]
    # The first run of a key counts its ref from 0, the others from the run before.
    deltas = run_refs - np.where(new_key[run_starts], 0, np.roll(run_refs, 1))
    if places is None:
        flat = np.empty(2 * len(run_starts), dtype=np.int32)
        flat[0::2], flat[1::2] = deltas, run_sizes
        key_at = 2 * np.flatnonzero(new_key[run_starts])
    else:
        places = places[order]
        steps = np.diff(places, prepend=0)
        steps[run_starts] = places[run_starts]  # a run's first place, then place deltas
        # Each run gains two numbers (ref delta, n) before its places.
        at = np.arange(len(keys)) + 2 * np.cumsum(new_run)
        flat = np.empty(len(keys) + 2 * len(run_starts), dtype=np.int32)
        flat[at] = steps
        flat[at[run_starts] - 2], flat[at[run_starts] - 1] = deltas, run_sizes
        key_at = at[new_key] - 2
    key_starts = np.flatnonzero(new_key)
    last_refs = refs[np.append(key_starts[1:], len(keys)) - 1]
    # A stable sort keeps a key's first place in the texts first among its own.
    names = _names(keys[key_starts], pairs=places is not None)
    # In the order the keys first stand in the texts; byte offsets into one bytes object,
    # whose slices are cheaper to make than the array's.
    first = np.argsort(order[key_starts], kind="stable")
    numbers = flat.tobytes()
    starts = (4 * key_at[first]).tolist()
    ends = (4 * np.append(key_at[1:], len(flat))[first]).tolist()
    in_order = [names[number] for number in first.tolist()]
    rows = {
        name: array("i", numbers[start:end])
        for name, start, end in zip(in_order, starts, ends, strict=True)
    }
    return rows, dict(zip(in_order, last_refs[first].tolist(), strict=True))


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")``, several times faster where each key and its index
    fit in one 63-bit number: those are unique, so a plain sort of them is stable."""
    index_bits = max(len(keys) - 1, 1).bit_length()
    if int(keys.max()).bit_length() + index_bits > 63:
        return np.argsort(keys, kind="stable")
    mask = (1 << index_bits) - 1
    together = (keys.astype(np.int64) << index_bits) | np.arange(len(keys), dtype=np.int64)
    return np.sort(together) & mask


def _names(keys: np.ndarray, pairs: bool) -> list[str]:
    """Code points, or pairs of them as ``count_grams`` makes them, back to text: decoded all
    at once."""
    points = np.stack([keys >> 21, keys & 0x1FFFFF], axis=1) if pairs else keys
    text = points.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    width = 2 if pairs else 1
    return [text[at : at + width] for at in range(0, len(text), width)]


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
