"""CMaps: how a CID font's strings split into codes, and which CID each code selects.

A Type 0 font names its CMap (its /Encoding) or embeds one. An embedded CMap is a stream; a
named one is predefined: Identity-H, the Unicode ones (UniGB-UCS2-H) and the national
encodings (GBK-EUC-H, B5pc-H, 90ms-RKSJ-H, KSC-EUC-H). Producers that set Chinese text in a
font the reader supplies (iText's and ReportLab's STSong-Light, Acrobat's and old Office
printers' "Adobe Song Std") write such a name and often no ToUnicode map: the codes are then
the text in that encoding. They are read by Python's codec of the encoding, which tells an
ASCII "2" from the full-width "２" where the font's CIDs (and poppler's reading) do not.

The widths of such a font are by CID (/W), so the codes go through the CMap's own file, which
poppler-data installs beside the collections' tables (``pdf_collections``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefgen.ingest.pdf_collections import ORDERINGS
from briefgen.ingest.pdf_fonts import cid_map

#: Where poppler-data puts the predefined CMaps, a folder per collection (Adobe-GB1/GBK-EUC-H).
FILES = Path("/usr/share/poppler/cMap")
_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.DOTALL)
_USECMAP = re.compile(rb"/([A-Za-z0-9-]{1,64})\s+usecmap")
#: A predefined CMap's name: letters, digits and hyphens only (it becomes a file name).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,63}")
#: The Unicode CMaps of every collection (UniGB-UCS2-H, UniJIS-UTF16-V, UniKS-UTF8-H...).
_UNICODE = re.compile(r"Uni(?:GB|CNS|JIS|JIS2004|JISX0213|JISX02132004|KS)-(UCS2|UTF16|UTF8|UTF32)")
_UNICODE_CODECS = {"UCS2": "utf-16-be", "UTF16": "utf-16-be", "UTF8": "utf-8", "UTF32": "utf-32-be"}
#: The national encodings' CMaps (less their -H or -V) and the codec of each. Those not here
#: (GBT-EUC, CNS-EUC, the ISO-2022 "H") are read through their CIDs.
_CODECS = {
    # Adobe-GB1: GB 2312 in EUC (GBpc: Mac's, proportional ASCII), GBK, GB 18030.
    "GB-EUC": "gb2312",
    "GBpc-EUC": "gb2312",
    "GBK-EUC": "gbk",
    "GBKp-EUC": "gbk",
    "GBK2K": "gb18030",
    # Adobe-CNS1: Big Five with the vendors' additions, and Hong Kong's.
    "B5pc": "cp950",
    "ETen-B5": "cp950",
    "ETenms-B5": "cp950",
    "HKscs-B5": "big5hkscs",
    # Adobe-Japan1: Shift-JIS (Microsoft's, Mac's, and their older sets) and EUC-JP.
    "90ms-RKSJ": "cp932",
    "90msp-RKSJ": "cp932",
    "90pv-RKSJ": "shift_jis",
    "83pv-RKSJ": "shift_jis",
    "Add-RKSJ": "shift_jis",
    "Ext-RKSJ": "shift_jis",
    "EUC": "euc_jp",
    # Adobe-Korea1: KS X 1001 in EUC, and Microsoft's Unified Hangul Code.
    "KSC-EUC": "euc_kr",
    "KSCpc-EUC": "euc_kr",
    "KSCms-UHC": "cp949",
    "KSCms-UHC-HW": "cp949",
}
#: A first byte's code spans where codes of several lengths begin with it (``codespace``).
SharedLeads = dict[int, tuple[tuple[bytes, bytes], ...]]
#: usecmap chains are a level or two deep in poppler-data; a deeper one is not followed.
_MAX_PARENTS = 4


@dataclass(frozen=True)
class PredefinedCMap:
    """What a named CMap says of a font's strings."""

    #: Byte length of a code by its first byte (missing: ``code_bytes``).
    lead_bytes: dict[int, int]
    code_bytes: int
    #: First bytes that begin codes of two lengths, and each length's ranges (``codespace``).
    shared_leads: SharedLeads
    #: The codec that reads each code as text ("gbk"), empty where none does.
    codec: str
    #: Each code's CID, from the CMap's file; None where the file is not installed.
    to_cid: dict[int, int] | None


def codec_of(name: str) -> str:
    """The Python codec that reads the codes of the predefined CMap ``name``, or ''."""
    base = re.sub(r"-[HV]$", "", name)
    unicode = _UNICODE.fullmatch(re.sub(r"-HW$", "", base))
    if unicode is not None:
        return _UNICODE_CODECS[unicode.group(1)]
    if base in _CODECS:
        return _CODECS[base]
    # A name no standard knows that says UCS-2 or UTF-16 (Identity-UTF16-H) is read so.
    return "utf-16-be" if re.search("UCS2|UTF16", base) else ""


