"""Postings spliced: a merged posting's runs of one block of refs replaced by the block's new
runs, and the shards holding such postings encoded again (``patch`` decides when).

A posting is runs, one an article, each led by its ref's delta from the run before: the runs
before the block stand as they were, those after it as a slice whose first delta alone is
counted again. A run of shards (``hashed.GROUPS``) none of which changed keeps its name and
is linked from the previous site. A changed run is named again from its shards' text digests
(kept in the cache, ``Last.shards``): its changed shards are written under the new name, the
others linked to their previous files (the same bytes, ``hashed.handed_name``), not read.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen.search import hashed, posting_text
from briefgen.search.counts import FIELDS, TermCounts
from briefgen.search.grams import GramCounts
from briefgen.search.hashed import (
    GROUPS,
    ShardSet,
    read_payload,
    run_digest,
    script_path,
    script_payload,
    shard_name,
    text_digest,
)
from briefgen.search.jsontext import object_spans, replaced
from briefgen.search.shard_file import ShardFile, patched_file, text_size
from briefgen.search.shards import bucket, shard_count


@dataclass(frozen=True, slots=True)
class BlockRef:
    """Where a block stood in the last build: its first ref, its article count, its digest."""

    start: int
    size: int
    digest: str


@dataclass(frozen=True, slots=True)
class Last:
    """One kind's shards as the last build wrote them."""

    set: ShardSet
    #: The size estimate its shard count comes from (``shards._size``).
    size: int
    #: Shard number → [data digest, text digest], as ``reuse.ShardReuse`` keeps them.
    shards: dict[str, list]


def entry_size(name: str, value: array | list) -> int:
    """What a key adds to a kind's size estimate, as ``shards._size`` counts it: a
    posting (an array, or its numbers as a list) its length, a term's value its numbers."""
    if not value or not isinstance(value[-1], list | array):
        return len(name) * 3 + 4 * len(value)
    numbers = sum(len(v) if isinstance(v, list | array) else 1 for v in value)
    return len(name) * 3 + 4 * numbers


# Postings are runs, one an article: [ref delta, …]. A run's length from where it starts.
Width = Callable[[list[int], int], int]


def _pairs(_row: list[int], _at: int) -> int:
    return 2


def _triples(_row: list[int], _at: int) -> int:
    return 3


def _places(row: list[int], at: int) -> int:
    return 2 + row[at + 1]


#: The width of a run of a gram's (or a name's) places: [ref delta, n, first, n - 1 deltas].
places_width = _places
#: ... and of a character's count: [ref delta, count].
pair_width = _pairs


def splice(old: list[int], new: list[int], start: int, size: int, width: Width) -> list[int]:
    """``old`` (a merged posting) with its runs of refs ``start`` to ``start + size`` replaced
    by ``new`` (the block's own posting, refs from 0). The runs before the block are kept as
    they stand and those after it as a slice: only the first after it counts its delta again."""
    ref = at = 0
    while at < len(old) and ref + old[at] < start:
        ref += old[at]
        at += width(old, at)
    spliced, last = old[:at], ref
    while at < len(old) and ref + old[at] < start + size:
        ref += old[at]
        at += width(old, at)
    ref_new = done = 0
    while done < len(new):
        ref_new += new[done]
        end = done + width(new, done)
        spliced.append(start + ref_new - last)
        spliced.extend(new[done + 1 : end])
        last = start + ref_new
        done = end
    if at < len(old):
        spliced.append(ref + old[at] - last)
        spliced.extend(old[at + 1 :])
    return spliced


@dataclass(slots=True)
class KindPatch:
    """The keys of one kind whose postings change, and how to make each one's new value from
    its old (None: the key is gone)."""

    kind: str
    values: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: Whether ``values`` take and make each value's JSON text (a flat list of numbers,
    #: ``posting_text``) instead of the value.
    texts: bool = False


def rows_changed(old: dict[str, array], new: dict[str, array]) -> set[str]:
    """The keys whose rows differ between two blocks' counts (or are in one alone)."""
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


@dataclass(frozen=True, slots=True)
class GramChange:
    """A changed block: where it stands, its old and new gram counts, and the keys of each
    kind whose rows differ, when known (else they are compared)."""

    block: BlockRef
    old: GramCounts
    new: GramCounts
    rows: dict[str, frozenset[str]] | None = None
    #: With ``rows``: the articles that changed (ref in the block → their own counts), whose
    #: runs alone are spliced, not the block's.
    articles: dict[int, GramCounts] | None = None


