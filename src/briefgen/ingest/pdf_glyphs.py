"""What the codes in a PDF string stand for in one font: characters and glyph widths.

A content stream shows strings of character codes. The font says how many bytes make one code
(its CMap's codespace), which character each code is (its ToUnicode map, else its encoding) and
how far each glyph advances (/W or /Widths). The content reader (pdf_content.py) needs all three
to place every glyph where the page prints it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import cast

from pypdf._codecs import adobe_glyphs, charset_encoding
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from briefgen.ingest.pages import CJK
from briefgen.ingest.pdf_cmaps import SharedLeads, code_length, codespace, predefined_cmap
from briefgen.ingest.pdf_collections import collection_text, is_collection
from briefgen.ingest.pdf_fonts import (
    WidthEntries,
    _code_to_cid,
    _to_unicode,
    forget_shared,
    width_entries,
    widths_of,
)

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|w[6-9]\b|-b$|,b$", re.IGNORECASE)
#: Unmapped codes become this; too many of them make the page "garbled" (pdf.py).
UNMAPPED = "\ufffd"
#: A superior digit's advance against the same digit's full one: about two thirds in the
#: fonts tried (0.307 against 0.465 em in AR PL UKai and Libertinus Serif). A proportional "1"
#: beside a tabular one is wider than that (0.466 against 0.588 em in Noto Serif CJK SC Bold).
_SUPERIOR = 0.72
#: An ideograph's advance is a full em; a glyph this wide is never a digit or most letters.
_FULL_EM = 0.9
#: Latin characters some faces do draw a full em wide (LMRoman's "W" 1.03 em, Noto CJK's "%"
#: 0.92, Helvetica's "Æ" 1.0, AR PL's digraphs "Ĳ" and "ǆ" 1.0, which MuPDF maps with every
#: other glyph of the font): never taken as evidence against a font's map.
_WIDE_LATIN = frozenset("MWmw%@&ÆæŒœĲĳǄǅǆǇǈǉǊǋǌǱǲǳ")
#: Chinese, Japanese and Korean characters: ideographs, kana, hangul, their punctuation and
#: full-width forms.
_EAST_ASIAN = re.compile(f"[{CJK}\u3000-\u30ff\uac00-\ud7af\uff00-\uffef]")


@dataclass(frozen=True, slots=True)
class FontCodes:
    """How to read one font's strings."""

    name: str
    bold: bool
    #: Byte length of a code by its first byte (missing: ``code_bytes``).
    lead_bytes: dict[int, int]
    code_bytes: int
    text: dict[int, str]
    #: Advance of each code in text space units per unit font size (thousandths already divided).
    widths: dict[int, float]
    default_width: float
    #: The codec that reads a code's bytes as its character where no ToUnicode map says
    #: (a predefined CMap's: "utf-16-be" for UniGB-UCS2-H, "gbk" for GBK-EUC-H).
    codec: str = ""
    #: Superior digits: glyphs of a digit drawn smaller by the font itself (OpenType ``sups``,
    #: as Typst sets a footnote marker), at the text's size and on its baseline (superiors).
    superiors: frozenset[int] = frozenset()
    #: How many codes the map read as characters their glyphs' widths deny (``misread_codes``):
    #: they are unmapped here, and a few of them mean the map is wrong (pdf.check_misread).
    misread: int = 0
    #: First bytes that begin codes of two lengths, with the spans of each (GB 18030's).
    shared_leads: SharedLeads = field(default_factory=dict)
    #: The character collection the font names ("Adobe-GB1") when no table of it is installed
    #: to read it by (``pdf_collections``): its codes are unmapped, and the error says why.
    unread_collection: str = ""

    def decode(self, data: bytes) -> list[tuple[str, float, bool, bool]]:
        """(text, advance per unit size, is a one-byte space code, is a superior digit) for
        each code in ``data``."""
        out: list[tuple[str, float, bool, bool]] = []
        k = 0
        while k < len(data):
            size = self.lead_bytes.get(data[k], self.code_bytes)
            if data[k] in self.shared_leads:
                size = code_length(data, k, self.shared_leads[data[k]], size)
            size = max(size, 1)  # (a damaged map's length of none would never move on)
            code = int.from_bytes(data[k : k + size], "big")
            text = self.text.get(code)
            if text is None:
                text = _decoded(data[k : k + size], self.codec) if self.codec else UNMAPPED
            k += size
            width = self.widths.get(code, self.default_width)
            out.append((text, width, size == 1 and code == 32, code in self.superiors))
        return out


