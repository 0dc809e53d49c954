"""A content stream read into its operations: ``(operands, operator)`` pairs, as pypdf's
``ContentStream`` gives them, at a fraction of the cost (pypdf reads a byte at a time; reading
content streams was half the time of reading a PDF).

Operands are plain values: numbers ``int`` or ``float``, names ``NameObject``, strings the
bytes they hold (a font decodes them when they are shown), arrays lists, ``true``, ``false``
and ``null`` inside arrays ``True``, ``False`` and ``None``. Dictionaries (marked content's
properties) are read by pypdf, into its ``DictionaryObject``. A stream holding an inline image
(``BI`` … ``ID`` … ``EI``, whose data has no delimiter to find) is read by pypdf whole.

Where pypdf departs from the PDF reference on escapes in literal strings (7.3.4.2), this
follows the reference: an unknown escape drops its backslash, and an octal escape over 255
keeps its low eight bits. A line end written inside a literal string is kept as it is, as
pypdf keeps it (the reference reads it as one LF; a producer's two-byte codes may hold the
byte 0D unescaped). Unlike pypdf, arrays nested however deep are read without recursion.
"""

from __future__ import annotations

import re
from io import BytesIO

from pypdf.errors import PdfReadError, PdfStreamError
from pypdf.generic import ContentStream, DictionaryObject, NameObject, StreamObject

from briefgen.ingest.pdf_state import TooComplex

#: Operators and operands a content stream may hold, a dictionary's keys and values among
#: them (pypdf's own budget for a stream is as large): a page of an issue is tens of
#: thousands.
MAX_STREAM_TOKENS = 2_000_000

Operation = tuple[list, bytes]


class TooManyTokens(TooComplex):
    """A content stream of more than MAX_STREAM_TOKENS operators and operands."""


class _InlineImage(Exception):
    """The stream holds an inline image: pypdf reads it."""


# Whitespace and comments between tokens (pypdf's WHITESPACES).
_SKIP = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
# A name or an operator runs to whitespace or a delimiter (pypdf's NameObject.delimiter_pattern).
_TOKEN = re.compile(
    rb"(?P<number>[0-9+,\-.]+)"  # pypdf's number: these characters, as far as they go
    rb"|(?P<operator>[A-Za-z'\"][^\s()<>\[\]{}/%]*)"
    rb"|\((?P<plain>[^()\\]*)\)"  # a literal string without escapes or inner parentheses
    rb"|(?P<array>\[)"
    rb"|(?P<end>\])"
    rb"|/(?P<name>[^\s()<>\[\]{}/%]*)"
    rb"|(?P<dictionary><<)"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<literal>\()"
)
_SIMPLE_NAME = re.compile(rb"[!-~]*")
_HEX_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]")
_WORDS: dict[bytes, bool | None] = {b"true": True, b"false": False, b"null": None}


def operations_of(stream: StreamObject, pdf: object) -> list[Operation]:
    """The operations of a content stream (a page's or a form's)."""
    data = stream.get_data()
    try:
        return read_operations(data)
    except _InlineImage:
        return ContentStream(stream, pdf).operations


def read_operations(data: bytes) -> list[Operation]:
    """The operations of a content stream's ``data``; PdfReadError where it holds what no
    operator or operand starts with, TooManyTokens past MAX_STREAM_TOKENS."""
    found: list[Operation] = []
    operands: list = []
    arrays: list[list] = []  # the arrays being read, innermost last
    into = operands
    end, tokens = len(data), 0
    skip, token = _SKIP.match, _TOKEN.match
    # _SKIP matches anywhere (all of it is optional): its match is never None.
    pos = skip(data, 0).end()  # type: ignore[union-attr]
    while pos < end:
        tokens += 1
        if tokens > MAX_STREAM_TOKENS:
            raise TooManyTokens(
                f"a content stream holds more than {MAX_STREAM_TOKENS:,} operators and operands"
            )
        match = token(data, pos)
        if match is None:
            raise PdfReadError(f"content stream: unexpected {data[pos : pos + 1]!r} at {pos}")
        kind, pos = match.lastgroup, match.end()
        if kind == "number":
            into.append(_number(match.group(kind)))
        elif kind == "operator":
            word = match.group(kind)
            if arrays:
                if word not in _WORDS:
                    raise PdfReadError(f"content stream: {word!r} inside an array at {pos}")
                into.append(_WORDS[word])
            elif word == b"BI":
                raise _InlineImage
            else:
                found.append((operands, word))
                operands = into = []
        elif kind == "plain":
            into.append(match.group(kind))
        elif kind == "array":
            arrays.append(into)
            into = []
        elif kind == "end":
            if not arrays:
                raise PdfReadError(f"content stream: ']' closes no array at {pos}")
            inner, into = into, arrays.pop()
            into.append(inner)
        elif kind == "name":
            into.append(_name(match.group(kind)))
        elif kind == "hex":
            into.append(_hex(match.group(kind)))
        elif kind == "literal":
            text, pos = _literal(data, pos)
            into.append(text)
        else:  # a dictionary: its keys and values count as tokens too
            dictionary, pos = _dictionary(data, match.start())
            tokens += 2 * len(dictionary)
            into.append(dictionary)
        pos = skip(data, pos).end()  # type: ignore[union-attr]
    return found


def _number(text: bytes) -> int | float:
    """As pypdf reads a number: a float if it has a point; 0 where it is not one."""
    try:
        return float(text) if b"." in text else int(text)
    except ValueError:
        return 0.0 if b"." in text else 0


def _name(text: bytes) -> NameObject:
    """As pypdf reads a name: ``#xx`` escapes undone, then UTF-8, GBK or Latin-1."""
    if b"#" not in text and _SIMPLE_NAME.fullmatch(text):
        return NameObject("/" + text.decode("ascii"))
    raw = NameObject.unnumber(b"/" + text)
    for charset in NameObject.CHARSETS:
        try:
            return NameObject(raw.decode(charset))
        except UnicodeDecodeError:
            continue
    return NameObject(raw.decode("latin-1"))


def _hex(digits: bytes) -> bytes:
    digits = _HEX_SPACE.sub(b"", digits)
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode("ascii"))


_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
_OCTAL = b"01234567"


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """The literal string whose "(" ends at ``pos``, and where it ends: balanced
    parentheses kept, escapes undone (PDF reference 7.3.4.2)."""
    out = bytearray()
    depth, end = 1, len(data)
    while pos < end:
        byte = data[pos]
        pos += 1
        if byte == 0x5C:  # backslash
            if pos >= end:
                break
            byte = data[pos]
            pos += 1
            if byte in _ESCAPES:
                out.append(_ESCAPES[byte])
            elif byte in _OCTAL:
                digits = 1
                while digits < 3 and pos < end and data[pos] in _OCTAL:
                    pos, digits = pos + 1, digits + 1
                out.append(int(data[pos - digits : pos], 8) & 0xFF)
            elif byte == 0x0D:  # an escaped line end is no character
                pos += pos < end and data[pos] == 0x0A
            elif byte != 0x0A:
                out.append(byte)
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
        out.append(byte)
    raise PdfStreamError("content stream: a literal string is not closed")


def _dictionary(data: bytes, pos: int) -> tuple[DictionaryObject, int]:
    """The dictionary that starts at ``pos``, read by pypdf as its ContentStream reads one
    (of no document: a reference in it is no operand), and where it ends."""
    stream = BytesIO(data)
    stream.seek(pos)
    dictionary = DictionaryObject.read_from_stream(stream, None)
    return dictionary, stream.tell()
