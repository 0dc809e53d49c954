"""Index files named by a hash of their content, and how the manifest names the shards.

Every index file but ``manifest.js`` is written as ``STEM.HASH.js``, HASH a digest of the data
it holds, so a browser or CDN may keep it forever: a file whose data changes gets a new name,
and an old manifest can only name the files it was written with. ``manifest.js`` keeps a
stable name (the page loads it by that name) and is the one file a host should revalidate.

Shards of one kind (``t``, ``g``, ``p``, ``e``) are numbered by the hash of their key, and the
manifest itself names them, so a query asks for its shards at once, with no table to fetch
first: the shards of a kind fall in at most ``GROUPS`` runs of consecutive numbers, and a
shard's HASH is the digest of its run's content (the manifest lists one per run: a digest of
its shards' text digests, ``run_digest``). A shard's name thus changes only when its run
changes: a new issue renames the shards that share a run with one it touched, and leaves the
rest as they were. Which shards are empty (no file) is a bit each (``present``). The manifest
grows by one short hash per run and a bit per shard, at most a few kilobytes at any archive
size (a hash per shard would add some 28 KB gzipped at 20,000 articles, before every first
result).

Each file is a script, so the page works from file:// too, and it hands its data over under
its name without the hash (``handed_name``):
``BriefgenSearch.loaded("t/3", JSON.parse('…'))`` in ``t/3.ab12cd34.js``. So a shard whose
text is unchanged is the same bytes under any name: renamed with its run, it is a hard link
to its previous file (``link_script``), neither read nor written again. A page asks for one
name a stem (it reads one manifest).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The layout of the files below ``static/search/``: the page refuses a manifest of another.
FORMAT = 6
#: Runs of shards a kind is named by, at most: the hashes the manifest lists for it.
GROUPS = 256
#: Hex digits of a content hash in a file name: a new name whenever the data changes.
HASH_DIGITS = 8


@dataclass(frozen=True, slots=True)
class ShardSet:
    """One kind of shard as the manifest describes it."""

    #: Shards a key is hashed over (a power of two; some may be empty and have no file).
    count: int
    #: The content hash of each run of ``count // len(hashes)`` shards, "" for a run of
    #: empty ones.
    hashes: list[str]
    #: Which shards have a file: hex digit k holds shards 4k to 4k + 3, bit j for 4k + j.
    present: str


@dataclass(frozen=True, slots=True)
class KnownText:
    """A shard's text left unread in an earlier index's file: its ``text_digest``, as the
    cache kept it (``reuse.ShardReuse.taken``)."""

    digest: str


def payload(data: object) -> str:
    """The JSON an index file holds: compact and with sorted keys, so equal data is equal text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def text_digest(text: str) -> str:
    """A shard's text digest: what its run's name is made of (``run_digest``), and what the
    cache keeps of it (``reuse``)."""
    return bytes_digest(text.encode())


