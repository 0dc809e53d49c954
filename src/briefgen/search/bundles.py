"""Alias bundles: everything a query for a name with aliases needs, in one file.

A query for 出口管制 also asks for its aliases (export control, 出口控制 …), and each name needs
the term shards of its characters and the gram shards of its two-character pieces: a dozen
files or more, where the name alone needs four. An alias bundle (``a/N.HASH.js``, keyed by
the fold()ed name as the alias table has it, one name a file: ``bundle_numbers``) holds, for
the name and each of its aliases, what the page would read from those shards:

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
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path

from briefgen.cache import Cache, code_digest
from briefgen.cache import key as cache_key
from briefgen.search import bundle_splice, segment
from briefgen.search import places as places_code
from briefgen.search.bundle_splice import BundleSplice
from briefgen.search.hashed import (
    KnownText,
    ShardSet,
    payload,
    read_payload,
    read_script,
    shard_name,
    write_shard_texts,
)
from briefgen.search.jsontext import Span, object_spans
from briefgen.search.places import exact_starts, gram_pieces
from briefgen.search.reuse import ShardReuse
from briefgen.search.segment import normalise, query_terms
from briefgen.search.shards import MAX_SHARDS, bucket, term_key

#: Shard numbers per alias bundle: few names are moved off their own bucket
#: (``bundle_numbers``).
BUNDLE_SPREAD = 8


def bundle_count(names: int) -> int:
    """How many numbers ``names`` alias bundles are spread over: a power of two, about
    ``BUNDLE_SPREAD`` a name (at most ``MAX_SHARDS`` unless there are more names)."""
    count = 1
    while count < BUNDLE_SPREAD * names and count < MAX_SHARDS:
        count *= 2
    while count < names:
        count *= 2
    return count


def bundle_numbers(keys: Iterable[str], count: int) -> dict[str, int]:
    """Each alias key's bundle number, one file a key: its bucket, or where a key before it
    (in code point order) has that number, the next free one after it (wrapping). Two names
    sharing a file made a query for one fetch and read the other's postings too (人工智能
    and 经济合作与发展组织: 593 KB at 20,000 articles, half of it the other's). The page
    numbers them alike from the manifest's aliases (``bundleNumbers`` in search-text.js);
    ``count`` is at least the number of keys."""
    numbers: dict[str, int] = {}
    used: set[int] = set()
    for key in sorted(keys):
        number = bucket(key, count)
        while number in used:
            number = (number + 1) % count
        used.add(number)
        numbers[key] = number
    return numbers


class _Shards:
    """Entries of the shards written so far, read back a file at a time and kept."""

    def __init__(self, folder: Path, sets: dict[str, ShardSet]) -> None:
        self.folder = folder
        self.sets = sets
        self.files: dict[str, dict] = {}
        #: Files read as text: their JSON text and where each entry stands in it.
        self.texts: dict[str, tuple[str, dict[str, Span]]] = {}

    def entry(self, kind: str, shard_key: str, key: str) -> list | None:
        name = self._file(kind, shard_key)
        if not name:
            return None
        if name not in self.files:
            data = read_script(self.folder, name)
            self.files[name] = data if isinstance(data, dict) else {}
        return self.files[name].get(key)

    def entry_text(self, kind: str, shard_key: str, key: str) -> str | None:
        """An entry's JSON text as its shard holds it (``payload`` of ``entry``), not
        decoded: a term's posting is spliced into a bundle as it stands."""
        name = self._file(kind, shard_key)
        if not name:
            return None
        if name not in self.texts:
            text = read_payload(self.folder, name)
            self.texts[name] = text, object_spans(text)[0]
        text, spans = self.texts[name]
        span = spans.get(key)
        return text[span[0] : span[1]] if span else None

    def _file(self, kind: str, shard_key: str) -> str | None:
        shards = self.sets.get(kind)
        return shard_name(kind, shards, bucket(shard_key, shards.count)) if shards else None

    def vocabulary(self, name: str) -> ChainMap[str, list]:
        """The terms of the term shards of ``name``'s characters and character pairs: every
        term a piece of ``name`` could be (``term_key``), and some others. The shards'
        own entries, looked through: copying their terms into a set for each name was a
        tenth of a small archive's search index."""
        keys = set(name) | {name[k : k + 2] for k in range(len(name) - 1)}
        for key in keys:
            self.entry("t", key, key)  # reads the shard in
        sets = self.sets["t"]
        files = {shard_name("t", sets, bucket(key, sets.count)) for key in keys}
        return ChainMap(*(self.files.get(file, {}) for file in files if file))


