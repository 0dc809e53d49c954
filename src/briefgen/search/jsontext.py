"""Values of an index file's JSON text found and replaced where they stand, without decoding
the rest of it.

An alias bundle patched after one issue changed keeps all but a few of its values: decoding
the whole file and encoding it again (hundreds of kilobytes for a name found in thousands of
articles) cost more than making the new values. ``payload`` writes compact JSON with sorted
keys, so a value re-encoded alone is the text the whole file would hold for it, and the text
around it stays as it was.

The files read here are objects of objects (strings as keys only) whose innermost values are
numbers, lists of numbers or of such lists, or null: no value holds a string, so a value's
end is found by counting brackets.
"""

from __future__ import annotations

import json
import re
from typing import AnyStr

#: A key: a JSON string, escapes included.
_KEY = re.compile(r'"((?:[^"\\]|\\.)*)":')
#: What may end a number or a null: the next comma or closing brace.
_SCALAR_END = re.compile(r"[,}\]]")

#: Where a value stands in the text: [start, end).
Span = tuple[int, int]


class JsonShape(ValueError):
    """The text is not of the shape this module reads."""


def object_spans(text: str, at: int = 0) -> tuple[dict[str, Span], int]:
    """Each key of the object starting at ``text[at]`` and where its value stands; and where
    the object ends (past its closing brace)."""
    if text[at : at + 1] != "{":
        raise JsonShape(f"no object at {at}")
    spans: dict[str, Span] = {}
    at += 1
    if text[at : at + 1] == "}":
        return spans, at + 1
    while True:
        key = _KEY.match(text, at)
        if key is None:
            raise JsonShape(f"no key at {at}")
        name = json.loads(f'"{key.group(1)}"') if "\\" in key.group(1) else key.group(1)
        end = value_end(text, key.end())
        spans[name] = (key.end(), end)
        at = end
        if text[at : at + 1] == "}":
            return spans, at + 1
        if text[at : at + 1] != ",":
            raise JsonShape(f"no comma at {at}")
        at += 1


def value_end(text: str, at: int) -> int:
    """Where the value starting at ``text[at]`` ends: an object, a list of numbers and lists,
    a number or null."""
    first = text[at : at + 1]
    if first == "{":
        return object_spans(text, at)[1]
    if first == "[":
        return list_end(text, at)
    if first == '"':
        raise JsonShape(f"a string value at {at}")
    found = _SCALAR_END.search(text, at)
    if found is None or found.start() == at:
        raise JsonShape(f"no value at {at}")
    return found.start()


def list_end(text: AnyStr, at: int) -> int:
    """Where the list starting at ``text[at]`` ends: its brackets counted, each found by
    ``find``, many times faster than a regular expression over a bundle's long lists of
    numbers (that scan was most of what splicing an alias bundle cost). ``text`` is a file's
    text or its bytes (``shard_file`` patches shards in their bytes)."""
    opening, closing = ("[", "]") if isinstance(text, str) else (b"[", b"]")
    depth = 0
    here = at
    while True:
        close = text.find(closing, here)
        if close == -1:
            raise JsonShape(f"unclosed list at {at}")
        opened = text.find(opening, here, close)
        if opened != -1:
            depth += 1
            here = opened + 1
            continue
        depth -= 1
        here = close + 1
        if not depth:
            return here


def replaced(text: str, values: list[tuple[Span, str]]) -> str:
    """``text`` with each span's value replaced by its new text (spans apart, any order)."""
    parts: list[str] = []
    last = 0
    for (start, end), new in sorted(values):
        parts += [text[last:start], new]
        last = end
    parts.append(text[last:])
    return "".join(parts)
