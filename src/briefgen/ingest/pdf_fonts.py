"""Glyph widths per character from a PDF font dictionary, to know where a printed line ends.

pypdf's text visitor reports where a run of text starts but not where it ends. Whether a line
reaches the right edge of the column (wrapped) or stops short (a paragraph's last line) is the
best paragraph signal a PDF has, so widths come from the font itself: ToUnicode maps codes to
characters, the encoding maps codes to CIDs, /W or /Widths give each its width.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

#: A hex string, white space inside it allowed (the PDF format ignores it there): PDFKit
#: and pdfmake write a ligature's or a joined dash's text as ``<0066 0066 0069>``, and read
#: as no string it shifted every later code of its range onto the next glyph's text.
_HEX = rb"<([0-9A-Fa-f\s]+)>"
_CHAR_ENTRY = re.compile(rb"<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]*)>")
_SPACE = re.compile(rb"\s+")


def _bare(hex_text: bytes) -> bytes:
    return _SPACE.sub(b"", hex_text)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
#: One bfrange entry: ``<lo> <hi> <first text>``, or ``<lo> <hi> [<text> <text> …]``.
_RANGE_ENTRY = re.compile(
    rb"<([0-9A-Fa-f\s]+)>\s*<([0-9A-Fa-f\s]+)>\s*(?:<([0-9A-Fa-f\s]*)>|\[([^\]]*)\])"
)
_CIDCHAR = re.compile(rb"begincidchar(.*?)endcidchar", re.DOTALL)
_CIDRANGE = re.compile(rb"begincidrange(.*?)endcidrange", re.DOTALL)
#: Codes are at most two bytes in the fonts briefings use: no CMap maps more than this many,
#: and a range beyond it (a 2 KB file can declare billions) is ignored rather than expanded.
MAX_CMAP_CODES = 65536

log = logging.getLogger(__name__)


def _codes(lo: bytes, hi: bytes, mapped: int) -> range:
    """The codes of one CMap range, or none when it would take the map past its cap."""
    first, last = int(lo, 16), int(hi, 16)
    if last - first + 1 + mapped > MAX_CMAP_CODES:
        log.warning(
            "ignoring a font CMap range of %d codes (at most %d in a font)",
            last - first + 1,
            MAX_CMAP_CODES,
        )
        return range(0)
    return range(first, last + 1)


def _unicode(hex_text: bytes) -> str:
    if len(hex_text) % 4:
        # MuPDF writes a character past U+FFFF as its code point, not as UTF-16 ("<20086>").
        point = int(hex_text, 16) if len(hex_text) <= 6 else 0x110000
        return chr(point) if point < 0x110000 and not 0xD800 <= point < 0xE000 else ""
    data = bytes.fromhex(hex_text.decode())
    try:
        text = data.decode("utf-16-be")
    except UnicodeDecodeError:
        return ""
    if len(text) > 1 and all(ord(c) & 0xFF == 0 for c in text) and 0x20 < ord(text[0]) >> 8 < 0x7F:
        # Ghostscript (10.0) writes a ligature's letters byte-swapped: "fi" as <66006900>,
        # which reads as two ideographs (no ligature stands for several); "ffi" as <6600cf00>,
        # its last two letters one unit holding the sum of their codes (0xCF: "f" and "i").
        # Any other such unit is a character no font maps, not a Hangul one.
        return "".join(_swapped_letters(ord(c) >> 8) for c in text)
    if len(text) == 2 and ord(text[1]) == (ord(text[0]) & 0xFF) * 0x101 != ord(text[0]):
        # Ghostscript writes a glyph of one character twice (Noto CJK's joined "——") with its
        # second unit made of the first one's low byte twice: "——" as <20141414>, "—ᐔ".
        return text[0] * 2
    return text


#: Ghostscript's summed units of a three-letter ligature's last two letters (see _unicode).
_SUMMED_LETTERS = {ord("f") + ord("i"): "fi", ord("f") + ord("l"): "fl"}


def _swapped_letters(code: int) -> str:
    if code < 0x7F:
        return chr(code)
    return _SUMMED_LETTERS.get(code, "\ufffd")


def _to_unicode(stream: StreamObject) -> dict[int, str]:
    """The map, shared by every font whose stream holds the same (read only)."""
    return _read_to_unicode(stream.get_data())


#: MuPDF gives each of a page's text blocks fonts of their own that share one map of 24,000
#: codes: read once, not 200 times (a minute a print).
@lru_cache(maxsize=16)
def _read_to_unicode(data: bytes) -> dict[int, str]:
    out: dict[int, str] = {}
    for block in _BFCHAR.findall(data):
        for code, text in _CHAR_ENTRY.findall(block):
            out[int(_bare(code), 16)] = _unicode(_bare(text))
    for block in _BFRANGE.findall(data):
        for lo, hi, first, listed in _RANGE_ENTRY.findall(block):
            codes = _codes(_bare(lo), _bare(hi), len(out))
            if listed:
                # The array form: one text per code, in order (Qt's writer, wkhtmltopdf's).
                for code, text in zip(codes, re.findall(_HEX, listed), strict=False):
                    out[code] = _unicode(_bare(text))
                continue
            start = _unicode(_bare(first))
            for k, code in enumerate(codes):
                out[code] = _nth_in_range(start, k)
    return out


def _nth_in_range(start: str, k: int) -> str:
    """The ``k``-th text of a bfrange whose first is ``start``: its last character plus k (a
    range of ligatures, "fi" then "fj", steps the last letter). Never a lone surrogate."""
    if not start:
        return ""
    point = ord(start[-1]) + k
    if point >= 0x110000 or 0xD800 <= point < 0xE000:
        return ""
    return start[:-1] + chr(point)


def _code_to_cid(encoding: object) -> dict[int, int] | None:
    """The code-to-CID map of an embedded CMap; None means identity."""
    if not isinstance(encoding, StreamObject):
        return None
    return cid_map(encoding.get_data())


def cid_map(data: bytes) -> dict[int, int] | None:
    """The code-to-CID map of a CMap's text (cidchar and cidrange entries); None if none."""
    out: dict[int, int] = {}
    for block in _CIDCHAR.findall(data):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            out[int(code, 16)] = int(cid)
    for block in _CIDRANGE.findall(data):
        for lo, hi, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            for k, code in enumerate(_codes(lo, hi, len(out))):
                out[code] = int(cid) + k
    return out or None