def superiors(text: dict[int, str], widths: dict[int, float]) -> frozenset[int]:
    """Codes of a digit whose glyph is much narrower than another glyph of the same digit in
    the font: its superior form (a proportional "1" is narrow, but narrow against "0", not
    against another "1")."""
    widest: dict[str, float] = {}
    for code, char in text.items():
        if char.isdigit() and code in widths:
            widest[char] = max(widest.get(char, 0.0), widths[code])
    return frozenset(
        code
        for code, char in text.items()
        if char in widest and widths.get(code, widest[char]) < _SUPERIOR * widest[char]
    )


def misread_codes(text: dict[int, str], widths: dict[int, float], default: float) -> set[int]:
    """Codes of a font of Chinese or Japanese glyphs that its map reads as one narrow Latin
    character (a digit, most letters, ASCII punctuation) while the glyph advances a full em, as
    an ideograph does: such fonts draw those characters half as wide, and their full-width
    forms are characters of their own (U+FF01-FF5E). Ghostscript 10.0 rewrites the ranges of a
    CID font's map so ("、" and "。" read as "1" and "2", "功" as "ß")."""
    if 2 * sum(bool(_EAST_ASIAN.match(char)) for char in text.values()) <= len(text):
        return set()
    return {
        code
        for code, char in text.items()
        if len(char) == 1
        and char not in _WIDE_LATIN
        and ("!" <= char <= "~" or ("\u00c0" <= char <= "\u024f" and char.isalpha()))
        and widths.get(code, default) >= _FULL_EM
    }


def _decoded(code: bytes, codec: str) -> str:
    """The one character ``code`` is in ``codec``, else UNMAPPED."""
    try:
        text = code.decode(codec)
    except UnicodeDecodeError:
        return UNMAPPED
    return text if len(text) == 1 and text >= " " else UNMAPPED


def _type0(font: DictionaryObject, name: str, text: dict[int, str]) -> FontCodes:
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else NameObject("/Identity-H")
    descendants = cast(ArrayObject, font["/DescendantFonts"].get_object())
    descendant = descendants[0].get_object()
    entries = width_entries(descendant)
    by_cid = widths_of(entries)
    default = float(descendant.get("/DW", 1000)) / 1000
    leads: dict[int, int] = {}
    code_bytes = 2
    shared: SharedLeads = {}
    to_cid: dict[int, int] | None = None
    codec = ""
    identity = isinstance(encoding, NameObject) and str(encoding) in _IDENTITY
    named = (
        predefined_cmap(str(encoding)[1:])
        if isinstance(encoding, NameObject) and not identity
        else None
    )
    if isinstance(encoding, StreamObject):
        leads, code_bytes, shared = codespace(encoding.get_data())
        to_cid = _code_to_cid(encoding)
    elif named is not None:
        leads, code_bytes, shared = named.lead_bytes, named.code_bytes, named.shared_leads
        codec, to_cid = named.codec, named.to_cid
    elif not identity:
        leads = {byte: 1 for byte in range(0x80)}  # EUC-style CMaps: ASCII is one byte
    if named is not None and to_cid is not None:
        widths = _named_widths(str(encoding)[1:], entries, default)
    elif to_cid is not None:
        widths = {code: by_cid.get(cid, default) for code, cid in to_cid.items()}
    elif codec:
        widths = {}  # the codes are no CIDs, and no file says which CID each one is
    else:
        widths = by_cid
    registry, ordering = _system_info(descendant)
    # A codec reads a national encoding's codes as what was typed: an ASCII "2" where the
    # collection's CID for it is a full-width "２" (GBK-EUC-H), so it is preferred.
    by_collection = identity or (to_cid is not None and not codec)
    if not text and by_collection and is_collection(registry, ordering):
        if named is not None:
            collection = _named_collection(str(encoding)[1:], registry, ordering)
        else:
            collection = _by_codes(collection_text(registry, ordering), to_cid)
        # Codes are CIDs (or an embedded CMap makes them so), read by the collection's own
        # table: no map to doubt (its Latin entries are the collection's, whatever widths the
        # font gives the CIDs it lacks).
        return FontCodes(
            name,
            bool(_BOLD.search(name)),
            leads,
            code_bytes,
            collection or {},
            widths,
            default,
            shared_leads=shared,
            unread_collection="" if collection else f"{registry}-{ordering}",
        )
    misread = misread_codes(text, widths, default)
    if misread:  # (else the map stays the one its ToUnicode stream's other fonts share)
        text = {code: char for code, char in text.items() if code not in misread}
    return FontCodes(
        name,
        bool(_BOLD.search(name)),
        leads,
        code_bytes,
        text,
        widths,
        default,
        codec,
        superiors(text, widths),
        len(misread),
        shared,
    )


