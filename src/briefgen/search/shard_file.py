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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefgen.search.hashed import bytes_digest
from briefgen.search.jsontext import list_end

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


class Appender:
    """A value's change that puts numbers where its lists end (``appending``): made in the
    file's bytes without reading the value, and as a ``Patch`` where the shard is patched as
    text."""

    #: How many numbers it adds.
    numbers: int = 0

    def inserts(self, data: bytes, start: int, end: int) -> list[tuple[int, bytes]]:
        """Where in ``data`` (the value standing from ``start`` to ``end``) what is put."""
        raise NotImplementedError

    def fresh(self) -> str:
        """The value's text where the key is new."""
        raise NotImplementedError

    def __call__(self, old: str | None) -> str:
        if old is None:
            return self.fresh()
        data = old.encode()
        return _inserted(data, self.inserts(data, 0, len(data))).decode()


def patched_file(
    data: bytes, values: dict[str, Patch | Appender]
) -> tuple[ShardFile, dict[str, int]] | None:
    """The shard file ``data`` with each key of ``values`` given its new value; and how much
    each changed key's value grew (``text_size``). None where the file holds a backslash, or
    a key is not in it, or one is gone (the shard is patched as text)."""
    start = data.find(_OPEN) + len(_OPEN)
    end = data.rfind(_CLOSE)
    if start < len(_OPEN) or end < start or data.find(b"\\", start, end) != -1:
        return None
    inserts: list[tuple[int, bytes]] = []
    spans: list[tuple[int, int, bytes]] = []
    grown: dict[str, int] = {}
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
        close = list_end(data, value)
        if isinstance(patch, Appender):
            inserts += patch.inserts(data, value, close)
            grown[name] = 4 * patch.numbers
            continue
        before = data[value:close].decode()
        after = patch(before)
        if after is None:
            return None
        if after != before:
            spans.append((value, close, after.encode()))
            grown[name] = text_size(name, after) - text_size(name, before)
    patched = _inserted(data, inserts, spans)
    literal = memoryview(patched)[start : len(patched) - (len(data) - end)]
    return ShardFile(patched, bytes_digest(literal)), grown


def _inserted(
    data: bytes, inserts: list[tuple[int, bytes]], spans: Sequence[tuple[int, int, bytes]] = ()
) -> bytes:
    """``data`` with each insert put at its place and each span replaced (all apart)."""
    parts: list[bytes] = []
    last = 0
    for at, close, text in sorted([*spans, *((at, at, text) for at, text in inserts)]):
        parts += [data[last:at], text]
        last = close
    parts.append(data[last:])
    return b"".join(parts)


def text_size(name: str, text: str | None) -> int:
    """``splice.entry_size`` of a posting given as its JSON text, or of a term's value
    ([lunr term index, per field a posting]: an empty field's ``[]`` holds no number)."""
    if not text:
        return 0
    numbers = text.count(",") + 1 - text.count("[]") if len(text) > 2 else 0
    return len(name) * 3 + 4 * numbers
