"""A shard patched in its file's bytes: the changed values' text replaced where they stand,
the rest of the file neither decoded, unescaped, escaped again nor encoded.

An issue added reaches nearly every gram shard (a new issue's two dozen articles hold some
six thousand of the archive's two-character grams, spread over the shards by hash), so
patching a kind means reading and writing nearly all its text: 150 MB at 20,000 articles.
Read as text, unescaped, patched, escaped for its script and encoded again, each of those
passes over every byte cost as much as the patch itself. A shard's script text is its JSON
text as it stands wherever the JSON holds no backslash (``hashed.script`` escapes with one,
and JSON's own escapes are one), and its values are numbers: so where the script holds no
backslash, a key found in it (``"KEY":`` after ``{`` or ``,``: with no escape in the text,
every quote is a key's) has its value's text between its brackets, and the new file is the
old bytes with those values replaced. A shard that holds a backslash, or would gain or lose
a key, is patched as text (``splice``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefgen.search.hashed import bytes_digest

_OPEN = b"JSON.parse('"
_CLOSE = b"'));"
#: Characters a key must not hold to be found as it is in a script's text: what JSON or
#: ``hashed.script`` would escape, or where an escape could start.
_ESCAPED = frozenset("\"\\'<\u2028\u2029" + "".join(map(chr, range(32))))


@dataclass(frozen=True, slots=True)
class ShardFile:
    """A patched shard's whole file, and its JSON text's ``text_digest``."""

    data: bytes
    digest: str


#: A key's value (its JSON text) → its new value, None where it is gone.
Patch = Callable[[str], str | None]


def patched_file(data: bytes, values: dict[str, Patch]) -> tuple[ShardFile, dict] | None:
    """The shard file ``data`` with each key of ``values`` given its new value; and each key's
    (old, new) value text. None where the file holds a backslash, or a key is not in it, or
    one is gone (the shard is patched as text)."""
    start = data.find(_OPEN) + len(_OPEN)
    end = data.rfind(_CLOSE)
    if start < len(_OPEN) or end < start or data.find(b"\\", start, end) != -1:
        return None
    spans: list[tuple[int, int, bytes]] = []
    changes: dict[str, tuple[str, str]] = {}
    for name, patch in values.items():
        if not _ESCAPED.isdisjoint(name):
            return None
        key = b'"' + name.encode() + b'":'
        at = data.find(key, start, end)
        while at != -1 and data[at - 1] not in b"{,":
            at = data.find(key, at + 1, end)
        if at == -1:
            return None
        value = at + len(key)
        if data[value : value + 1] != b"[":
            return None
        close = _list_end(data, value)
        before = data[value:close].decode()
        after = patch(before)
        if after is None:
            return None
        spans.append((value, close, after.encode()))
        changes[name] = (before, after)
    parts: list[bytes] = []
    last = 0
    for value, close, text in sorted(spans):
        parts += [data[last:value], text]
        last = close
    parts.append(data[last:])
    patched = b"".join(parts)
    literal = memoryview(patched)[start : len(patched) - (len(data) - end)]
    return ShardFile(patched, bytes_digest(literal)), changes


def _list_end(data: bytes, at: int) -> int:
    """Where the list at ``data[at]`` ends: its brackets counted (values hold lists of
    numbers and of such lists)."""
    depth = 0
    here = at
    while True:
        close = data.find(b"]", here)
        if close == -1:
            raise ValueError(f"unclosed list at {at}")
        opened = data.find(b"[", here, close)
        if opened != -1:
            depth += 1
            here = opened + 1
            continue
        depth -= 1
        here = close + 1
        if not depth:
            return here