@lru_cache(maxsize=8)
def _named_widths(cmap: str, entries: WidthEntries, default: float) -> dict[int, float]:
    """The widths by code of fonts named by the predefined CMap ``cmap`` whose /W and /DW
    say the same: one table for them all (a file merged from many prints names one face in
    each of hundreds of fonts)."""
    named, by_cid = predefined_cmap(cmap), widths_of(entries)
    to_cid = named.to_cid if named is not None and named.to_cid is not None else {}
    found = map(by_cid.get, to_cid.values(), repeat(default))
    return dict(zip(to_cid.keys(), found, strict=True))


@lru_cache(maxsize=8)
def _named_collection(cmap: str, registry: str, ordering: str) -> dict[int, str] | None:
    """The characters by code of a collection's fonts named by the predefined CMap ``cmap``
    (one table for them all, as ``_named_widths``)."""
    named = predefined_cmap(cmap)
    return _by_codes(collection_text(registry, ordering), named.to_cid if named else None)


def _by_codes(
    collection: dict[int, str] | None, to_cid: dict[int, int] | None
) -> dict[int, str] | None:
    """A collection's characters by code, where ``to_cid`` says which CID each code is."""
    if collection is None or to_cid is None:
        return collection
    return {code: collection[cid] for code, cid in to_cid.items() if cid in collection}


def forget_shared_tables() -> None:
    """Drop the tables fonts share (maps, widths), which a document's reading keeps so that
    its hundreds of fonts of one face read them once: after it, they hold memory for
    nothing (some hundred megabytes for a large face's)."""
    _named_widths.cache_clear()
    _named_collection.cache_clear()
    forget_shared()


#: The encodings whose codes are the CIDs themselves.
_IDENTITY = ("/Identity-H", "/Identity-V")


def _system_info(descendant: DictionaryObject) -> tuple[str, str]:
    """The registry and ordering of the character collection a CID font names ("Adobe",
    "GB1"), empty where it names none."""
    info = descendant.get("/CIDSystemInfo")
    info = info.get_object() if info is not None else None
    if not isinstance(info, DictionaryObject):
        return "", ""
    return str(info.get("/Registry", "")), str(info.get("/Ordering", ""))


def _simple_text(font: DictionaryObject) -> dict[int, str]:
    """Characters of a one-byte font without ToUnicode: base encoding plus /Differences."""
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    base_name = "/StandardEncoding"
    differences: list[object] = []
    if isinstance(encoding, NameObject):
        base_name = str(encoding)
    elif isinstance(encoding, DictionaryObject):
        base_name = str(encoding.get("/BaseEncoding", base_name))
        differences = list(encoding.get("/Differences", ArrayObject()))
    base = charset_encoding.get(base_name, charset_encoding["/StandardEncoding"])
    text = {code: ch for code, ch in enumerate(base) if ch != "\x00"}
    if encoding is None or (
        isinstance(encoding, DictionaryObject) and "/BaseEncoding" not in encoding
    ):
        # No base encoding named: the font program's own is the base (PDF 32000, 9.6.5).
        text = _built_in_text(font) or text
    elif _symbolic(font):
        # A symbol font under a named encoding (Distiller's CMSY10 as WinAnsiEncoding) prints
        # glyphs at codes that encoding leaves undefined: its own encoding names them.
        # (Undefined: pypdf's tables give those codes their control characters.)
        defined = {code: char for code, char in text.items() if char >= " "}
        text = {**text, **(_built_in_text(font) or {}), **defined}
    # A Type 3 font names its glyphs as it likes ("/g65"), most often at the codes of their
    # letters. Any other font that renamed a glyph has another one there than the base
    # encoding's: a name no reader knows (Ghostscript's "/cid20888", left where it dropped the
    # font's map) is an unmapped code, so pdf.check_garbled refuses the page, not a letter.
    keep_base = font.get("/Subtype") == "/Type3"
    code = 0
    for item in differences:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, NameObject):
            glyph = glyph_name_text(str(item))
            if glyph is not None:
                text[code] = glyph
            elif not keep_base:
                text.pop(code, None)
            code += 1
        else:
            code = int(item)  # type: ignore[arg-type]
    return text


#: A Type 1 font program's own encoding, in its clear-text part: "dup 12 /fi put".
_BUILT_IN_ENTRY = re.compile(rb"dup\s+(\d{1,3})\s*/([^\s/\[\]{}()<>%]{1,64})\s+put")


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    return descriptor if isinstance(descriptor, DictionaryObject) else None