def bytes_digest(data: bytes | memoryview) -> str:
    """``text_digest`` of a text given as its UTF-8 bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def run_digest(text_digests: Iterable[str]) -> str:
    """The HASH of a run of shards, from its shards' ``text_digest`` in increasing number: a
    run is named without reading the shards it keeps as they were."""
    return digest("\n".join(text_digests))


def handed_name(name: str) -> str:
    """What the file ``NAME.js`` hands its data over as: ``name`` without its hash
    (``t/3.ab12cd34`` → ``t/3``; ``manifest`` as it is)."""
    folder, _, file = name.rpartition("/")
    stem = file.rsplit(".", 1)[0]
    return f"{folder}/{stem}" if folder else stem


def write_named(folder: Path, stem: str, data: object) -> str:
    """``STEM.HASH.js`` holding ``data``; returns its name, ``STEM.HASH``."""
    text = payload(data)
    name = f"{stem}.{digest(text)}"
    write_script(folder, name, text)
    return name


def write_script(folder: Path, name: str, text: str, ascii: bool = False) -> None:
    """``NAME.js``: a script handing the JSON ``text`` to BriefgenSearch.loaded; with
    ``ascii``, written in ASCII alone (``script``)."""
    write_script_data(folder, name, script(name, text, ascii).encode("utf-8"))


def write_script_data(folder: Path, name: str, data: bytes) -> None:
    """``NAME.js`` holding ``data``, a whole script as ``write_script`` writes it."""
    path = os.path.join(folder, f"{name}.js")
    try:
        _write_bytes(path, data)
    except FileNotFoundError:
        # Its folder is new: made here, not asked for before each of thousands of files.
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write_bytes(path, data)


def _write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


class _InPlace:
    """Where the build puts the new index in place of the previous one (``take_in_place``)."""

    def __init__(self, folder: Path, previous: Path, existing: frozenset[str]) -> None:
        self.folder = folder
        self.previous = previous
        #: ``previous`` as a string ending in a separator: a build asks about thousands of
        #: files, and a ``Path`` made and compared each time cost more than the link.
        self.previous_at = os.path.join(previous, "")
        #: The previous index's files, by their path in its folder.
        self.existing = existing
        #: Those taken as they are so far, and of them those ``taken_files`` handed out (a
        #: file stays taken, to be read where it is, once handed out).
        self.taken: set[str] = set()
        self.handed_out: set[str] = set()

    def takes(self, folder: Path, name: str, source: Path | str) -> bool:
        return self._here(folder) and os.fspath(source) == f"{self.previous_at}{name}.js"

    def has_taken(self, folder: Path, name: str) -> bool:
        return f"{name}.js" in self.taken and self._here(folder)

    def _here(self, folder: Path) -> bool:
        return folder is self.folder or folder == self.folder


#: Set in the processes of a build that puts the index in place (``take_in_place``).
_in_place: _InPlace | None = None


def take_in_place(
    folder: Path, previous: Path, existing: frozenset[str], taken: Iterable[str] = ()
) -> None:
    """From now on in this process, the index written into ``folder`` is to be put in place
    of ``previous`` (whose files are ``existing``): a file taken from it as it is stays there,
    and is only noted (``taken_files``), not linked; reading it reads it there. ``taken``:
    files other processes noted (and handed out)."""
    global _in_place
    # The steps of one build (threads, where the platform cannot fork, or one worker's
    # tasks) share what they note: the same ``existing``, the very object. Another build's
    # (an earlier one of this process, or of the process this one was forked from) may have
    # equal paths and files, and its notes are not this build's.
    current = _in_place
    if current is None or current.existing is not existing:
        current = _in_place = _InPlace(folder, previous, existing)
    given = set(taken)
    current.taken.update(given)
    current.handed_out.update(given)


def make_whole() -> None:
    """From now on in this process, a file taken from the previous index is linked into the
    new one (the build makes the whole index, then swaps it in)."""
    global _in_place
    _in_place = None


def taken_files() -> list[str]:
    """The files noted as taken (``take_in_place``) in this process since the last call, by
    their path in the index folder."""
    if _in_place is None:
        return []
    taken = sorted(_in_place.taken - _in_place.handed_out)
    _in_place.handed_out.update(taken)
    return taken


def link_script(folder: Path, name: str, source: Path | str) -> None:
    """``NAME.js`` as a hard link to ``source``, an index file of the same data handed over
    under the same name (``handed_name``; a copy where the file system has no hard links);
    noted instead, where the index is put in place of the one ``source`` is in
    (``take_in_place``) and ``source`` has this very name."""
    if _in_place is not None and _in_place.takes(folder, name, source):
        if f"{name}.js" not in _in_place.existing:
            raise FileNotFoundError(2, "No such file or directory", str(source))
        _in_place.taken.add(f"{name}.js")
        return
    path = os.path.join(folder, f"{name}.js")
    try:
        try:
            os.link(source, path)
        except FileNotFoundError:
            # Its folder is new (or the source is gone, and linking fails again below).
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def write_shard_texts(
    folder: Path,
    kind: str,
    shards: Iterable[tuple[int, str | KnownText, Path | None]],
    count: int,
    ascii: bool = False,
) -> ShardSet:
    """Every non-empty shard, given as (number, ``payload`` text, the file of an earlier
    index it was read from or None) in increasing number, as ``KIND/N.HASH.js``, HASH that of
    its run (``GROUPS``); one run's texts are held at a time. A shard read from an earlier
    file (the same number and text, so the same bytes, whatever its run's name) is linked
    to, not written again; so is one given as a ``KnownText`` with its file, never read.
    ``ascii``: the files written in ASCII alone (``script``)."""
    size = max(1, count // GROUPS)
    hashes = [""] * (count // size)
    present = [0] * ((count + 3) // 4)
    run: list[tuple[int, str | KnownText, Path | None]] = []

    def flush() -> None:
        if run:
            group = run_digest(_digest_of(text) for _number, text, _source in run)
            hashes[run[0][0] // size] = group
            for number, text, source in run:
                name = f"{kind}/{number}.{group}"
                if source is not None:
                    link_script(folder, name, source)
                elif isinstance(text, str):
                    write_script(folder, name, text, ascii)
                else:
                    raise ValueError(f"{name}: a known text without its file")
            run.clear()

    for number, text, source in shards:
        if run and run[0][0] // size != number // size:
            flush()
        run.append((number, text, source))
        present[number // 4] |= 1 << (number % 4)
    flush()
    return ShardSet(count, hashes, "".join(f"{bits:x}" for bits in present))


def _digest_of(text: str | KnownText) -> str:
    return text.digest if isinstance(text, KnownText) else text_digest(text)


def script(name: str, text: str, ascii: bool = False) -> str:
    """The script of an index file: the JSON ``text`` in a string for JSON.parse, which
    browsers read faster than the same data written as a JavaScript literal. Kept safe to
    inline too: "</script>" must not end a script element, and U+2028/9 are spelled out for
    older parsers.

    With ``ascii``, every other character is a JSON escape too (``\\u4eba`` for 人, in the
    string JSON.parse reads): the string is then of Latin-1 characters alone, which V8 keeps
    one byte a character and parses much faster (an alias bundle of 372 KB: some 10 ms
    instead of 15 to 18 in node), for a few bytes more a name."""
    literal = text.replace("\\", "\\\\").replace("'", "\\'").replace("</", "<\\/")
    if ascii and not literal.isascii():
        literal = _NOT_ASCII.sub(_json_escape, literal)
    literal = literal.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"BriefgenSearch.loaded({json.dumps(handed_name(name))},JSON.parse('{literal}'));\n"


#: What ``script`` spells out as JSON escapes in ASCII: a character past ASCII (a character
#: past U+FFFF is a surrogate pair, as JSON writes it).
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _json_escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x10000:
        return f"\\\\u{code:04x}"
    code -= 0x10000
    return f"\\\\u{0xD800 + (code >> 10):04x}\\\\u{0xDC00 + (code & 0x3FF):04x}"


def shard_name(kind: str, shards: ShardSet, number: int) -> str | None:
    """``KIND/N.HASH`` of shard ``number``, or None when it is empty (as the page names it)."""
    if not int(shards.present[number // 4], 16) >> (number % 4) & 1:
        return None
    run = number // (shards.count // len(shards.hashes))
    return f"{kind}/{number}.{shards.hashes[run]}"


def read_script(folder: Path, name: str) -> object:
    """The data of an index file written by ``write_script`` (its JSON, unescaped)."""
    return json.loads(read_payload(folder, name))


def unlink_script(folder: Path, name: str) -> None:
    """``NAME.js`` gone from ``folder`` again, where ``link_script`` put it."""
    if _in_place is not None and _in_place.has_taken(folder, name):
        _in_place.taken.discard(f"{name}.js")
        _in_place.handed_out.discard(f"{name}.js")
    else:
        (folder / f"{name}.js").unlink()


def script_file(folder: Path, name: str) -> Path:
    """Where ``NAME.js`` of ``folder`` is: in the previous index when it was taken from it
    and stays there (``take_in_place``)."""
    return Path(script_path(folder, name))


def script_path(folder: Path, name: str) -> str:
    """``script_file`` as a string: a build stats twenty thousand result files, and a
    ``Path`` each costs more than the stat."""
    if _in_place is not None and _in_place.has_taken(folder, name):
        return os.path.join(_in_place.previous, f"{name}.js")
    return os.path.join(folder, f"{name}.js")


def read_payload(folder: Path, name: str) -> str:
    """The JSON text of an index file written by ``write_script``, as ``payload`` made it."""
    return script_payload(script_file(folder, name).read_text(encoding="utf-8"))


def script_payload(text: str) -> str:
    """The JSON text of an index file's script text (``read_payload``), as ``payload`` made
    it, whether the script was written in ASCII or not."""
    literal = text[text.index("JSON.parse('") + len("JSON.parse('") : text.rindex("'));")]
    found = _UNESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], literal)
    return _JSON_ESCAPE.sub(_json_unescape, found) if "\\u" in found else found


#: What ``script`` escapes in the JSON text, and what each escape stands for.
_UNESCAPE = re.compile(r"\\(u202[89]|[\\'/])")
_UNESCAPED = {"\\": "\\", "'": "'", "/": "/", "u2028": "\u2028", "u2029": "\u2029"}
#: An escape of the JSON text: a character past ASCII as ``script`` spells it in ASCII (a
#: pair of surrogates, or one), or another escape, kept as it is (``payload`` writes those
#: past ASCII as they are, so those it spells out are ``script``'s).
_JSON_ESCAPE = re.compile(r"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u([0-9a-f]{4})|\\.")


def _json_unescape(found: re.Match[str]) -> str:
    high, low, single = found.groups()
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    if single is not None and int(single, 16) >= 0x80:
        return chr(int(single, 16))
    return found.group()
