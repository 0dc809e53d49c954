"""The characters of a CID font that has no Unicode map but names a registered collection.

A CID-keyed OpenType font (FandolSong, ctex's default Chinese font on TeX Live; HaranoAji,
Hiragino in pLaTeX's prints) numbers its glyphs by an Adobe character collection: Adobe-GB1
for simplified Chinese, CNS1, Japan1, Korea1. xdvipdfmx and dvipdfmx then write no ToUnicode
map: the font's CIDSystemInfo names the collection, and a reader maps each CID through the
collection's published table. poppler-data (a Debian package, as poppler's readers use it)
installs those tables, one line a CID, its character in hex.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

#: Where poppler-data puts the collections' CID-to-Unicode tables.
TABLES = Path("/usr/share/poppler/cidToUnicode")
#: The collections a briefing's fonts name (the table files are Adobe-<ordering>).
ORDERINGS = ("GB1", "CNS1", "Japan1", "Korea1")


def is_collection(registry: str, ordering: str) -> bool:
    """Whether a font's CIDSystemInfo names one of the collections read here."""
    return registry == "Adobe" and ordering in ORDERINGS


@cache
def collection_text(registry: str, ordering: str) -> dict[int, str] | None:
    """Each CID's character in the collection ``registry``-``ordering``; None when it is no
    collection known here or its table is not installed (the font then reads as unmapped)."""
    if not is_collection(registry, ordering):
        return None
    try:
        lines = (TABLES / f"Adobe-{ordering}").read_text(encoding="ascii").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    text: dict[int, str] = {}
    for cid, line in enumerate(lines):
        value = line.strip()
        if re.fullmatch(r"[0-9A-Fa-f]{1,6}", value) and 0 < int(value, 16) < 0x110000:
            text[cid] = chr(int(value, 16))
    return text or None


def tables_stamp() -> str:
    """Which collection tables are installed, and their sizes: parsing reads them, so a parse
    cache key holds this (records read before poppler-data came are read again)."""
    found = [TABLES / f"Adobe-{ordering}" for ordering in ORDERINGS]
    return ",".join(f"{path.name}:{path.stat().st_size}" for path in found if path.exists())
