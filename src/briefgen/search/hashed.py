"""Index files named by a hash of their content, and the tables that name them.

Every index file but ``manifest.js`` is written as ``STEM.HASH.js``, HASH a digest of the data
it holds, so a browser or CDN may keep it forever: a file whose data changes gets a new name,
and an old manifest can only name the files it was written with. ``manifest.js`` keeps a
stable name (the page loads it by that name) and is the one file a host should revalidate.

Shards of one kind (``t``, ``g``, ``p``, ``e``) are numbered by the hash of their key; which of
them exist and under which name is listed in name tables (``names-0.HASH.js``: for each kind,
the content hashes of its shards 0–255, "" for an empty one; ``names-1`` has 256–511 …), and
the manifest lists the tables' own hashes. The data a page loads before its first result then
grows with the archive by one short hash per 256 shards, not one per shard; and an archive of
up to a few thousand articles has one table, one request, for every kind.

Each file is a script, so the page works from file:// too:
``BriefgenSearch.loaded("t/3.ab12cd34", JSON.parse('…'))``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The layout of the files below ``static/search/``: the page refuses a manifest of another.
FORMAT = 2
#: Shards listed by one name table.
TABLE = 256
#: Hex digits of a content hash in a file name: a new name whenever the data changes.
HASH_DIGITS = 8


@dataclass(frozen=True, slots=True)
class ShardSet:
    """One kind of shard as the manifest describes it."""

    #: Shards a key is hashed over (a power of two; some may be empty and have no file).
    count: int
    #: The content hash of each shard, "" for an empty one (no file).
    hashes: list[str]


def payload(data: object) -> str:
    """The JSON an index file holds: compact and with sorted keys, so equal data is equal text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def write_named(folder: Path, stem: str, data: object) -> str:
    """``STEM.HASH.js`` holding ``data``; returns its name, ``STEM.HASH``."""
    text = payload(data)
    name = f"{stem}.{digest(text)}"
    write_script(folder, name, text)
    return name


def write_script(folder: Path, name: str, text: str) -> None:
    """``NAME.js``: a script handing the JSON ``text`` to BriefgenSearch.loaded."""
    path = folder / f"{name}.js"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(name, text), encoding="utf-8")


def write_shard_set(
    folder: Path, kind: str, shards: Iterable[tuple[int, dict]], count: int
) -> ShardSet:
    """Every non-empty shard, given as (number, data), as ``KIND/N.HASH.js``."""
    hashes = [""] * count
    for number, data in shards:
        hashes[number] = write_named(folder, f"{kind}/{number}", data).rsplit(".", 1)[1]
    return ShardSet(count, hashes)


def write_tables(folder: Path, sets: dict[str, ShardSet]) -> list[str]:
    """The name tables (``names-K.HASH.js``); returns their hashes, in order."""
    largest = max((s.count for s in sets.values()), default=0)
    tables = []
    for start in range(0, largest, TABLE):
        table = {
            kind: s.hashes[start : start + TABLE] for kind, s in sets.items() if s.count > start
        }
        tables.append(write_named(folder, f"names-{start // TABLE}", table).rsplit(".", 1)[1])
    return tables


def script(name: str, text: str) -> str:
    # JSON in a string for JSON.parse, which browsers read faster than the same data written
    # as a JavaScript literal. Kept safe to inline too: "</script>" must not end a script
    # element, and U+2028/9 are spelled out for older parsers.
    literal = text.replace("\\", "\\\\").replace("'", "\\'").replace("</", "<\\/")
    literal = literal.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"BriefgenSearch.loaded({json.dumps(name)},JSON.parse('{literal}'));\n"
