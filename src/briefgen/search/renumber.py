"""lunr's term index worked out again after one block changed the terms it meets first, for
the term shards to be patched (``patch.patch_terms``) instead of merged whole.

A term's posting starts with its lunr term index: the order the archive first meets each
term, block after block. A title fixed by hand often gives its article a word no article had
(or takes away one no other article has): every term first met after it is numbered again.
When the changed block's first-met terms differ only by such terms, the new numbering is the
old one with the block's run of numbers replaced: the terms before the block keep theirs, the
block's first-met terms are numbered in the order it now meets them, and every later term's
number moves by the difference in length. Where a term the block no longer meets first is
still in the archive (a later block now meets it first), or one it now meets first was met
first by a later block, the later blocks' own orders would be needed: the step is done whole.
"""

from __future__ import annotations

from collections.abc import Callable

from briefgen.search.counts import TermCounts


def first_met(block: TermCounts, index: dict[str, int], seen: int) -> list[str]:
    """The block's terms that no block before it holds (those numbered ``seen`` on, or new)."""
    return [term for term in block.order if index.get(term, seen) >= seen]


def renumbered(
    index: dict[str, int],
    seen_before: list[int],
    documents: dict[str, int],
    change: tuple[int, TermCounts, TermCounts],
) -> tuple[dict[str, int], list[int]] | None:
    """Every term's index and each block's count of terms before it, after the block at
    ``change``'s position went from its old counts to its new ones; ``documents``: how many
    articles held each term. None where the later blocks' orders would be needed."""
    position, old, new = change
    seen = seen_before[position]
    was, now = first_met(old, index, seen), first_met(new, index, seen)
    if any(term in index for term in set(now) - set(was)):
        return None
    for term in set(was) - set(now):
        left = documents.get(term, 0) - old.documents.get(term, 0) + new.documents.get(term, 0)
        if left:
            return None
    end, shift = seen + len(was), len(now) - len(was)
    numbers = {term: number for term, number in index.items() if number < seen}
    numbers |= {term: seen + k for k, term in enumerate(now)}
    numbers |= {term: number + shift for term, number in index.items() if number >= end}
    counts = [n if k <= position else n + shift for k, n in enumerate(seen_before)]
    return dict(sorted(numbers.items(), key=lambda item: item[1])), counts


def renumber(number: int) -> Callable[[list | None], list | None]:
    """A term's posting with its index made ``number``, its fields as they were."""

    def renumbered_value(value: list | None) -> list | None:
        return [number, *value[1:]] if value else value

    return renumbered_value
