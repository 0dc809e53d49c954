"""Term and gram shards patched where one block changed, instead of merging every block.

When an editor fixes a title, one block of issues (``blocks``) changes and every other
block's counts are as they were. Merging all blocks again and digesting every shard to find
the few that changed is most of a rebuild's search work at 20,000 articles (some 9 s of CPU
for the grams alone). Instead, the keys whose rows differ between the block's old and new
counts (both in the cache) are the only keys whose postings changed: each of those postings
is read from the previous site's shard, the old block's runs cut out of it and the new
block's put in (refs outside the block are untouched, so every other run, and its delta,
stands as it was). Only the shards holding such a key are encoded again; a run of shards
(``hashed.GROUPS``) none of which changed is linked with its old name.

A patch is made only where its result is what a full build makes (``PatchBase.changed``,
``numbering_kept``, ``splice.write_patched``): the same blocks at the same refs with the same
article counts, the same shard counts (each kind's size estimate is kept and updated), and
for terms the same term numbering (lunr's term index counts terms in the order the archive
first meets them: a term new to the archive, or gone from it, numbers every later one
again). Otherwise the step is done whole.
"""

from __future__ import annotations

import pickle
import shutil
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache, code_digest, key
from briefgen.search import counts, grams, hashed, shards, splice
from briefgen.search import renumber as renumbering
from briefgen.search.blocks import (
    Block,
    block_terms,
    edited_block_grams,
    kept_grams,
    kept_terms,
)
from briefgen.search.counts import FIELDS, TermCounts, chinese_terms
from briefgen.search.grams import GramCounts
from briefgen.search.hashed import ShardSet
from briefgen.search.renumber import first_met, renumber, renumbered
from briefgen.search.reuse import ShardReuse, ShardReuses
from briefgen.search.splice import (
    BlockRef,
    GramChange,
    KindPatch,
    Last,
    Patched,
    gram_patches,
    rows_changed,
    term_patches,
    write_patched,
)

_NAMESPACE = "search-patch"
#: Blocks a patch takes on, at most: past that, merging every block is about as cheap.
MAX_CHANGED_BLOCKS = 4


@dataclass(frozen=True, slots=True)
class PatchBase:
    """What the last build of a site wrote of one step, for the next build to patch."""

    blocks: list[BlockRef]
    #: Kind → its shards as written.
    lasts: dict[str, Last]
    #: Grams: every character (the fold pairs are made from them). Terms: lunr's term index
    #: of every term.
    keys: dict[str, int] = field(default_factory=dict)
    #: Terms: how many terms the blocks before each block hold (where its new ones number from).
    seen_before: list[int] = field(default_factory=list)
    #: Terms: each field's total length, and each CJK term's article count.
    lengths: list[int] = field(default_factory=list)
    frequency: dict[str, int] = field(default_factory=dict)
    #: Terms: every term's article count (``renumber``).
    documents: dict[str, int] = field(default_factory=dict)

    def changed(self, blocks: list[BlockRef]) -> list[tuple[int, BlockRef, BlockRef]] | None:
        """(position, old, new) of each changed block, or None when the blocks do not line
        up (one added, removed, or of another size) or too many changed."""
        if [(b.start, b.size) for b in blocks] != [(b.start, b.size) for b in self.blocks]:
            return None
        found = [
            (n, old, new)
            for n, (old, new) in enumerate(zip(self.blocks, blocks, strict=True))
            if old.digest != new.digest
        ]
        return found if 0 < len(found) <= MAX_CHANGED_BLOCKS else None


@dataclass(frozen=True, slots=True)
class PatchedStep:
    """A step's shards after a patch, and the base the next build patches."""

    sets: dict[str, ShardSet]
    #: Kind → shard number → text digest (``ShardReuses.digests``).
    digests: dict[str, dict[str, str]]
    #: Kind → the keys whose postings changed.
    changed: dict[str, frozenset[str]]
    base: PatchBase
    #: The changed blocks, where each stands now, and as the last build had them.
    spliced: list[BlockRef] = field(default_factory=list)
    replaced: list[BlockRef] = field(default_factory=list)
    #: The keys new to a kind or gone from it.
    vocabulary: frozenset[str] = frozenset()
    #: Grams: each changed article's grams' positions before and after, where the changed
    #: blocks' articles that changed are known (``block_edit``).
    moved: list[MovedPlaces] | None = None


#: One article that changed: where it stands (one ref wide), its grams' positions as the
#: last build counted them and as this one does (refs from 0).
MovedPlaces = tuple[BlockRef, dict[str, array], dict[str, array]]


def block_refs(blocks: list[Block]) -> list[BlockRef]:
    """Where each of ``search_blocks``' blocks stands, and its digest."""
    return [BlockRef(b.start, len(b.entries), b.digest) for b in blocks]


def load_base(cache: Cache, previous: Path | None, step: str) -> PatchBase | None:
    if previous is None:
        return None
    stored = cache.get_bytes(_NAMESPACE, _entry(previous, step))
    base = pickle.loads(stored) if stored is not None else None
    return base if isinstance(base, PatchBase) else None


