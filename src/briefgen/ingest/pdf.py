"""Read a PDF into positioned text rows with pypdf, or say clearly why it cannot be read.

What a PDF knows and flattened text does not: the size, weight and position of every run of
text. This module collects them through pypdf's ``visitor_text`` callback and groups runs into
rows (one printed line each), keeping superscript footnote markers apart from the text.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from briefgen.errors import SourceError
from briefgen.ingest.pages import CJK, is_wide
from briefgen.ingest.pdf_fonts import FontWidths, font_widths

log = logging.getLogger(__name__)

#: Ligatures some fonts map to one glyph; the record should hold the letters.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
#: Kangxi radicals and CJK compatibility ideographs that some fonts' ToUnicode maps give
#: instead of the ordinary ideograph (⽂ for 文); NFKC maps them back.
_COMPAT = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")
#: Private-use characters around the number of a superscript marker in a row's text.
SUP_OPEN, SUP_CLOSE = "\ue002", "\ue003"
_MARKER = re.compile(r"^\s*[\[［(（]?(\d{1,3})[\]］)）]?\s*$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold|w[6-9]\b|-b$|,b$", re.IGNORECASE)
_UNKNOWN_FONT = FontWidths({}, 500.0)
#: A wide gap between two CJK characters: a space unless the row is justified.
_SOFT_SPACE = "\ue004"
_CJK_SPACE = re.compile(f"([{CJK}]) (?=[{CJK}])")
#: A page's text is garbled when more than this share of it is unmapped glyph codes.
_GARBLED_SHARE = 0.05


@dataclass(slots=True)
class Run:
    """One piece of text pypdf reported, with where and how it is printed."""

    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float
    metrics: FontWidths

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(slots=True)
class Row:
    """A printed line: its runs left to right; superscript numbers become markers."""

    page: int
    y: float
    size: float
    bold: bool
    runs: list[Run] = field(default_factory=list)
    #: The printed text; a superscript marker stands in it as SUP_OPEN + number + SUP_CLOSE.
    text: str = ""
    #: The extracted text ended in a space: a word break, where a wrapped line joins with one.
    space_after: bool = False

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def right(self) -> float:
        return max(run.right for run in self.runs)

    def width_of(self, text: str) -> float:
        """How wide ``text`` would print in this row's main font."""
        main = max(self.runs, key=lambda run: (run.size, len(run.text)))
        return main.metrics.width(text, main.size)


@dataclass(slots=True)
class PdfPage:
    number: int
    width: float
    height: float
    rows: list[Row]
    #: Runs dropped as watermark (rotated text).
    rotated: int = 0


@dataclass(frozen=True, slots=True)
class PdfDocument:
    path: Path
    sha256: str
    pages: list[PdfPage]


