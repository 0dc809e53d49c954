"""Index files taken from the previous site instead of encoded again, where their data is
unchanged: term and gram shards and alias bundle files (``ShardReuse``; a bundle's "data" is
a digest of its inputs, ``bundles.BundleInputs``) and each issue's result files
(``DocumentReuse``).

Encoding the term and gram shards as JSON is most of what writing them costs (some 6 s of CPU
at 20,000 articles), and a rebuild after one issue changed leaves most shards' data as it
was. So each shard's data is digested (its keys and numbers, far cheaper than encoding them),
and the digests are kept in the cache with the shard's text digest, by the site folder and the
code of the modules that make the text. A shard whose data digest is the one the last build
of that site wrote has its text read back from that site's file, checked against the text
digest kept with it: a file changed or gone since is simply encoded again. The index is byte
for byte what encoding every shard makes.

When no article of the archive changed what the index is made of (``blocks``: each block's
digest), a whole step is taken (``StepReuse``): its result from the cache and its files from
the previous site, without merging the blocks' counts at all.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import briefgen
from briefgen.cache import Cache, code_digest, key
from briefgen.search import hashed
from briefgen.search.hashed import KnownText, ShardSet, read_payload, shard_name, text_digest

_NAMESPACE = "search-shards"


def data_digest(rows: list[tuple[str, array | list]]) -> str:
    """A digest of a shard's keys and values (int arrays, or lists of ints and int arrays)."""
    found = hashlib.blake2b(digest_size=16)
    for name, value in rows:
        found.update(name.encode() + b"\0")
        for part in value if isinstance(value, list) else (value,):
            if isinstance(part, array):
                found.update(b"a%d:" % len(part) + part.tobytes())
            else:
                found.update(b"i%d;" % part)
        found.update(b"\1")
    return found.hexdigest()


@dataclass(frozen=True, slots=True)
class Taken:
    """A shard's text from the previous site (or its digest, where it was not read), and the
    file it is in."""

    text: str | KnownText
    source: Path


class ShardReuse:
    """One kind of shard's texts from the last build of ``previous`` (``static/search`` of
    the site this build replaces, there or not yet), and what this build writes, kept for
    the next. With no ``previous`` (a build of the index alone), nothing is kept."""

    def __init__(self, cache: Cache, previous: Path | None, kind: str) -> None:
        self.cache = cache
        self.previous = previous
        self.kind = kind
        # The modules that make a shard's text from its data: the shards and their names.
        code = code_digest(sys.modules[__name__], hashed)
        self.entry = key("shard texts", code, str(previous), kind)
        stored = cache.get(_NAMESPACE, self.entry) if previous is not None else None
        self.last: dict[str, list] = {}
        self.last_set: ShardSet | None = None
        #: Shard number → its file's size and modification time (``_written``), where kept.
        self.last_files: dict[str, list[int]] = {}
        if isinstance(stored, dict) and isinstance(stored.get("set"), list):
            self.last = stored["shards"]
            self.last_set = ShardSet(*stored["set"])
            self.last_files = stored.get("files") or {}
        #: Shard number → [data digest, text digest], as this build writes them.
        self.now: dict[str, list] = {}
        #: The size estimate the shards written were counted from (``shards._size``),
        #: once written: what a patch of them starts from (``patch``).
        self.size: int | None = None

    def taken(self, number: int, count: int, data: str, read: bool = False) -> Taken | None:
        """The shard's text from the previous site, when its data is what was written there
        (and kept for the next build). A file with the size and modification time kept with
        it (``save``'s ``folder``) is trusted, as ``StepReuse`` trusts a step's files, and
        not read unless ``read``: its text is then the digest kept (``KnownText``). Reading
        every unchanged shard back only to check it was most of what a term step done whole
        cost, and an alias bundle is hundreds of kilobytes. Another is read and checked
        against the digest kept."""
        last = self.last.get(str(number))
        if last is None or last[0] != data or self.previous is None:
            return None
        if self.last_set is None or self.last_set.count != count:
            return None
        name = shard_name(self.kind, self.last_set, number)
        if name is None:
            return None
        source = self.previous / f"{name}.js"
        if not read and self._unchanged(number, source):
            self.now[str(number)] = last
            return Taken(KnownText(last[1]), source)
        try:
            text = read_payload(self.previous, name)
        except (OSError, ValueError):
            return None
        if text_digest(text) != last[1]:
            return None
        self.now[str(number)] = last
        return Taken(text, source)

    def _unchanged(self, number: int, source: Path) -> bool:
        kept = self.last_files.get(str(number))
        try:
            return kept is not None and list(_written(source)) == kept
        except OSError:
            return False

    def taken_as_before(
        self, number: int, count: int, data: str, names: str, read: bool = False
    ) -> Taken | None:
        """The shard's text from the previous site (as ``taken``), whatever its data digest,
        when it holds the same keys (``names``, a digest of them) and the caller knows that
        nothing it is made of changed (an alias bundle none of whose own values changed, or
        whose changed values it splices into the text read, ``bundle_splice``); kept with
        this build's data digest."""
        last = self.last.get(str(number))
        if last is None or len(last) < 3 or last[2] != names:
            return None
        taken = self.taken(number, count, last[0], read)
        if taken is not None:
            self.now[str(number)] = [data, last[1], names]
        return taken

    def keep(self, number: int, data: str, text: str, names: str = "") -> Path | None:
        """A shard encoded by this build (``names``: as ``taken_as_before`` reads it); returns
        the previous site's file of it where that holds the same text (its data digest
        differed: a shard patched since, or a bundle made again from changed shards), to be
        linked instead of written (``hashed.write_shard_texts``)."""
        digest = text_digest(text)
        self.now[str(number)] = [data, digest, names]
        last = self.last.get(str(number))
        if last is None or last[1] != digest or self.previous is None or self.last_set is None:
            return None
        name = shard_name(self.kind, self.last_set, number)
        try:
            # Read back: a file changed by hand since must not be linked.
            same = name is not None and read_payload(self.previous, name) == text
        except (OSError, ValueError):
            return None
        return self.previous / f"{name}.js" if same else None

    def save(self, written: ShardSet, folder: Path | None = None) -> None:
        """What this build wrote, kept for the next; with ``folder`` (where it wrote them),
        each file's size and modification time too, for ``taken``."""
        if self.previous is None:
            return
        stored: dict[str, object] = {
            "set": [written.count, written.hashes, written.present],
            "shards": self.now,
        }
        if folder is not None:
            names = {n: shard_name(self.kind, written, int(n)) for n in self.now}
            stored["files"] = {
                n: list(_written(hashed.script_path(folder, name)))
                for n, name in names.items()
                if name is not None
            }
        self.cache.put(_NAMESPACE, self.entry, stored)