def save_base(cache: Cache, previous: Path | None, step: str, base: PatchBase | None) -> None:
    if previous is None or cache.root is None:
        return
    data = pickle.dumps(base, pickle.HIGHEST_PROTOCOL)
    cache.put_bytes(_NAMESPACE, _entry(previous, step), data)


def _entry(previous: Path, step: str) -> str:
    # This module, the splicing, the shards' text and names, and the counts it splices.
    code = code_digest(sys.modules[__name__], splice, counts, grams, shards, hashed, renumbering)
    return key("patch base", code, str(previous), step)


def patch_grams(
    blocks: list[Block], folder: Path, cache: Cache, previous: Path, base: PatchBase
) -> PatchedStep | None:
    """The ``g`` and ``p`` shards patched for the changed blocks, or None (nothing written)
    when a patch cannot make what a full build makes."""
    refs = block_refs(blocks)
    changes = base.changed(refs)
    if changes is None:
        return None
    found: list[GramChange] = []
    moved: list[MovedPlaces] | None = []
    for position, old, new in changes:
        before = kept_grams(old.digest, cache)
        if before is None:
            return None
        after, edited = edited_block_grams(blocks[position], old.digest, before, cache)
        if edited is None:
            found.append(GramChange(new, before, after))
            moved = None
            continue
        found.append(GramChange(new, before, after, edited.changed, edited.articles))
        if moved is not None:
            moved += [
                (BlockRef(new.start + ref, 1, new.digest), edited.old_positions[ref], a.positions)
                for ref, a in sorted(edited.articles.items())
            ]
    written = write_kinds(folder, previous, base, gram_patches(found), lambda gram: gram)
    if written is None:
        return None
    characters = dict(base.keys)
    characters.update(dict.fromkeys(written["g"].added, 0))
    for gone in written["g"].gone:
        del characters[gone]
    kept = replace(base, blocks=refs, keys=characters)
    step = patched_step(cache, folder, previous, written, kept)
    return replace(
        step,
        spliced=[new for _, _, new in changes],
        replaced=[old for _, old, _ in changes],
        moved=moved,
    )


def patch_terms(
    archive: Archive,
    blocks: list[Block],
    folder: Path,
    cache: Cache,
    previous: Path,
    base: PatchBase,
) -> PatchedStep | None:
    """The ``t`` shards patched for the changed blocks (their lengths and CJK term counts
    too), or None (nothing written) when a patch cannot make what a full build makes."""
    refs = block_refs(blocks)
    changes = base.changed(refs)
    if changes is None:
        return None
    found: list[tuple[int, BlockRef, TermCounts, TermCounts]] = []
    for position, old, new in changes:
        before = kept_terms(old.digest, cache)
        if before is None:
            return None
        found.append((position, new, before, block_terms(blocks[position], archive, cache)))
    keys, seen_before = base.keys, base.seen_before
    if not numbering_kept(base, [(n, old, new) for n, _, old, new in found]):
        numbered = _renumbered(base, found)
        if numbered is None:
            return None
        keys, seen_before = numbered
    # Terms gone from the archive keep a number here: their postings come out empty.
    patch = term_patches([(ref, old, new) for _, ref, old, new in found], base.keys | keys)
    for term, number in keys.items():
        if term not in patch.values and base.keys.get(term, number) != number:
            patch.values[term] = renumber(number)
    written = write_kinds(folder, previous, base, [patch], shards.term_key)
    if written is None:
        return None
    lengths = list(base.lengths)
    frequency, documents = dict(base.frequency), dict(base.documents)
    for _, _, was, now in found:
        for number in range(len(FIELDS)):
            lengths[number] += sum(now.lengths[number]) - sum(was.lengths[number])
        shift = {t: now.documents.get(t, 0) - was.documents.get(t, 0) for t in now.documents}
        shift |= {t: -n for t, n in was.documents.items() if t not in now.documents}
        _add(documents, shift)
        _add(frequency, chinese_terms(shift))
    after = replace(
        base,
        blocks=refs,
        keys=keys,
        seen_before=seen_before,
        lengths=lengths,
        frequency=frequency,
        documents=documents,
    )
    return patched_step(cache, folder, previous, written, after)


def _add(counts: dict[str, int], shift: dict[str, int]) -> None:
    """Each term's count moved by its shift; a count gone to 0 left out."""
    for term, change in shift.items():
        counts[term] = counts.get(term, 0) + change
        if not counts[term]:
            del counts[term]


def _renumbered(
    base: PatchBase, found: list[tuple[int, BlockRef, TermCounts, TermCounts]]
) -> tuple[dict[str, int], list[int]] | None:
    """The numbering after one changed block (``renumber``); None for more than one, or a
    base that kept no article counts."""
    if len(found) != 1 or not base.documents:
        return None
    position, _, old, new = found[0]
    return renumbered(base.keys, base.seen_before, base.documents, (position, old, new))


