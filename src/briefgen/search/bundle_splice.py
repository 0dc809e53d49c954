"""Alias bundles after a few blocks changed: which values of each bundle changed, worked out
without reading it, and those values alone made again in the last build's text.

A title fixed by hand changes the postings of every term and gram of its article (their
positions shift), and nearly every alias bundle reads a shard holding one of them. But a
bundle holds only its names' own values: the postings of the terms its names are cut into, a
one-character name's counts and a longer name's places. Each changes only where the name
itself stands in a changed block, or one of its terms changed:

- a term's value is the term's posting, changed exactly when the term's key did (the term
  steps say which, ``TermFiles.changed``);
- a name's places are its places in each block, end to end (``splice``): they changed only
  where its places in a changed block, worked out from the block's old and new grams
  (``exact_starts``), differ;
- which terms a name is cut into depends on which of its pieces are terms of the index
  (``segment.query_terms``): a term new to the archive or gone from it that is a piece of a
  name makes its bundle whole again.

So a bundle none of whose values changed is the last build's file, linked unread
(``reuse.ShardReuse.taken_as_before``), and one with a few changed values is the last
build's text with those values replaced (``jsontext``).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from briefgen.search.hashed import payload
from briefgen.search.jsontext import JsonShape, Span, object_spans, replaced
from briefgen.search.places import exact_starts, gram_pieces
from briefgen.search.segment import normalise
from briefgen.search.shards import term_key
from briefgen.search.splice import BlockRef, places_width, splice


class ShardEntries(Protocol):
    """Entries of the shards this build wrote (``bundles._Shards``)."""

    def entry(self, kind: str, shard_key: str, key: str) -> list | None: ...

    def entry_text(self, kind: str, shard_key: str, key: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class BlockGrams:
    """A changed block: where it stands, and its two-character grams' positions (refs from
    0) as the last build counted them and as this one does."""

    where: BlockRef
    before: dict[str, array]
    after: dict[str, array]


@dataclass(frozen=True, slots=True)
class Work:
    """What of one bundle file changed since the last build."""

    #: Terms whose postings changed (of those the file may hold).
    terms: frozenset[str] = frozenset()
    #: One-character names whose counts changed.
    counts: tuple[str, ...] = ()
    #: Longer names whose places changed.
    places: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.counts or self.places)


@dataclass(frozen=True, slots=True)
class BundleSplice:
    """The changes of a build whose blocks line up with the last build's: the blocks that
    changed (``BlockGrams``), each kind's keys whose postings changed, and the terms new to
    the index or gone from it."""

    blocks: list[BlockGrams]
    #: Kind → the keys whose postings changed.
    changed: dict[str, frozenset[str]]
    #: Terms the last build's index did not hold, or this one's does not.
    vocabulary: frozenset[str] = frozenset()
    #: Each name's places in each changed block, before and after, once worked out.
    _moved: dict[str, bool] = field(default_factory=dict)

    def work(self, names: list[str]) -> Work | None:
        """What changed of the bundle of ``names`` (a key and its aliases); None when the
        terms its names are cut into may have changed (it is made whole)."""
        terms: set[str] = set()
        counts: list[str] = []
        places: list[str] = []
        changed_terms = self.changed.get("t", frozenset())
        for name in dict.fromkeys(names):
            pieces = _pieces(normalise(name))
            if not self.vocabulary.isdisjoint(pieces):
                return None
            terms |= changed_terms & pieces
            if len(name) == 1:
                if name in self.changed.get("g", ()):
                    counts.append(name)
            elif self._places_changed(name):
                places.append(name)
        return Work(frozenset(terms), tuple(counts), tuple(places))

    def _places_changed(self, name: str) -> bool:
        if self.changed.get("p", frozenset()).isdisjoint(gram_pieces(name).values()):
            return False
        if name not in self._moved:
            self._moved[name] = any(
                exact_starts(name, _grams_of(block.before))
                != exact_starts(name, _grams_of(block.after))
                for block in self.blocks
            )
        return self._moved[name]

    def text(
        self, last: str, keys: list[str], aliases: dict, shards: ShardEntries, work: Work
    ) -> str | None:
        """The bundle file of ``keys`` from ``last``, the last build's text of it, with the
        values ``work`` names made again, the rest of the text as it stands; None where the
        file is not of a bundle's shape, or lacks a name's entry (it is made whole)."""
        values: list[tuple[Span, str]] = []
        try:
            files = object_spans(last)[0]
            for key in keys:
                sections = object_spans(last, files[key][0])[0]
                terms, counts, places = (
                    object_spans(last, sections[part][0])[0]
                    for part in ("terms", "counts", "places")
                )
                for term in terms.keys() & work.terms:
                    entry = shards.entry_text("t", term_key(term), term)
                    values.append((terms[term], entry or "null"))
                names = dict.fromkeys([key, *aliases[key]])
                for name in names.keys() & set(work.counts):
                    values.append((counts[name], shards.entry_text("g", name, name) or "[]"))
                for name in names.keys() & set(work.places):
                    values.append((places[name], self._places(last, places[name], name)))
        except (JsonShape, KeyError):
            return None
        return replaced(last, values)

    def _places(self, last: str, span: Span, name: str) -> str:
        found = json.loads(last[span[0] : span[1]])
        for block in self.blocks:
            here = exact_starts(name, _grams_of(block.after))
            found = splice(found, here, block.where.start, block.where.size, places_width)
        return payload(found)


def _pieces(text: str) -> frozenset[str]:
    """Every piece of ``text`` a term of the index could be: each of its substrings (the
    terms ``query_terms`` cuts it into are some of them)."""
    return frozenset(
        text[start:end] for start in range(len(text)) for end in range(start + 1, len(text) + 1)
    )


def _grams_of(rows: dict[str, array]) -> Callable[[str], list | None]:
    """A gram's positions in ``rows`` as ``exact_starts`` reads them."""

    def gram(piece: str) -> list | None:
        row = rows.get(piece)
        return row.tolist() if row is not None else None

    return gram