@lru_cache(maxsize=8)
def predefined_cmap(name: str) -> PredefinedCMap | None:
    """The predefined CMap ``name`` ("GBK-EUC-H"): None when it is none this reader knows
    (neither a codec reads it nor an installed file has it)."""
    if not _NAME.fullmatch(name):
        return None
    codec = codec_of(name)
    files = _files(name)
    if not files and not codec:
        return None
    if not files:
        return PredefinedCMap(*_codec_codespace(codec), codec, None)
    # A file that uses another (a -V CMap its -H one) has few ranges of its own, and no
    # codespace: its parents' hold them, its own ranges replace theirs.
    spaces = [codespace(data) for data in files if _CODESPACE.search(data)]
    to_cid: dict[int, int] = {}
    for data in reversed(files):
        to_cid.update(cid_map(data) or {})
    return PredefinedCMap(*(spaces[0] if spaces else ({}, 2, {})), codec, to_cid or None)


def cmaps_stamp() -> str:
    """Which predefined CMap files are installed: parsing reads them, so a parse cache key
    holds this, as it holds ``pdf_collections.tables_stamp``."""
    folders = [FILES / f"Adobe-{ordering}" for ordering in ORDERINGS]
    listed = {folder.name: list(folder.iterdir()) for folder in folders if folder.is_dir()}
    return ",".join(
        f"{name}:{len(files)}:{sum(path.stat().st_size for path in files)}"
        for name, files in listed.items()
    )


def codespace(data: bytes) -> tuple[dict[int, int], int, SharedLeads]:
    """A CMap's code lengths: by first byte where they differ, and the longest; and for a
    first byte that begins codes of two lengths (GB 18030's four-byte codes share theirs with
    its two-byte ones), the byte ranges of each, the shorter first (``code_length``)."""
    ranges = _CODESPACE.search(data)
    found = re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", ranges.group(1)) if ranges else []
    # A code is one to four bytes; a range of other lengths (or of two) is a damaged map's.
    pairs = [(lo, hi) for lo, hi in found if len(lo) == len(hi) and len(lo) in (2, 4, 6, 8)]
    if not pairs:
        return {}, 2, {}
    lengths = {len(lo) // 2 for lo, _hi in pairs}
    if len(lengths) == 1:
        return {}, lengths.pop(), {}
    leads: dict[int, int] = {}
    spans: dict[int, list[tuple[bytes, bytes]]] = {}
    for lo, hi in sorted(pairs, key=lambda pair: len(pair[0])):
        first, last = bytes.fromhex(lo.decode()), bytes.fromhex(hi.decode())
        for byte in range(first[0], last[0] + 1):
            leads.setdefault(byte, len(first))
            spans.setdefault(byte, []).append((first, last))
    shared = {
        byte: tuple(found) for byte, found in spans.items() if len({len(a) for a, _ in found}) > 1
    }
    return leads, max(lengths), shared


def code_length(data: bytes, at: int, spans: tuple[tuple[bytes, bytes], ...], fallback: int) -> int:
    """The length of the code at ``at`` whose first byte begins codes of several lengths: the
    first of ``spans`` (shortest first) every byte of which it fits, else ``fallback``."""
    for first, last in spans:
        code = data[at : at + len(first)]
        if len(code) == len(first) and all(
            a <= b <= c for a, b, c in zip(first, code, last, strict=False)
        ):
            return len(first)
    return fallback


def _files(name: str) -> list[bytes]:
    """The CMap's file, then those of the CMaps it uses (``usecmap``), as installed."""
    found: list[bytes] = []
    while len(found) < _MAX_PARENTS:
        data = next(filter(None, (_read(FILES / f"Adobe-{o}" / name) for o in ORDERINGS)), None)
        if data is None:
            break
        found.append(data)
        parent = _USECMAP.search(data)
        if parent is None:
            break
        name = parent.group(1).decode("ascii")
    return found


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


#: GB 18030's codes where no CMap file says: two bytes, or four whose second is a digit.
_GB18030_SPANS = ((b"\x81\x40", b"\xfe\xfe"), (b"\x81\x30\x81\x30", b"\xfe\x39\xfe\x39"))


def _codec_codespace(codec: str) -> tuple[dict[int, int], int, SharedLeads]:
    """Code lengths by first byte as the codec reads them, where no CMap file says: one byte
    for a byte the codec reads alone, else two (UTF-8's by its lead byte, four in UTF-32)."""
    if codec == "utf-32-be":
        return {}, 4, {}
    if codec == "utf-16-be":
        return {}, 2, {}
    if codec == "gb18030":
        return (
            {byte: 1 for byte in range(0x80)},
            2,
            dict.fromkeys(range(0x81, 0xFF), _GB18030_SPANS),
        )
    decoder = codecs.getdecoder(codec)
    leads: dict[int, int] = {}
    for byte in range(256):
        try:
            text, _ = decoder(bytes([byte]))
        except UnicodeDecodeError:
            text = ""
        if len(text) == 1:
            leads[byte] = 1
        elif codec == "utf-8":
            leads[byte] = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
        elif codec == "euc_jp" and byte == 0x8F:
            leads[byte] = 3  # JIS X 0212: a third byte
    return leads, 2, {}
