"""A block's gram counts after a few of its articles changed, made from its last counts
instead of counting the whole block again.

A title fixed by hand changes one article of a block of some 370 (``blocks``), and counting
the whole block again (every article's ``exact_text``, then numpy's sort of a million
characters) was a third of the gram step's patch at 20,000 articles. A block's rows are its
articles' runs in ref order, one run a key and article, and an article's runs depend on its
text alone (positions count from its own start). So the new block is the old one with each
changed article's runs cut out (``splice``, one ref wide) and its new ones put in: only the
keys the article held before or holds now change, and only they are compared.

Which articles changed is read from each block's articles' ``segments_key``s, kept with its
counts (``blocks.kept_article_keys``): the same keys make the same ``exact_text``.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.lazy import lazy_module
from briefgen.search.grams import GramCounts, count_grams
from briefgen.search.splice import Width, pair_width, places_width, splice

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

#: Articles of a block counted alone at most: past that, counting the block is as cheap.
MAX_EDITED = 8


@dataclass(frozen=True, slots=True)
class EditedBlock:
    """A block's new gram counts, and the keys of each kind whose rows changed."""

    counts: GramCounts
    #: "g" (characters) and "p" (grams) → keys whose rows differ from the old counts'.
    changed: dict[str, frozenset[str]]
    #: Each changed article's ref in the block, and its own counts (its ref 0).
    articles: dict[int, GramCounts]
    #: ... and its grams' positions as the old counts had them (its ref 0).
    old_positions: dict[int, dict[str, array]]


def edited_refs(old_keys: list[str], new_keys: list[str]) -> list[int] | None:
    """The refs (from the block's start) whose article changed; None when the blocks do not
    line up or too many changed."""
    if len(old_keys) != len(new_keys):
        return None
    refs = [ref for ref, (a, b) in enumerate(zip(old_keys, new_keys, strict=True)) if a != b]
    return refs if len(refs) <= MAX_EDITED else None


def edited_grams(old: GramCounts, articles: dict[int, str]) -> EditedBlock:
    """``old`` (a block's counts, refs from 0) with the articles at ``articles``' refs
    counted again from their ``exact_text``s."""
    counts = GramCounts(
        dict(old.characters), dict(old.positions), dict(old.last_character), dict(old.last_position)
    )
    changed: dict[str, set[str]] = {"g": set(), "p": set()}
    counted: dict[int, GramCounts] = {}
    was: dict[int, dict[str, array]] = {}
    for ref, text in sorted(articles.items()):
        alone = counted[ref] = count_grams([text])
        was[ref] = {}
        for kind, rows, lasts, new, width in (
            ("g", counts.characters, counts.last_character, alone.characters, pair_width),
            ("p", counts.positions, counts.last_position, alone.positions, places_width),
        ):
            held = holding(rows, ref, width is pair_width)
            for name in held | new.keys():
                row = rows.get(name)
                before = row.tolist() if row is not None else []
                if kind == "p" and name in held:
                    was[ref][name] = _run_at(before, ref)
                piece = new.get(name)
                after = splice(before, piece.tolist() if piece is not None else [], ref, 1, width)
                if after == before:
                    continue
                changed[kind].add(name)
                if after:
                    rows[name] = array("i", after)
                    lasts[name] = _last_ref(after, width)
                else:
                    del rows[name], lasts[name]
    rows_changed = {kind: frozenset(keys) for kind, keys in changed.items()}
    return EditedBlock(counts, rows_changed, counted, was)


def _run_at(row: list[int], ref: int) -> array:
    """The run of article ``ref`` in a row of places, as that article's own row (ref 0)."""
    seen = at = 0
    while seen + row[at] != ref:
        seen += row[at]
        at += places_width(row, at)
    return array("i", [0, *row[at + 1 : at + places_width(row, at)]])


def _last_ref(row: list[int], width: Width) -> int:
    ref = at = 0
    while at < len(row):
        ref += row[at]
        at += width(row, at)
    return ref


def holding(rows: dict[str, array], ref: int, pairs: bool) -> set[str]:
    """The keys whose row holds a run of article ``ref``: rows of [ref delta, count] pairs
    (``pairs``) or of places ([ref delta, n, n places]). Worked out over every row at once
    (numpy): a block holds some hundred thousand keys."""
    names = list(rows)
    if not names:
        return set()
    lengths = np.fromiter(map(len, rows.values()), dtype=np.int64, count=len(names))
    flat = np.frombuffer(b"".join(map(array.tobytes, rows.values())), dtype=np.int32)
    flat = flat.astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    hits = _pair_hits if pairs else _run_hits
    found = hits(flat, starts, lengths, ref)
    return {names[n] for n in found.tolist()}


def _pair_hits(flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray, ref: int) -> np.ndarray:
    deltas = flat[0::2]
    row_of = np.repeat(np.arange(len(starts)), lengths // 2)
    refs = np.cumsum(deltas)
    first = starts // 2
    refs -= (refs[first] - deltas[first])[row_of]
    hits: np.ndarray = np.unique(row_of[refs == ref])
    return hits


def _run_hits(flat: np.ndarray, starts: np.ndarray, lengths: np.ndarray, ref: int) -> np.ndarray:
    """Rows of places runs: their runs walked side by side, a run of every row still short of
    ``ref`` a step (a run's width is in the run)."""
    at, ends = starts.copy(), starts + lengths
    refs = np.zeros(len(starts), dtype=np.int64)
    active = np.arange(len(starts))
    hits = []
    while active.size:
        here = at[active]
        now = refs[active] + flat[here]
        refs[active] = now
        hits.append(active[now == ref])
        after = here + 2 + flat[here + 1]
        at[active] = after
        active = active[(now < ref) & (after < ends[active])]
    found: np.ndarray = np.concatenate(hits)
    return found