def whole_term_changes(
    archive: Archive, blocks: list[Block], cache: Cache, base: PatchBase, found: TermCounts
) -> tuple[frozenset[str], frozenset[str]] | None:
    """The terms whose postings changed since the build ``base`` is of, and of them those new
    to the index or gone from it, when the term step was done whole (``found``: its counts)
    while the blocks line up: the terms of the changed blocks' rows that differ, and every
    term numbered again (lunr's term index is part of its posting). None when not known."""
    changes = base.changed(block_refs(blocks))
    if changes is None:
        return None
    rows: set[str] = set()
    for position, old, _new in changes:
        before = kept_terms(old.digest, cache)
        if before is None:
            return None
        after = block_terms(blocks[position], archive, cache)
        for number in range(len(FIELDS)):
            rows |= rows_changed(before.postings[number], after.postings[number])
    vocabulary = frozenset(found.order.keys() ^ base.keys.keys())
    renumbered = {term for term, number in found.order.items() if base.keys.get(term) != number}
    return frozenset(rows | renumbered | vocabulary), vocabulary


def numbering_kept(base: PatchBase, changes: list[tuple[int, TermCounts, TermCounts]]) -> bool:
    """Whether every term keeps its lunr term index: each changed block first meets the same
    terms, in the same order, as it did (``changes``: block position, old and new counts)."""
    for position, old, new in changes:
        seen = base.seen_before[position]
        if first_met(old, base.keys, seen) != first_met(new, base.keys, seen):
            return False
    return True


def write_kinds(
    folder: Path,
    previous: Path,
    base: PatchBase,
    patches: list[KindPatch],
    shard_key: Callable[[str], str],
) -> dict[str, Patched] | None:
    """Each kind's patched shards; None, with none of them left in ``folder``, when one
    cannot be patched (its shard count would change, or a file of the previous site is
    gone or unreadable)."""
    written: dict[str, Patched] = {}
    try:
        for patch in patches:
            done = write_patched(folder, previous, base.lasts[patch.kind], patch, shard_key)
            if done is None:
                break
            written[patch.kind] = done
    except (OSError, ValueError, KeyError):
        pass
    if len(written) == len(patches):
        return written
    # Linked files must go before the whole step writes its own: writing through a link
    # would change the previous site.
    for patch in patches:
        shutil.rmtree(folder / patch.kind, ignore_errors=True)
    return None


def patched_step(
    cache: Cache, folder: Path, previous: Path, written: dict[str, Patched], base: PatchBase
) -> PatchedStep:
    """What the patch leaves, with each kind's shard digests kept for ``reuse.ShardReuse``."""
    lasts = dict(base.lasts)
    for kind, done in written.items():
        lasts[kind] = Last(done.set, done.size, done.shards)
        reuse = ShardReuse(cache, previous, kind)
        reuse.now = done.shards
        reuse.save(done.set, folder)
    return PatchedStep(
        {kind: done.set for kind, done in written.items()},
        {kind: {n: row[1] for n, row in done.shards.items()} for kind, done in written.items()},
        {kind: done.changed for kind, done in written.items()},
        replace(base, lasts=lasts),
        vocabulary=frozenset().union(*(done.added | done.gone for done in written.values())),
    )


def gram_base(
    blocks: list[Block], found: GramCounts, sets: dict[str, ShardSet], reused: ShardReuses
) -> PatchBase | None:
    """The base a full gram step leaves; None where its size estimates do not give the
    shard counts it wrote (``shards`` counts them otherwise: nothing would be patched)."""
    lasts = _lasts(["g", "p"], sets, reused)
    if lasts is None:
        return None
    return PatchBase(block_refs(blocks), lasts, dict.fromkeys(found.characters, 0))


def term_base(
    blocks: list[Block],
    found: TermCounts,
    seen_before: list[int],
    sets: dict[str, ShardSet],
    reused: ShardReuses,
) -> PatchBase | None:
    """The base a full term step leaves (as ``gram_base``)."""
    lasts = _lasts(["t"], sets, reused)
    if lasts is None:
        return None
    return PatchBase(
        block_refs(blocks),
        lasts,
        dict(found.order),
        seen_before,
        found.length_sums(),
        found.chinese_frequency(),
        dict(found.documents),
    )


def _lasts(
    kinds: list[str], sets: dict[str, ShardSet], reused: ShardReuses
) -> dict[str, Last] | None:
    """Each kind's ``Last``, with the size estimate its shards were counted from as writing
    them found it (``ShardReuse.size``), not summed over every key again."""
    lasts = {}
    for kind in kinds:
        reuse = reused.kinds.get(kind)
        if (
            reuse is None
            or reuse.size is None
            or shards.shard_count(reuse.size) != sets[kind].count
        ):
            return None
        lasts[kind] = Last(sets[kind], reuse.size, dict(reuse.now))
    return lasts