def _symbolic(font: DictionaryObject) -> bool:
    """The font descriptor's Symbolic flag (bit 3): glyphs outside the standard Latin set."""
    descriptor = _descriptor(font)
    flags = descriptor.get("/Flags", 0) if descriptor is not None else 0
    return isinstance(flags, int) and bool(int(flags) & 4)


def _built_in_text(font: DictionaryObject) -> dict[int, str] | None:
    """The characters of a Type 1 font's codes by the encoding its embedded program holds,
    where the PDF names none (None: no such program, or it says StandardEncoding). TeX's
    fonts (Computer Modern: OT1, OML, OMS) put ligatures, dashes and quotes at codes where the
    standard encoding has other characters or none: "di erent" for "different", "{" for "–"
    (pdfTeX's prints made without ToUnicode maps, as before TeX Live 2021)."""
    descriptor = _descriptor(font)
    program = descriptor.get("/FontFile") if descriptor is not None else None
    program = program.get_object() if program is not None else None
    if not isinstance(program, StreamObject):
        return None
    try:
        data = program.get_data()
    except Exception:  # a damaged stream: the encoding the PDF names (or the standard) holds
        return None
    length = program.get("/Length1")
    cut = int(length) if isinstance(length, int) and 0 < int(length) <= len(data) else len(data)
    clear = data[:cut]
    clear = clear[: clear.find(b"eexec")] if b"eexec" in clear else clear
    if b"/Encoding StandardEncoding" in clear:
        return None
    text: dict[int, str] = {}
    for code, name in _BUILT_IN_ENTRY.findall(clear):
        glyph = glyph_name_text(name.decode("latin-1"))
        if glyph is not None and int(code) < 256:
            text[int(code)] = glyph
    return text or None


#: A glyph name spelling its character(s) (the Adobe Glyph List's rules): "uni4E2D" (groups
#: of four hex digits) or "u4E2D" (four to six).
_UNI_NAME = re.compile(r"uni((?:[0-9A-F]{4})+)|u([0-9A-F]{4,6})")


def glyph_name_text(name: str) -> str | None:
    """The text a glyph name stands for by the Adobe Glyph List's rules ("/fi", "/f_i",
    "/uni4E2D", "/a.sc"), or None for a name it does not cover ("/cid20888", "/g12")."""
    base = name.lstrip("/").split(".", 1)[0]
    if not base:
        return None
    parts = [_component_text(part) for part in base.split("_")]
    known = [part for part in parts if part is not None]
    return "".join(known) if len(known) == len(parts) else None


def _component_text(part: str) -> str | None:
    known = adobe_glyphs.get("/" + part)
    if known is not None:
        return known
    spelled = _UNI_NAME.fullmatch(part)
    if spelled is None:
        return None
    hexes = spelled.group(1)
    if hexes:
        codes = [int(hexes[k : k + 4], 16) for k in range(0, len(hexes), 4)]
    else:
        codes = [int(spelled.group(2), 16)]
    if any(0xD800 <= c <= 0xDFFF or c > 0x10FFFF for c in codes):
        return None
    return "".join(map(chr, codes))


def font_codes(font: DictionaryObject | None) -> FontCodes:
    """How the font's strings read; an unknown font reads bytes as Latin-1."""
    if font is None:
        return FontCodes("", False, {}, 1, {c: chr(c) for c in range(32, 256)}, {}, 0.5)
    name = str(font.get("/BaseFont", ""))
    to_unicode = font.get("/ToUnicode")
    mapped = _to_unicode(to_unicode.get_object()) if to_unicode is not None else {}
    if font.get("/Subtype") == "/Type0":
        return _type0(font, name, mapped)
    text = _simple_text(font)
    text.update(mapped)
    scale = 1 / 1000
    if font.get("/Subtype") == "/Type3":
        matrix = font.get("/FontMatrix", [0.001, 0, 0, 0.001, 0, 0])
        scale = float(matrix[0])
    first = int(font.get("/FirstChar", 0))
    table = [float(w) for w in font.get("/Widths", ArrayObject()).get_object()]
    widths = {first + k: w * scale for k, w in enumerate(table)}
    core = CORE_FONT_METRICS.get(name.lstrip("/"))
    if not table and core is not None:
        # The 14 standard fonts may come without /Widths: every reader knows their metrics.
        known = core.character_widths
        widths = {code: known[ch] / 1000 for code, ch in text.items() if ch in known}
    missing = font.get("/FontDescriptor")
    default = 0.5
    if missing is not None and "/MissingWidth" in missing.get_object():
        default = float(missing.get_object()["/MissingWidth"]) * scale
    return FontCodes(name, bool(_BOLD.search(name)), {}, 1, text, widths, default)
