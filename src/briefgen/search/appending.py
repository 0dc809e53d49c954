"""Term and gram shards patched where issues newer than every other were added (``grown``):
each key the added articles hold gains their runs at its posting's end, as text.

The editor's most common rebuild adds the week's issue. Its articles come after every ref the
last build had, so no run of any posting moves: a posting the added articles hold is the old
text with their runs after its last one (only the first added delta counted again, from the
posting's last ref), and every other posting stands. Where the whole step merged every
block's counts and encoded every shard (some 16 s of CPU for the grams at 20,000 articles),
only the added articles are counted and only the shards holding one of their keys are
written again (``splice.write_patched``; the other runs of shards are linked under their
names).

What the index holds of the whole archive (the article count, each field's total length)
is in the manifest, not in any posting: lunr's term index, in a term's posting, numbers a
term where the archive first meets it, so a term new to the archive takes the next number
and no other term's moves. The shard counts are kept (a kind whose size estimate reaches
the next power of two is written whole, as ``patch`` does).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search import shards
from briefgen.search.blocks import Block
from briefgen.search.counts import TermCounts, chinese_terms, merge_terms
from briefgen.search.grown import (
    Appended,
    KeptBlocks,
    added_grams,
    added_terms,
    appended,
    gram_ends,
    term_ends,
)
from briefgen.search.hashed import payload
from briefgen.search.patch import (
    MovedPlaces,
    PatchBase,
    PatchedStep,
    block_refs,
    patched_step,
    write_kinds,
)
from briefgen.search.posting_text import PAIRS, PLACES, TRIPLES, posting_end
from briefgen.search.shard_file import Appender
from briefgen.search.splice import BlockRef, KindPatch


def append_grams(
    blocks: list[Block], folder: Path, cache: Cache, previous: Path, base: PatchBase
) -> PatchedStep | None:
    """The ``g`` and ``p`` shards with the added articles' runs appended, or None (nothing
    written) when ``blocks`` are not the last build's with articles added after them."""
    found = appended(base.blocks, blocks)
    if found is None:
        return None
    kept = KeptBlocks(cache)
    added = added_grams(blocks, found, kept)
    ends = gram_ends(found, kept, added) if added is not None else None
    if added is None or ends is None:
        return None
    patches = [
        _posting_patch("g", added.characters, ends["g"], found.end, PAIRS),
        _posting_patch("p", added.positions, ends["p"], found.end, PLACES),
    ]
    written = write_kinds(folder, previous, base, patches, lambda gram: gram)
    if written is None:
        return None
    characters = base.keys | dict.fromkeys(written["g"].added, 0)
    refs = block_refs(blocks)
    after = replace(base, blocks=refs, keys=characters)
    step = patched_step(cache, folder, previous, written, after)
    # For the alias bundles: the added articles' places, where nothing stood before.
    where = BlockRef(found.end, refs[-1].start + refs[-1].size - found.end, refs[-1].digest)
    moved: list[MovedPlaces] = [(where, {}, added.positions)]
    return replace(step, moved=moved)


def _posting_patch(kind: str, rows: dict, ends: dict[str, int], start: int, runs: str) -> KindPatch:
    patch = KindPatch(kind, texts=True)
    for name, row in rows.items():
        patch.values[name] = PostingAppender(row.tolist(), start, ends.get(name), runs)
    return patch


class PostingAppender(Appender):
    """A posting's added runs (refs from 0 at ``start``) put after its last one; ``end``:
    its last ref, where known (else its runs are walked, ``posting_end``)."""

    def __init__(self, row: list[int], start: int, end: int | None, runs: str) -> None:
        self.row, self.start, self.end, self.runs = row, start, end, runs
        self.numbers = len(row)

    def inserts(self, data: bytes, start: int, end: int) -> list[tuple[int, bytes]]:
        return [(end - 1, _added(data, start, end, self.row, self.start, self.end, self.runs))]

    def fresh(self) -> str:
        return payload(_absolute(self.row, self.start))


