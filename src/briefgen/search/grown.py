"""The search blocks after issues newer than every other were added: the last build's blocks
with articles after them, and the counts of those articles alone.

Refs count oldest first (``blocks``), so an issue newer than every other puts its articles
after every ref the last build had: no article moves, every block before the last stands as
it was, and the last one either holds the new issues as well (it ended only because the
archive did) or stays, new blocks after it holding them. Each key's posting then keeps its
runs and gains the new articles' at its end (``appending``). Only the added articles are
counted (a block grown by one issue was counted whole again, some 370 articles at 20,000);
the grown block's counts are made from its kept ones and the added articles', as
``merge_grams`` and ``merge_terms`` merge blocks, and kept for the next build.

Where a posting's last ref stands is read from the last blocks' kept counts (each key's last
ref there): a key held by none of them is rare, and its posting is walked instead
(``posting_text.posting_end``).
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search.blocks import (
    Block,
    block_digest,
    block_grams,
    block_terms,
    keep_grams,
    keep_terms,
    kept_grams,
    kept_terms,
    segmented,
)
from briefgen.search.counts import FIELDS, TermCounts, count_terms, merge_terms
from briefgen.search.grams import GramCounts, count_grams, merge_grams
from briefgen.search.index import exact_text
from briefgen.search.splice import BlockRef

#: Last refs are read from the last blocks' counts until they cover this many articles (or
#: ``MAX_END_BLOCKS`` blocks): past them, a key's posting is short enough to walk.
END_ARTICLES = 300
MAX_END_BLOCKS = 3


@dataclass(frozen=True, slots=True)
class Appended:
    """This build's blocks as the last build's with articles added after its last one."""

    #: The refs the last build's blocks held: the first added article's ref.
    end: int
    #: The position of the first block holding added articles.
    first: int
    #: The last build's last block, where the block at ``first`` holds its articles and more
    #: (None: that block stands as it was, and ``first`` is the one after it).
    grown: BlockRef | None
    #: The last build's blocks.
    old: list[BlockRef]


def appended(old: list[BlockRef], blocks: list[Block]) -> Appended | None:
    """How ``blocks`` extend ``old`` (the last build's), when they are ``old`` with articles
    added after its last one and nothing else changed; else None."""
    if not old or len(blocks) < len(old):
        return None
    last = len(old) - 1
    now = [BlockRef(b.start, len(b.entries), b.digest) for b in blocks]
    end = old[-1].start + old[-1].size
    if now[:last] != old[:last] or now[-1].start + now[-1].size <= end:
        return None
    if now[last] == old[-1]:
        return Appended(end, last + 1, None, old)
    grown = blocks[last]
    if now[last].start != old[-1].start or now[last].size <= old[-1].size:
        return None
    if block_digest(grown.segment_keys[: old[-1].size]) != old[-1].digest:
        return None
    return Appended(end, last, old[-1], old)


def _head(block: Block, old: BlockRef) -> Block:
    """The block as the last build had it: its first ``old.size`` articles."""
    return Block(old.start, block.entries[: old.size], old.digest, block.segment_keys[: old.size])


class KeptBlocks:
    """The last build's blocks' kept counts, each read once."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.grams: dict[str, GramCounts | None] = {}
        self.terms: dict[str, TermCounts | None] = {}

    def gram_counts(self, digest: str) -> GramCounts | None:
        if digest not in self.grams:
            self.grams[digest] = kept_grams(digest, self.cache)
        return self.grams[digest]

    def term_counts(self, digest: str) -> TermCounts | None:
        if digest not in self.terms:
            self.terms[digest] = kept_terms(digest, self.cache)
        return self.terms[digest]


def added_grams(blocks: list[Block], found: Appended, kept: KeptBlocks) -> GramCounts | None:
    """The added articles' gram counts (refs from 0 at ``found.end``); each block holding
    them has its counts kept. None when the grown block's old counts are not kept."""
    pieces: list[tuple[int, GramCounts]] = []
    for block in blocks[found.first :]:
        if found.grown is not None and block.start == found.grown.start:
            old = kept.gram_counts(found.grown.digest)
            if old is None:
                return None
            piece = count_grams(exact_text(e) for e in block.entries[found.grown.size :])
            keep_grams(block, merge_grams([(0, old), (found.grown.size, piece)]), kept.cache)
            pieces.append((0, piece))
        else:
            pieces.append((block.start - found.end, block_grams(block, kept.cache)))
    return merge_grams(pieces)


def added_terms(
    blocks: list[Block], found: Appended, archive: Archive, kept: KeptBlocks
) -> list[TermCounts] | None:
    """The added articles' term counts, a piece for each block holding them (refs from 0 at
    the piece's first article); each block has its counts kept. None as ``added_grams``."""
    pieces: list[TermCounts] = []
    for block in blocks[found.first :]:
        if found.grown is not None and block.start == found.grown.start:
            old = kept.term_counts(found.grown.digest)
            if old is None:
                return None
            size = found.grown.size
            head = _head(block, found.grown)
            piece = count_terms(segmented(block, archive, kept.cache, size, head))
            keep_terms(block, merge_terms([(0, old), (size, piece)]), kept.cache)
            pieces.append(piece)
        else:
            pieces.append(block_terms(block, archive, kept.cache))
    return pieces


def gram_ends(
    found: Appended, kept: KeptBlocks, wanted: GramCounts
) -> dict[str, dict[str, int]] | None:
    """Kind (``g``, ``p``) → the last ref of each of ``wanted``'s keys before the added
    articles, where the last blocks' counts hold it (``END_ARTICLES``); None when one of them
    is not kept."""
    ends: dict[str, dict[str, int]] = {"g": {}, "p": {}}
    for block in _end_blocks(found):
        counts = kept.gram_counts(block.digest)
        if counts is None:
            return None
        _ends_from(ends["g"], counts.last_character, wanted.characters, block.start)
        _ends_from(ends["p"], counts.last_position, wanted.positions, block.start)
    return ends


def term_ends(found: Appended, kept: KeptBlocks, wanted: TermCounts) -> list[dict[str, int]] | None:
    """Each field's last ref of ``wanted``'s terms, as ``gram_ends``."""
    ends: list[dict[str, int]] = [{} for _ in FIELDS]
    for block in _end_blocks(found):
        counts = kept.term_counts(block.digest)
        if counts is None:
            return None
        for number in range(len(FIELDS)):
            _ends_from(ends[number], counts.last[number], wanted.postings[number], block.start)
    return ends


def _end_blocks(found: Appended) -> list[BlockRef]:
    """The last build's last blocks, newest first, that last refs are read from."""
    chosen: list[BlockRef] = []
    for block in reversed(found.old):
        if len(chosen) == MAX_END_BLOCKS or sum(b.size for b in chosen) >= END_ARTICLES:
            break
        chosen.append(block)
    return chosen


def _ends_from(ends: dict[str, int], lasts: dict[str, int], wanted: dict, start: int) -> None:
    """Each wanted key's last ref in a block (``lasts``, refs from its ``start``), where a
    later block did not already give it."""
    for name in wanted.keys() & lasts.keys():
        if name not in ends:
            ends[name] = start + lasts[name]