_WidthEntry = float | tuple[float, ...]
#: A CID font's /W array as plain numbers: what its widths are read from, and cached by.
WidthEntries = tuple[_WidthEntry, ...]


def width_entries(descendant: DictionaryObject) -> WidthEntries:
    """The font's /W array as plain numbers; one that fonts share by reference is read once
    a document (``_ENTRIES_BY_OBJECT``)."""
    raw = descendant.raw_get("/W") if "/W" in descendant else None
    idnum = getattr(raw, "idnum", None)
    if idnum is None:
        return _entries(descendant.get("/W", ArrayObject()))
    key = (idnum, getattr(raw, "generation", 0))
    found = _ENTRIES_BY_OBJECT.get(key)
    if found is None:
        found = _entries(descendant.get("/W", ArrayObject()))
        if len(_ENTRIES_BY_OBJECT) < _SHARED_KEPT:
            _ENTRIES_BY_OBJECT[key] = found
    return found


#: /W arrays that fonts refer to as one object, read once a document, by the object's number
#: and generation (which mean nothing in another document: ``forget_shared``).
_ENTRIES_BY_OBJECT: dict[tuple[int, int], WidthEntries] = {}
_SHARED_KEPT = 64


def forget_shared() -> None:
    """Drop what fonts of one document share (maps, widths, /W arrays by object number)."""
    _read_to_unicode.cache_clear()
    widths_of.cache_clear()
    _ENTRIES_BY_OBJECT.clear()


def _entries(array: object) -> WidthEntries:
    """At most MAX_CMAP_CODES numbers of a /W array: widths past them are never read."""
    array = array.get_object() if hasattr(array, "get_object") else array
    if not isinstance(array, ArrayObject):
        return ()
    entries: list[_WidthEntry] = []
    numbers = 0
    for entry in array:
        plain = _plain(entry)
        numbers += len(plain) if isinstance(plain, tuple) else 1
        if numbers > MAX_CMAP_CODES:
            break
        entries.append(plain)
    return tuple(entries)


def _plain(entry: object) -> _WidthEntry:
    entry = entry.get_object() if hasattr(entry, "get_object") else entry
    if isinstance(entry, ArrayObject):
        return tuple(float(width) for width in entry[: MAX_CMAP_CODES + 1])
    return float(entry)  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def widths_of(entries: WidthEntries) -> dict[int, float]:
    """A CID font's widths by CID, in ems (thousandths divided), shared by every font whose
    /W says the same (read only): MuPDF gives each text block a font of its own, all of one
    face."""
    widths: dict[int, float] = {}
    k = 0
    while k + 1 < len(entries) and len(widths) <= MAX_CMAP_CODES:
        first, nxt = entries[k], entries[k + 1]
        if isinstance(first, tuple):
            break
        # Whole runs at a time (dict.update, not an item at a time): a face's /W is tens of
        # thousands of CIDs, and a hostile file's fonts may hold one each.
        if isinstance(nxt, tuple):
            run = [w / 1000 for w in nxt]
            widths.update(zip(range(int(first), int(first) + len(run)), run, strict=True))
            k += 2
        elif k + 2 < len(entries) and not isinstance(entries[k + 2], tuple):
            last = min(int(nxt), int(first) + 65535)
            width = entries[k + 2] / 1000  # type: ignore[operator]
            widths.update(dict.fromkeys(range(int(first), last + 1), width))
            k += 3
        else:
            break
    return widths


@dataclass(frozen=True, slots=True)
class FontWidths:
    """Widths in thousandths of an em by character; ``default`` for the rest."""

    by_char: dict[str, float]
    default: float

    def width(self, text: str, size: float) -> float:
        total = 0.0
        for ch in text:
            known = self.by_char.get(ch)
            if known is None:
                known = 1000.0 if _wide(ch) else self.default
            total += known
        return total * size / 1000.0


def _wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" or ch == "\u3000"