class PlacesCache:
    """Each name's places (``exact_starts``) by a digest of the name and its grams' entries,
    as the last run found them; what this run looked up is kept for the next."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        #: One entry, whatever the archive: places are looked up by their inputs' digest (and
        #: the code that works them out, ``places_code``, is in its key).
        self.entry = cache_key("alias places", code_digest(sys.modules[__name__], places_code))
        stored = cache.get("alias-places", self.entry)
        self.last: dict[str, list] = stored if isinstance(stored, dict) else {}
        self.now: dict[str, list] = {}

    def places(self, name: str, gram: Callable[[str], list | None]) -> list:
        entries = [gram(piece) for piece in gram_pieces(name).values()]
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


@dataclass(frozen=True, slots=True)
class BundleInputs:
    """What the alias bundles are made from, by digest: the text digest of every shard this
    build wrote (``ShardReuses.digests``), so a bundle file whose names and whose names'
    shards are unchanged is taken from the last site (``ShardReuse``), not made again."""

    sets: dict[str, ShardSet]
    #: Kind → shard number → digest of its text.
    digests: dict[str, dict[str, str]]

    def digest(self, keys: list[str], aliases: dict[str, list[str]]) -> str:
        """A digest of the bundles of ``keys``' inputs: their names, the shards each name
        reads (``_bundle``: the term shards of its characters and of its normalised ones,
        the gram shards of its pieces or of itself) and the code that makes them."""
        found = hashlib.blake2b(_code().encode(), digest_size=16)
        for key in keys:
            for name in [key, *aliases[key]]:
                found.update(b"\1" + name.encode() + b"\0")
                for kind, shard_key in _read(name):
                    found.update(self._shard(kind, shard_key).encode() + b";")
        return found.hexdigest()

    def _shard(self, kind: str, shard_key: str) -> str:
        shards = self.sets.get(kind)
        if shards is None:
            return f"{kind}:none"
        number = bucket(shard_key, shards.count)
        return f"{kind}/{shards.count}/{number}:{self.digests.get(kind, {}).get(str(number), '-')}"


@once
def _code() -> str:
    return code_digest(sys.modules[__name__], places_code, segment, bundle_splice)


def _read(name: str) -> list[tuple[str, str]]:
    """(kind, key) of every shard ``_bundle`` reads for ``name``."""
    keys = set()
    for text in (name, normalise(name)):
        keys |= set(text) | {text[k : k + 2] for k in range(len(text) - 1)}
    read = [("t", key) for key in sorted(keys)]
    if len(name) == 1:
        return [*read, ("g", name)]
    return read + [("p", piece) for piece in gram_pieces(name).values()]


def write_alias_bundles(
    aliases: dict[str, list[str]],
    sets: dict[str, ShardSet],
    folder: Path,
    cache: Cache | None = None,
    reuse: ShardReuse | None = None,
    inputs: BundleInputs | None = None,
    spliced: BundleSplice | None = None,
) -> dict[str, ShardSet]:
    """The alias bundles (``a/N.HASH.js``) of every name in ``aliases``, from the shards in
    ``sets`` already written to ``folder``; ``cache`` keeps the places worked out; with
    ``reuse`` and ``inputs``, a bundle file whose inputs are unchanged is taken from the
    last site. With ``spliced`` (the changes since that build, the shard counts the same), a
    bundle none of whose own values changed is taken too, though shards it reads changed
    elsewhere, and one with a few changed values is the last build's text with those values
    made again (``bundle_splice``)."""
    shards = _Shards(folder, sets)
    places = PlacesCache(cache or Cache(None))
    count = bundle_count(len(aliases))
    # One key a file; the steps below read a file's keys as a list.
    numbered = {number: [key] for key, number in bundle_numbers(aliases, count).items()}

    def texts() -> Iterator[tuple[int, str | KnownText, Path | None]]:
        for number in sorted(numbered):
            keys = numbered[number]
            data = inputs.digest(keys, aliases) if inputs is not None else ""
            taken = reuse.taken(number, count, data) if reuse is not None else None
            text = None
            if taken is None and reuse is not None and spliced is not None:
                names = _names_digest(keys, aliases)
                work = spliced.work([name for key in keys for name in [key, *aliases[key]]])
                if work is not None and not work:
                    taken = reuse.taken_as_before(number, count, data, names)
                elif work is not None:
                    last = reuse.taken_as_before(number, count, data, names, read=True)
                    if last is not None and isinstance(last.text, str):
                        text = spliced.text(last.text, keys, aliases, shards, work)
            if taken is not None:
                yield number, taken.text, taken.source
                continue
            if text is None:
                bundles = {key: _bundle([key, *aliases[key]], shards, places) for key in keys}
                text = payload(bundles)
            names = _names_digest(keys, aliases)
            source = reuse.keep(number, data, text, names) if reuse is not None else None
            yield number, text, source

    written = write_shard_texts(folder, "a", texts(), count, ascii=True)
    if spliced is not None:
        # Names spliced here were not looked up: their places stay kept for a later build.
        places.now = places.last | places.now
    places.save()
    if reuse is not None:
        reuse.save(written, folder)
    return {"a": written}


def _names_digest(keys: list[str], aliases: dict[str, list[str]]) -> str:
    """A digest of a bundle file's names: its keys and their aliases."""
    found = hashlib.blake2b(digest_size=16)
    for key in keys:
        for name in [key, *aliases[key]]:
            found.update(name.encode() + b"\0")
        found.update(b"\1")
    return found.hexdigest()


def _bundle(names: list[str], shards: _Shards, cached: PlacesCache) -> dict:
    terms: dict[str, list] = {}
    places: dict[str, list] = {}
    counts: dict[str, list] = {}
    for name in names:
        for term in query_terms(name, shards.vocabulary(name)):
            entry = shards.entry("t", term_key(term), term)
            if entry is not None:
                terms[term] = entry
        if len(name) == 1:
            counts[name] = shards.entry("g", name, name) or []
        else:
            places[name] = cached.places(name, lambda gram: shards.entry("p", gram, gram))
    return {"terms": terms, "places": places, "counts": counts}