def gram_patches(changes: list[GramChange]) -> list[KindPatch]:
    """The ``g`` and ``p`` keys the changed blocks change."""
    patches = []
    for kind, rows_of, runs in (
        ("g", lambda c: c.characters, posting_text.PAIRS),
        ("p", lambda c: c.positions, posting_text.PLACES),
    ):
        patch = KindPatch(kind, texts=True)
        for change in changes:
            old, new = change.old, change.new
            names = (
                change.rows[kind]
                if change.rows is not None
                else rows_changed(rows_of(old), rows_of(new))
            )
            for name in names:
                for where, row in _runs_of(change, name, rows_of):
                    patch.values[name] = _chain(
                        patch.values.get(name), _posting_splice(row, where, runs)
                    )
        patches.append(patch)
    return patches


def _runs_of(
    change: GramChange, name: str, rows_of: Callable[[GramCounts], dict[str, array]]
) -> list[tuple[BlockRef, array | None]]:
    """What replaces ``name``'s runs where ``change`` stands: the block's new row, or each
    changed article's own (one ref wide) where those are known."""
    if change.articles is None:
        return [(change.block, rows_of(change.new).get(name))]
    start, digest = change.block.start, change.block.digest
    return [
        (BlockRef(start + ref, 1, digest), rows_of(alone).get(name))
        for ref, alone in sorted(change.articles.items())
    ]


def _posting_splice(row: array | None, block: BlockRef, runs: str) -> Callable:
    new = row.tolist() if row is not None else []

    def spliced(value: str | None) -> str | None:
        return posting_text.splice_text(value, new, block.start, block.size, runs)

    return spliced


def _chain(first: Callable | None, then: Callable) -> Callable:
    if first is None:
        return then
    return lambda value: then(first(value))


def term_patches(
    changes: list[tuple[BlockRef, TermCounts, TermCounts]], index: dict[str, int]
) -> KindPatch:
    """The ``t`` keys the changed blocks change (the term numbering checked unchanged)."""
    patch = KindPatch("t")
    for block, old, new in changes:
        names: set[str] = set()
        for number in range(len(FIELDS)):
            names |= rows_changed(old.postings[number], new.postings[number])
        for name in names:
            rows = [new.postings[n].get(name) for n in range(len(FIELDS))]
            patch.values[name] = _chain(
                patch.values.get(name), _term_splice(rows, block, index[name])
            )
    return patch


def _term_splice(rows: list[array | None], block: BlockRef, number: int) -> Callable:
    news = [row.tolist() if row is not None else [] for row in rows]

    def spliced(value: list | None) -> list | None:
        fields = value[1:] if value else [[] for _ in FIELDS]
        out = [
            splice(f, n, block.start, block.size, _triples)
            for f, n in zip(fields, news, strict=True)
        ]
        return [number, *out] if any(out) else None

    return spliced


@dataclass(slots=True)
class Patched:
    """One kind's shards after a patch: the set written, each shard's digests, the keys whose
    postings changed and the size estimate."""

    set: ShardSet
    shards: dict[str, list]
    changed: frozenset[str]
    size: int
    #: Keys new to the kind, and keys gone from it.
    added: frozenset[str]
    gone: frozenset[str]


def write_patched(
    folder: Path, previous: Path, last: Last, patch: KindPatch, shard_key: Callable
) -> Patched | None:
    """The kind's shards into ``folder``: those holding a changed key read from ``previous``,
    patched and encoded; the rest of their runs linked under their run's new name; every
    other run linked. None when the patch would change the shard count."""
    old_set = last.set
    count = old_set.count
    touched: dict[int, list[str]] = {}
    for name in patch.values:
        touched.setdefault(bucket(shard_key(name), count), []).append(name)
    texts: dict[int, str | ShardFile | None] = {}
    found = _Found(last.size)
    for number, names in touched.items():
        old_name = shard_name(patch.kind, old_set, number)
        texts[number] = _patched_shard(previous, old_name, names, patch, found)
    if shard_count(found.size) != count:
        return None
    written, shards = _write_runs(folder, previous, patch.kind, last, texts)
    return Patched(
        written,
        shards,
        frozenset(found.changed),
        found.size,
        frozenset(found.added),
        frozenset(found.gone),
    )


@dataclass(slots=True)
class _Found:
    """What patching a kind's shards found so far: its size estimate and the keys changed."""

    size: int
    changed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)