class ShardReuses:
    """``ShardReuse`` of each kind asked for (a ``shards.Reused``), and the text digests of
    the shards they saw written, for the alias bundles (``bundles``) to key their inputs by."""

    def __init__(self, cache: Cache, site: Path) -> None:
        self.cache = cache
        self.site = site
        self.kinds: dict[str, ShardReuse] = {}

    def __call__(self, kind: str) -> ShardReuse:
        self.kinds[kind] = ShardReuse(self.cache, self.site, kind)
        return self.kinds[kind]

    def digests(self) -> dict[str, dict[str, str]]:
        """Kind → shard number → the digest of the text written for it."""
        return {kind: {n: row[1] for n, row in r.now.items()} for kind, r in self.kinds.items()}


class DocumentReuse:
    """Each issue's result files (``doc/REF.HASH.js``) from the last build of ``previous``,
    where the issue's articles start at the same ref and show the same (a digest of their
    files' JSON texts, ``_shown_digest``). An old file is trusted when it has the size it
    was written with: these are a few kilobytes each, twenty thousand at a large archive,
    and reading each back to check its digest would cost what encoding it does.

    ``keys``: first ref of an issue → a digest of everything its files are made from (its
    records as pages show them, the editor's files, the code). An issue whose key is the one
    kept with its files is ``known`` before its documents are made: its articles' texts
    need not be read at all."""

    def __init__(self, cache: Cache, previous: Path, keys: Mapping[int, str] | None = None) -> None:
        self.cache = cache
        self.previous = previous
        self.keys = keys or {}
        code = code_digest(sys.modules[__name__], hashed)
        self.entry = key("document files", code, str(previous))
        stored = cache.get(_NAMESPACE, self.entry)
        #: First ref of an issue → [digest of what it shows, HASH, each file's size, its key].
        self.last: dict[str, list] = stored if isinstance(stored, dict) else {}
        self.now: dict[str, list] = {}
        #: First ref → the last build's entry, for the issues ``known`` by their key.
        self._known: dict[int, list] = {}
        #: Each file looked at in the previous site (``doc/REF.HASH``): its size and
        #: modification time, which a file taken keeps (``written``).
        self._stats: dict[str, tuple[int, int]] = {}
        #: Of those, the files taken (``written``).
        self._taken: dict[str, tuple[int, int]] = {}

    def known(self, first: int, count: int) -> bool:
        """Whether the ``count`` files of the issue starting at ``first`` can be taken by its
        key alone (``keys``): the last build kept the same key with them, and each old file
        has the size it was written with."""
        last = self.last.get(str(first))
        wanted = self.keys.get(first)
        if not wanted or last is None or len(last) < 4 or last[3] != wanted:
            return False
        if len(last[2]) != count or self._sizes(first, last) != last[2]:
            return False
        self._known[first] = last
        return True

    def taken(self, first: int, shown: list[str], folder: Path) -> str | None:
        """The issue's HASH, its files linked from the previous site into ``folder``; None
        when they cannot be taken as they are. ``shown``: its files' JSON texts (``[]``
        where it is ``known``)."""
        last = self._known.get(first)
        if last is None:
            last = self.last.get(str(first))
            if last is None or last[0] != _shown_digest(shown):
                return None
            if self._sizes(first, last) != last[2]:
                return None
        group = last[1]
        at = os.path.join(self.previous, "")
        for k in range(len(last[2])):
            name = f"doc/{first + k}.{group}"
            hashed.link_script(folder, name, f"{at}{name}.js")
            if name in self._stats:
                self._taken[name] = self._stats[name]
        self.now[str(first)] = [*last[:3], self.keys.get(first, "")]
        return str(group)

    def _sizes(self, first: int, last: list) -> list[int] | None:
        group = last[1]
        folder = os.path.join(self.previous, "doc")
        sizes = []
        try:
            # Strings, not Paths: twenty thousand of these at a large archive.
            for k in range(len(last[2])):
                found = os.stat(os.path.join(folder, f"{first + k}.{group}.js"))
                self._stats[f"doc/{first + k}.{group}"] = found.st_size, found.st_mtime_ns
                sizes.append(found.st_size)
        except OSError:
            return None
        return sizes

    def written(self) -> dict[str, tuple[int, int]]:
        """Each file taken from the previous site so far (``doc/REF.HASH``, as linked), and
        its size and modification time as ``taken`` saw them: a link to a file, or the
        file itself taken in place, has both (``StepReuse.keep`` need not ask again)."""
        return dict(self._taken)

    def keep(self, first: int, shown: list[str], group: str, folder: Path) -> None:
        """An issue's files written by this build into ``folder``."""
        sizes = [
            os.stat(hashed.script_path(folder, f"doc/{first + k}.{group}")).st_size
            for k in range(len(shown))
        ]
        self.now[str(first)] = [_shown_digest(shown), group, sizes, self.keys.get(first, "")]

    def save(self) -> None:
        self.cache.put(_NAMESPACE, self.entry, self.now)