def clean_text(text: str) -> str:
    """Undo what extraction does to CJK text: NULs between characters, ligatures, radicals."""
    text = text.replace("\x00", "").translate(_LIGATURES)
    return _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _bad_char(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cn") or (category == "Cc" and ch not in "\t\n\r")


def open_pdf(path: Path, data: bytes) -> PdfReader:
    """A reader for the file's bytes, decrypted when it opens with an empty password."""
    if not data.strip():
        raise SourceError(path, None, "file is empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise SourceError(path, None, "not a PDF: the file does not start with %PDF-")
    if b"%%EOF" not in data[-4096:]:
        # pypdf would rebuild what it can and hand back part of the issue without a word.
        raise SourceError(
            path,
            None,
            "truncated PDF: the file ends before its %%EOF marker "
            "(an interrupted download or copy?); get the complete file",
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(
                path,
                None,
                "the PDF is encrypted with a password; save an unprotected copy "
                "(e.g. qpdf --password=… --decrypt in.pdf out.pdf) and parse that",
            )
        _ = len(reader.pages)
    except SourceError:
        raise
    except FileNotDecryptedError as exc:
        raise SourceError(path, None, f"the PDF is encrypted and cannot be opened: {exc}") from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(path, None, f"not a readable PDF (truncated or corrupt?): {exc}") from exc
    return reader


def read_pdf(path: Path) -> PdfDocument:
    """Every page's rows; SourceError for encrypted, corrupt, scanned or garbled files."""
    data = path.read_bytes()
    reader = open_pdf(path, data)
    pages: list[PdfPage] = []
    widths: dict[str, FontWidths] = {}
    for number, page in enumerate(reader.pages, start=1):
        try:
            read, raw_text = _read_page(page, number, widths)
        except Exception as exc:  # pypdf raises many kinds on damaged content streams
            raise SourceError(
                path, None, f"cannot extract text (damaged page?): {exc}", page=number
            ) from exc
        check_garbled(path, number, raw_text)
        pages.append(read)
    _check_text_layer(path, pages)
    return PdfDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def _check_text_layer(path: Path, pages: list[PdfPage]) -> None:
    with_text = [p for p in pages if any(row.text.strip() for row in p.rows)]
    if not with_text:
        raise SourceError(
            path,
            None,
            f"no text layer on any of its {len(pages)} page(s): this looks like a scanned PDF. "
            "Run OCR first (e.g. ocrmypdf -l chi_sim+eng in.pdf out.pdf) and parse the result",
        )
    shares = sorted(_cjk_share(p) for p in with_text)
    typical = shares[len(shares) // 2]
    for page in with_text:
        share = _cjk_share(page)
        if typical > 0.5 and share < 0.1 * typical:
            log.warning(
                "%s: page %d has hardly any Chinese characters (%.0f%% against %.0f%% on a "
                "typical page): its font may be misread; check its records",
                path,
                page.number,
                100 * share,
                100 * typical,
            )
    for page in pages:
        if page not in with_text:
            log.warning("%s: page %d has no text layer (scanned?); skipped", path, page.number)


def _cjk_share(page: PdfPage) -> float:
    text = "".join(row.text for row in page.rows)
    letters = [ch for ch in text if ch.isalpha()]
    return sum(bool(re.match(f"[{CJK}]", ch)) for ch in letters) / len(letters) if letters else 0


def check_garbled(path: Path, page: int, text: str) -> None:
    """Fail on text that is glyph codes rather than characters: pypdf misread the font."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return
    bad = sum(_bad_char(ch) for ch in visible) + 5 * text.count("(cid:")
    if bad > _GARBLED_SHARE * len(visible):
        raise SourceError(
            path,
            None,
            f"the extracted text is garbled ({bad} of {len(visible)} characters are unmapped "
            "glyph codes): a font on this page has no usable Unicode map. Export the PDF "
            "again (e.g. print to PDF) or provide the issue as .txt",
            page=page,
        )


_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.DOTALL)


def _font_key(font: DictionaryObject) -> str:
    return f"{font.get('/BaseFont', '')}|{font.get('/Subtype', '')}|{id(font)}"


def _prepare_fonts(page: PageObject, widths: dict[str, FontWidths]) -> None:
    """Read each font's widths, then let pypdf decode two-byte embedded encodings right.

    pypdf decodes a Type0 font whose /Encoding is an embedded CMap stream one byte at a time
    (fpdf2 writes such fonts): every other character comes out as NUL or as a wrong glyph.
    Text comes from the font's ToUnicode map, keyed by the same two-byte codes, so telling
    pypdf the codes are two bytes wide is enough; the code-to-CID mapping does not matter.
    """
    fonts = page.get("/Resources", {}).get("/Font", {})
    for ref in fonts.values():
        font = ref.get_object()
        key = _font_key(font)
        if key not in widths:
            widths[key] = font_widths(font)
        encoding = font.get("/Encoding")
        if font.get("/Subtype") != "/Type0" or encoding is None:
            continue
        stream = encoding.get_object()
        if not isinstance(stream, StreamObject):
            continue
        ranges = _CODESPACE.search(stream.get_data())
        codes = re.findall(rb"<([0-9A-Fa-f]+)>", ranges.group(1)) if ranges else []
        if codes and all(len(code) == 4 for code in codes):
            font[NameObject("/Encoding")] = NameObject("/Identity-H")


def _read_page(page: PageObject, number: int, widths: dict[str, FontWidths]) -> tuple[PdfPage, str]:
    runs: list[Run] = []
    rotated = 0
    raw_text: list[str] = []

    def visit(
        text: str, cm: list[float], tm: list[float], font: DictionaryObject | None, size: float
    ) -> None:
        nonlocal rotated
        if not text or not text.strip("\n\x00"):
            return
        raw_text.append(text)
        a = tm[0] * cm[0] + tm[1] * cm[2]
        b = tm[0] * cm[1] + tm[1] * cm[3]
        c = tm[2] * cm[0] + tm[3] * cm[2]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if abs(b) > 0.01 * abs(a) + 1e-9 or abs(c) > 0.01 * abs(a) + 1e-9:
            rotated += 1  # diagonal or vertical text: a watermark, never body text
            return
        scale = math.hypot(a, b) or 1.0
        base = str(font.get("/BaseFont", "")) if font else ""
        cleaned = clean_text(text).replace("\n", " ")
        if not cleaned.strip():
            return
        size = round(size * scale, 1)
        metrics = (widths.get(_font_key(font)) if font else None) or _UNKNOWN_FONT
        width = metrics.width(cleaned, size)
        runs.append(Run(cleaned, x, y, size, bool(_BOLD.search(base)), width, metrics))

    _prepare_fonts(page, widths)
    page.extract_text(visitor_text=visit)
    box = page.mediabox
    return PdfPage(
        number=number,
        width=float(box.width),
        height=float(box.height),
        rows=_group_rows(runs, number),
        rotated=rotated,
    ), "".join(raw_text).replace("\x00", "")


def _group_rows(runs: list[Run], page: int) -> list[Row]:
    """Runs sharing a baseline form a row; a smaller run just above a row is its superscript."""
    rows: list[Row] = []
    for run in sorted(runs, key=lambda r: (-round(r.y, 0), r.x)):
        row = rows[-1] if rows else None
        if row is not None and abs(row.y - run.y) <= 0.2 * max(row.size, run.size):
            row.runs.append(run)
            if run.size > row.size:
                row.size, row.bold = run.size, run.bold
            continue
        rows.append(Row(page=page, y=run.y, size=run.size, bold=run.bold, runs=[run]))
    merged: list[Row] = []
    for k, row in enumerate(rows):
        below = rows[k + 1] if k + 1 < len(rows) else None
        if (
            below is not None
            and row.size < 0.85 * below.size
            and 0 < row.y - below.y < 0.75 * below.size
            and all(_MARKER.match(run.text) for run in row.runs)
        ):
            below.runs.extend(row.runs)
            below.runs.sort(key=lambda r: r.x)
            continue
        merged.append(row)
    for row in merged:
        row.runs.sort(key=lambda r: r.x)
        _compose(row)
    _settle_soft_spaces(merged)
    return merged


def _settle_soft_spaces(rows: list[Row]) -> None:
    """Gaps between CJK characters of a justified row are stretch; elsewhere they are spaces.

    A row is justified when it runs from the left edge of the text (or its indent) to the right
    edge; an author line set flush right starts far from the left edge.
    """
    long_rows = [r for r in rows if len(r.text) >= 10] or rows
    if not long_rows:
        return
    lefts = sorted(r.x for r in long_rows)
    rights = sorted(r.right for r in long_rows)
    left, right = lefts[len(lefts) // 4], rights[int(len(rights) * 0.9)]
    for row in rows:
        justified = row.x < left + 2.5 * row.size and row.right > right - 0.6 * row.size
        row.text = row.text.replace(_SOFT_SPACE, "" if justified else " ")
        # pypdf itself turns wide glyph displacements into spaces: many of them between CJK
        # characters of one justified row are stretch, not words.
        if justified and len(_CJK_SPACE.findall(row.text)) >= 3:
            row.text = _CJK_SPACE.sub(r"\1", row.text)


def _compose(row: Row) -> None:
    """The row's text, with superscript numbers marked as footnote markers.

    Some producers (LibreOffice) print no space glyph between words, only move on: a gap as
    wide as a space is one.
    """
    text = ""
    prev: Run | None = None
    for run in row.runs:
        marker = _MARKER.match(run.text)
        if marker and run.size < 0.85 * row.size and run.y > row.y + 0.12 * row.size:
            number = marker.group(1)
            if (
                text.endswith(SUP_CLOSE)
                and prev is not None
                and run.x - prev.right < 0.2 * run.size
            ):
                # "28" printed as two runs "2" and "8": one marker.
                number = text[text.rindex(SUP_OPEN) + 1 : -1] + number
                text = text[: text.rindex(SUP_OPEN)]
            text = text.rstrip() + f"{SUP_OPEN}{int(number)}{SUP_CLOSE}"
            prev = run
            continue
        piece = run.text
        if prev is not None and text and not text.endswith(" ") and not piece.startswith(" "):
            gap = run.x - prev.right
            if is_wide(text[-1]) and is_wide(piece[0]):
                # A space between names, or justification: _settle_soft_spaces decides.
                if gap > 0.19 * row.size:
                    piece = _SOFT_SPACE + piece
                space = False
            else:
                space = gap > 0.15 * row.size
            if space:
                piece = " " + piece
        text += piece
        prev = run
    # pypdf puts a space where the text resumes after a raised marker; before CJK punctuation
    # it is none of the author's.
    text = re.sub(f"{SUP_CLOSE}\\s+(?=[\u3000-\u303f\uff00-\uffef])", SUP_CLOSE, text)
    row.text = re.sub(r"[ \t]+", " ", text).strip()
    row.space_after = text != text.rstrip()
