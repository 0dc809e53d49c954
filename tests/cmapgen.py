"""A PDF's CID font recoded from its Unicode CMap into a national one, for the PDF tests.

Producers that name a font the reader supplies write its strings in a predefined CMap: iText
and ReportLab in UniGB-UCS2-H, Acrobat and old Office printers in GBK-EUC-H, Big Five or
Shift-JIS. ReportLab prints the first; this rewrites such a print into another: the font's
/Encoding named anew and every string it shows encoded again, nothing else changed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DictionaryObject,
    NameObject,
)

#: The operators that show strings, and which of their operands are strings.
_SHOWING = {b"Tj": (0,), b"'": (0,), b'"': (2,), b"TJ": (0,)}


def recode(source: Path, out: Path, cmap: str, codec: str) -> Path:
    """``source`` with its UniGB-UCS2-H (or any UCS-2) fonts' strings in ``cmap``, by ``codec``."""
    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", DictionaryObject()).get_object()
        recoded = set()
        for name, ref in fonts.items():
            font = ref.get_object()
            encoding = str(font.get("/Encoding", ""))
            # The pages share their fonts: a later page finds its font recoded already.
            if "UCS2" in encoding or encoding == f"/{cmap}":
                font[NameObject("/Encoding")] = NameObject(f"/{cmap}")
                recoded.add(name)
        content = ContentStream(page.get_contents(), writer)
        current = ""
        for operands, operator in content.operations:
            if operator == b"Tf":
                current = str(operands[0])
            elif operator in _SHOWING and current in recoded:
                for k in _SHOWING[operator]:
                    operands[k] = _recoded(operands[k], codec)
        page.replace_contents(content)
    with out.open("wb") as f:
        writer.write(f)
    return out


def renamed(source: Path, out: Path, cmap: str) -> Path:
    """``source`` with its Type 0 fonts' CMap named ``cmap``, the strings as they are: for a
    CMap whose codes are another's (GBKp-EUC-H's are GBK-EUC-H's, but ASCII proportional)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", DictionaryObject()).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type0":
                font[NameObject("/Encoding")] = NameObject(f"/{cmap}")
    with out.open("wb") as f:
        writer.write(f)
    return out


def _recoded(operand: object, codec: str) -> object:
    if isinstance(operand, ArrayObject):
        return ArrayObject(_recoded(item, codec) for item in operand)
    if isinstance(operand, (int, float)):
        return operand
    data = operand.original_bytes if hasattr(operand, "original_bytes") else bytes(operand)  # type: ignore[arg-type]
    return ByteStringObject(b"".join(_encoded(ch, codec) for ch in data.decode("utf-16-be")))


def _encoded(char: str, codec: str) -> bytes:
    """``char`` in ``codec``; one the encoding lacks as the form of it the encoding has, as a
    producer in that encoding would have set it: the micro sign "µ" as Greek "μ" (its
    compatibility form), the pound sign "£" as the full-width "￡"."""
    forms = [char, unicodedata.normalize("NFKC", char)]
    forms += [
        wide
        for wide in map(chr, range(0xFFE0, 0xFFEF))
        if unicodedata.normalize("NFKC", wide) == char
    ]
    for form in forms:
        try:
            return form.encode(codec)
        except UnicodeEncodeError:
            continue
    raise ValueError(f"{char!r} has no form in {codec}")