def _patched_shard(
    previous: Path, old_name: str | None, names: list[str], patch: KindPatch, found: _Found
) -> str | ShardFile | None:
    """A shard's patched file (``shard_file``), or where it cannot be patched in its bytes,
    its patched text (``_patched_text``; None when no key is left)."""
    if old_name is None:
        return _patched_text("{}", names, patch, found)
    if not patch.texts:
        return _patched_text(read_payload(previous, old_name), names, patch, found)
    with open(script_path(previous, old_name), "rb") as file:
        data = file.read()
    done = patched_file(data, {name: patch.values[name] for name in names})
    if done is None:
        return _patched_text(script_payload(data.decode()), names, patch, found)
    shard, grown = done
    found.changed.update(grown)
    found.size += sum(grown.values())
    return shard


def _patched_text(text: str, names: list[str], patch: KindPatch, found: _Found) -> str | None:
    """A shard's text with ``names``' values patched; None when no key is left. Where no key
    comes or goes, only the changed values are decoded and encoded again, the rest of the
    text left as it stands (``jsontext``: a shard is 30 KB of a few long postings, and
    decoding and encoding it whole was most of the gram step's patch)."""
    spans = object_spans(text)[0]
    updates: dict[str, str | None] = {}
    for name in names:
        span = spans.get(name)
        before = text[span[0] : span[1]] if span else None
        after, grown = _patched_value(patch, name, before)
        if after == before:
            continue
        updates[name] = after
        found.changed.add(name)
        found.size += grown
        if after is None:
            found.gone.add(name)
        elif before is None:
            found.added.add(name)
    if not spans and not updates:
        return None
    if all(name in spans and after is not None for name, after in updates.items()):
        return replaced(text, [(spans[name], after) for name, after in updates.items() if after])
    data = json.loads(text)
    for name, after in updates.items():
        if after is None:
            del data[name]
        else:
            data[name] = json.loads(after)
    return hashed.payload(data) if data else None


def _patched_value(patch: KindPatch, name: str, before: str | None) -> tuple[str | None, int]:
    """A key's new value as ``payload`` writes it, from its old one's text, and how much the
    kind's size estimate grows by it (``entry_size``)."""
    if patch.texts:
        spliced = patch.values[name](before)
        return spliced, text_size(name, spliced) - text_size(name, before)
    old = json.loads(before) if before is not None else None
    after = patch.values[name](old)
    grown = (entry_size(name, after) if after else 0) - (entry_size(name, old) if old else 0)
    return (hashed.payload(after) if after is not None else None), grown


def _write_runs(
    folder: Path,
    previous: Path,
    kind: str,
    last: Last,
    texts: dict[int, str | ShardFile | None],
) -> tuple[ShardSet, dict[str, list]]:
    old_set = last.set
    count = old_set.count
    size = max(1, count // GROUPS)
    hashes = list(old_set.hashes)
    present = [int(digit, 16) for digit in old_set.present]
    shards = dict(last.shards)
    for number, text in texts.items():
        if text is None:
            present[number // 4] &= ~(1 << (number % 4))
            shards.pop(str(number), None)
        else:
            present[number // 4] |= 1 << (number % 4)
            # A digest no full build makes: such a shard is encoded again by the next one
            # that digests shard data (``reuse.ShardReuse``), never taken by mistake.
            found = text.digest if isinstance(text, ShardFile) else text_digest(text)
            shards[str(number)] = [f"patched {found}", found]
    new_set = ShardSet(count, hashes, "".join(f"{bits:x}" for bits in present))
    runs = {number // size for number in texts}
    # Sources as strings: thousands of links, and a ``Path`` made each cost more than one.
    at = os.path.join(previous, "")
    for run in range(len(hashes)):
        numbers = [n for n in range(run * size, (run + 1) * size) if _present(new_set, n)]
        if run not in runs:
            for number in numbers:
                name = f"{kind}/{number}.{hashes[run]}"
                hashed.link_script(folder, name, f"{at}{name}.js")
            continue
        hashes[run] = run_digest(shards[str(n)][1] for n in numbers) if numbers else ""
        for number in numbers:
            name = f"{kind}/{number}.{hashes[run]}"
            text = texts.get(number)
            if isinstance(text, ShardFile):
                hashed.write_script_data(folder, name, text.data)
            elif text is not None:
                hashed.write_script(folder, name, text)
            else:
                # Unchanged: the same bytes under its run's new name (``hashed.handed_name``).
                old_name = f"{kind}/{number}.{old_set.hashes[run]}"
                hashed.link_script(folder, name, f"{at}{old_name}.js")
    return replace(new_set, hashes=hashes), shards


def _present(shards: ShardSet, number: int) -> bool:
    return bool(int(shards.present[number // 4], 16) >> (number % 4) & 1)
