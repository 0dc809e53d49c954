"""Alias bundles: everything a query for a name with aliases needs, in one file.

A query for 出口管制 also asks for its aliases (export control, 出口控制 …), and each name needs
the term shards of its characters and the gram shards of its two-character pieces: a dozen
files or more, where the name alone needs four. An alias bundle (``a/N.HASH.js``, keyed by
the fold()ed name as the alias table has it) holds, for the name and each of its aliases,
what the page would read from those shards:

- ``terms``: the index terms the name is cut into (``query_terms``), with their postings as
  the term shards hold them: the terms a query for the name asks for, and no other;
- ``places``: where the name stands in each article, as the page works it out from the gram
  shards (``exact_starts``): [ref delta, n, first start, n - 1 deltas, …], and for a name of
  one character ``counts``: [ref delta, count, …] as the character's ``g`` shard has it.

So the page asks for one file per name with aliases, and ranks from the same numbers.
Bundles are made from the shards already written (read back from ``folder``): the stage
holds no counts while it makes them. Working out a name's places from its grams' positions is
most of the work, so with a cache the places are kept by a digest of the name and its grams'
entries (``PlacesCache``): a rebuild works out only the names whose grams changed.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from briefgen.cache import Cache, code_digest
from briefgen.cache import key as cache_key
from briefgen.search.hashed import ShardSet, read_script, shard_name, write_shard_set
from briefgen.search.segment import query_terms
from briefgen.search.shards import MAX_SHARDS, bucket

#: Shard numbers per alias bundle: a name's bundle shares its file with another's rarely.
BUNDLE_SPREAD = 8


class _Shards:
    """Entries of the shards written so far, read back a file at a time and kept."""

    def __init__(self, folder: Path, sets: dict[str, ShardSet]) -> None:
        self.folder = folder
        self.sets = sets
        self.files: dict[str, dict] = {}

    def entry(self, kind: str, shard_key: str, key: str) -> list | None:
        shards = self.sets.get(kind)
        name = shards and shard_name(kind, shards, bucket(shard_key, shards.count))
        if not name:
            return None
        if name not in self.files:
            data = read_script(self.folder, name)
            self.files[name] = data if isinstance(data, dict) else {}
        return self.files[name].get(key)

    def vocabulary(self, name: str) -> set[str]:
        """The terms of the term shards of ``name``'s characters: every term a piece of
        ``name`` could be (a term's shard is its first character's), and some others."""
        for ch in set(name):
            self.entry("t", ch, ch)  # reads the shard in
        sets = self.sets["t"]
        files = {shard_name("t", sets, bucket(ch, sets.count)) for ch in set(name)}
        return {term for file in files if file for term in self.files.get(file, {})}


class PlacesCache:
    """Each name's places (``exact_starts``) by a digest of the name and its grams' entries,
    as the last run found them; what this run looked up is kept for the next."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        #: One entry, whatever the archive: places are looked up by their inputs' digest.
        self.entry = cache_key("alias places", code_digest(sys.modules[__name__]))
        stored = cache.get("alias-places", self.entry)
        self.last: dict[str, list] = stored if isinstance(stored, dict) else {}
        self.now: dict[str, list] = {}

    def places(self, name: str, gram: Callable[[str], list | None]) -> list:
        entries = [gram(piece) for piece in _pieces(name).values()]
        if any(entry is None for entry in entries):
            return []
        found = hashlib.blake2b(name.encode(), digest_size=16)
        for entry in entries:
            numbers = array("i", entry or [])
            found.update(len(numbers).to_bytes(8, "little") + numbers.tobytes())
        digest = found.hexdigest()
        places = self.last.get(digest)
        if places is None:
            places = exact_starts(name, gram)
        self.now[digest] = places
        return places

    def save(self) -> None:
        self.cache.put("alias-places", self.entry, self.now)


def write_alias_bundles(
    aliases: dict[str, list[str]],
    sets: dict[str, ShardSet],
    folder: Path,
    cache: Cache | None = None,
) -> dict[str, ShardSet]:
    """The alias bundles (``a/N.HASH.js``) of every name in ``aliases``, from the shards in
    ``sets`` already written to ``folder``; ``cache`` keeps the places worked out."""
    shards = _Shards(folder, sets)
    places = PlacesCache(cache or Cache(None))
    bundles = {key: _bundle([key, *others], shards, places) for key, others in aliases.items()}
    places.save()
    # A bundle is a file's worth already: eight numbers a name, so that few share a file.
    count = 1
    while count < BUNDLE_SPREAD * len(bundles) and count < MAX_SHARDS:
        count *= 2
    numbered: dict[int, dict] = {}
    for key, bundle in bundles.items():
        numbered.setdefault(bucket(key, count), {})[key] = bundle
    return {"a": write_shard_set(folder, "a", sorted(numbered.items()), count)}


def _bundle(names: list[str], shards: _Shards, cached: PlacesCache) -> dict:
    terms: dict[str, list] = {}
    places: dict[str, list] = {}
    counts: dict[str, list] = {}
    for name in names:
        for term in query_terms(name, shards.vocabulary(name)):
            entry = shards.entry("t", term[0], term)
            if entry is not None:
                terms[term] = entry
        if len(name) == 1:
            counts[name] = shards.entry("g", name, name) or []
        else:
            places[name] = cached.places(name, lambda gram: shards.entry("p", gram, gram))
    return {"terms": terms, "places": places, "counts": counts}


def exact_starts(name: str, gram: Callable[[str], list | None]) -> list:
    """Where ``name`` (two characters or more) stands, from its two-character grams'
    positions as ``exactStarts`` in search-rank.js finds it: grams at offsets 0, 2, 4 … and
    the last, each at start + its offset. [ref delta, n, first start, n - 1 deltas, …]."""
    pieces = _pieces(name)
    offsets = list(pieces)
    entries = [gram(piece) for piece in pieces.values()]
    if any(entry is None for entry in entries):
        return []
    runs = [_positions(entry) for entry in entries if entry is not None]
    flat: list[int] = []
    last_ref = 0
    for ref, firsts in runs[0].items():
        if not all(ref in run for run in runs):
            continue
        later = [set(run[ref]) for run in runs[1:]]
        starts = [
            start
            for start in firsts
            if all(start + offsets[k + 1] in found for k, found in enumerate(later))
        ]
        if starts:
            deltas = [b - a for a, b in pairwise(starts)]
            flat += [ref - last_ref, len(starts), starts[0], *deltas]
            last_ref = ref
    return flat


def _pieces(name: str) -> dict[int, str]:
    """The two-character grams ``exact_starts`` reads, by their offset in ``name``: at 0, 2,
    4 … and the last."""
    offsets = list(range(0, len(name) - 1, 2))
    if offsets[-1] != len(name) - 2:
        offsets.append(len(name) - 2)
    return {offset: name[offset : offset + 2] for offset in offsets}


def _positions(entry: list) -> dict[int, list[int]]:
    """[ref delta, n, first, n - 1 deltas, …] → ref → positions, in ref order."""
    out: dict[int, list[int]] = {}
    ref = 0
    at = 0
    while at < len(entry):
        ref += entry[at]
        n = entry[at + 1]
        position = 0
        positions = []
        for delta in entry[at + 2 : at + 2 + n]:
            position += delta
            positions.append(position)
        out[ref] = positions
        at += 2 + n
    return out