def _shown_digest(texts: list[str]) -> str:
    """A digest of what an issue's results show: their files' JSON texts (``payload``: no
    raw line break in them, so joined by one they stay apart). Encoding them is C's work,
    cheaper than walking what they show in Python, and a build writing them has them."""
    return hashlib.blake2b("\n".join(texts).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class _KeptStep:
    #: The digest of everything the step's files are made from.
    inputs: str
    #: What the step returned (``TermFiles``, ``GramFiles``).
    result: object
    #: Each file it wrote (``KIND/N.HASH``), its size and when it was written (``_written``).
    files: dict[str, tuple[int, int]]


class StepReuse:
    """A whole step of the search stage (the term shards, the gram shards, the result files)
    taken from the last build of ``previous`` when everything its files are made from is as
    it was then (``inputs``: the search blocks' digests, which hold the code's, and for the
    result files what the build says of every issue's records): the step's result is
    read back from the cache and its files are linked, without merging the blocks' counts
    or digesting a shard. Kept by the site and the code alone, so only the last build's
    step is kept: a file gone, or written again since (its size or time), means the step is
    done again."""

    def __init__(self, cache: Cache, previous: Path | None, step: str, inputs: str) -> None:
        self.cache = cache
        self.previous = previous
        self.inputs = inputs
        self.entry = key("search step", code_digest(briefgen), str(previous), step)

    def taken(self, folder: Path) -> object | None:
        """The step's result, its files linked from the previous site into ``folder``; None
        when they cannot be taken as they are (and nothing is linked)."""
        if self.previous is None:
            return None
        stored = self.cache.get_bytes(_NAMESPACE, self.entry)
        if stored is None:
            return None
        kept = pickle.loads(stored)
        if not isinstance(kept, _KeptStep) or kept.inputs != self.inputs:
            return None
        sources = {name: self.previous / f"{name}.js" for name in kept.files}
        try:
            if any(_written(sources[name]) != when for name, when in kept.files.items()):
                return None
        except OSError:
            return None
        linked: list[str] = []
        try:
            for name, source in sources.items():
                hashed.link_script(folder, name, source)
                linked.append(name)
        except OSError:
            # Gone since it was looked at: the step writes these files itself, and must not
            # write through a link into the previous site.
            for name in linked:
                hashed.unlink_script(folder, name)
            return None
        return kept.result

    def keep(
        self,
        result: object,
        names: Iterable[str],
        folder: Path,
        known: Mapping[str, tuple[int, int]] | None = None,
    ) -> None:
        """The step's result and the files it wrote into ``folder`` (``NAME.js``); ``known``:
        the size and modification time of some of them, as already seen."""
        if self.previous is None:
            return
        seen = known or {}
        files = {
            name: seen.get(name) or _written(hashed.script_path(folder, name)) for name in names
        }
        kept = _KeptStep(self.inputs, result, files)
        self.cache.put_bytes(_NAMESPACE, self.entry, pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))


def shard_files(shards: dict[str, ShardSet]) -> list[str]:
    """The names of the files of ``shards`` (``KIND/N.HASH``)."""
    names = (shard_name(kind, s, n) for kind, s in shards.items() for n in range(s.count))
    return [name for name in names if name]


def _written(path: Path | str) -> tuple[int, int]:
    """A file's size and modification time: an edit changes one or both (a link to it in
    the next site keeps both)."""
    found = os.stat(path)
    return found.st_size, found.st_mtime_ns