def _added(
    data: bytes, start: int, end: int, row: list[int], first: int, last: int | None, runs: str
) -> bytes:
    """What goes before the closing bracket of the posting ``data[start:end]`` for ``row``
    (refs from 0 at ``first``) to stand after its runs: the first delta counted from its
    last ref (``last``, or walked where not known)."""
    if end - start <= 2:
        return ",".join(map(str, _absolute(row, first))).encode()
    if last is None:
        last = posting_end(data[start:end].decode(), runs)
    return ("," + ",".join(map(str, [first + row[0] - last, *row[1:]]))).encode()


def append_terms(
    archive: Archive,
    blocks: list[Block],
    folder: Path,
    cache: Cache,
    previous: Path,
    base: PatchBase,
) -> PatchedStep | None:
    """The ``t`` shards with the added articles' runs appended (the lengths and article
    counts with theirs added), or None as ``append_grams``."""
    found = appended(base.blocks, blocks)
    if found is None or not base.documents:
        return None
    kept = KeptBlocks(cache)
    pieces = added_terms(blocks, found, archive, kept)
    if pieces is None:
        return None
    starts = [max(block.start, found.end) - found.end for block in blocks[found.first :]]
    added = merge_terms(zip(starts, pieces, strict=True))
    ends = term_ends(found, kept, added)
    if ends is None:
        return None
    keys, seen_before = _numbered(base, found, pieces)
    patch = KindPatch("t", texts=True)
    for term in added.order:
        rows = [field.get(term) for field in added.postings]
        lasts = [field.get(term) for field in ends]
        patch.values[term] = TermAppender(keys[term], rows, found.end, lasts)
    written = write_kinds(folder, previous, base, [patch], shards.term_key)
    if written is None:
        return None
    documents = dict(base.documents)
    frequency = dict(base.frequency)
    for term, count in added.documents.items():
        documents[term] = documents.get(term, 0) + count
    for term, count in chinese_terms(added.documents).items():
        frequency[term] = frequency.get(term, 0) + count
    after = replace(
        base,
        blocks=block_refs(blocks),
        keys=keys,
        seen_before=seen_before,
        lengths=[n + sum(more) for n, more in zip(base.lengths, added.lengths, strict=True)],
        frequency=frequency,
        documents=documents,
    )
    return patched_step(cache, folder, previous, written, after)


def _numbered(
    base: PatchBase, found: Appended, pieces: list[TermCounts]
) -> tuple[dict[str, int], list[int]]:
    """lunr's term index after the added articles (a term new to the archive numbered next,
    in the order they meet it), and how many terms the blocks before each block hold."""
    keys = dict(base.keys)
    seen_before = list(base.seen_before[: found.first])
    for number, piece in enumerate(pieces):
        # The grown block holds the last build's last block first: what is before it stands.
        grown = number == 0 and found.grown is not None
        seen_before.append(base.seen_before[found.first] if grown else len(keys))
        for term in piece.order:
            if term not in keys:
                keys[term] = len(keys)
    return keys, seen_before


class TermAppender(Appender):
    """A term's value (``[index,[…],[…],[…]]``) with each field's added runs (``rows``,
    refs from 0 at ``start``) after its last, as ``PostingAppender`` puts them."""

    def __init__(self, number: int, rows: list, start: int, ends: list[int | None]) -> None:
        self.number, self.start, self.ends = number, start, ends
        self.rows = [row.tolist() if row is not None else None for row in rows]
        self.numbers = sum(len(row) for row in self.rows if row is not None)

    def inserts(self, data: bytes, start: int, end: int) -> list[tuple[int, bytes]]:
        found = []
        at = data.index(b",", start, end) + 1
        for number, row in enumerate(self.rows):
            close = data.index(b"]", at, end) + 1
            if row is not None:
                added = _added(data, at, close, row, self.start, self.ends[number], TRIPLES)
                found.append((close - 1, added))
            at = close + 1
        return found

    def fresh(self) -> str:
        return payload([self.number, *(_absolute(row, self.start) for row in self.rows)])


def _absolute(row: list[int] | None, start: int) -> list[int]:
    return [start + row[0], *row[1:]] if row else []
