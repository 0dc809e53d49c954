"""Read a PDF into positioned text rows, or say clearly why it cannot be read.

What a PDF knows and flattened text does not: the size, weight and position of every run of
text. pdf_content.py reads them from each page's content stream; pdf_rows.py groups them into
rows (one printed line each), keeping superscript footnote markers apart from the text. This
module opens the file and refuses what cannot be read: encrypted, truncated, scanned, garbled.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError

from briefgen.errors import SourceError
from briefgen.ingest.decode import MAX_PDF_BYTES, check_pdf_pages, check_size
from briefgen.ingest.ocr_cleanup import clean_ocr_text
from briefgen.ingest.pages import CJK, URL_TAIL
from briefgen.ingest.pdf_chars import clean_text
from briefgen.ingest.pdf_columns import Gutter, reading_order
from briefgen.ingest.pdf_content import read_content
from briefgen.ingest.pdf_glyphs import FontCodes, forget_shared_tables
from briefgen.ingest.pdf_rows import Row, Run, group_rows
from briefgen.ingest.pdf_sheets import Sheet, pages_of
from briefgen.ingest.pdf_state import DocumentFonts, PageContent, Rule, Span, TooComplex
from briefgen.ingest.pdf_widths import UNKNOWN_FONT, WidthPool

log = logging.getLogger(__name__)

#: The font of the invisible text Tesseract lays over a scan (ocrmypdf's output has it).
_OCR_FONT = "GlyphLessFont"
#: A page's text is garbled when more than this share of it is unmapped glyph codes.
_GARBLED_SHARE = 0.05
#: Codes a font's map reads against its glyphs' widths that make the whole map suspect: none
#: in any print of the tests' producers, 3 to 286 in a font Ghostscript 10.0 rewrote.
_MISREAD_FONT = 3


@dataclass(slots=True)
class PdfPage:
    number: int
    width: float
    height: float
    rows: list[Row]
    #: Runs dropped as watermark (rotated text).
    rotated: int = 0
    #: Horizontal lines drawn on the page (a short one opens the footnote zone).
    rules: list[Rule] = field(default_factory=list)
    #: All its text is an invisible OCR layer (Tesseract's GlyphLessFont, as ocrmypdf adds).
    ocr_layer: bool = False


@dataclass(frozen=True, slots=True)
class PdfDocument:
    path: Path
    sha256: str
    pages: list[PdfPage]
    #: The pages read by OCR (ocr_rows.py), for want of a text layer.
    ocr_pages: list[int] = field(default_factory=list)


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
    except Exception as exc:  # pypdf raises many kinds on a damaged file (AttributeError too)
        raise SourceError(path, None, f"not a readable PDF (truncated or corrupt?): {exc}") from exc
    return reader


def read_pdf(path: Path, scanned_ok: bool = False) -> PdfDocument:
    """Every page's rows; SourceError for encrypted, corrupt, scanned or garbled files.

    With ``scanned_ok`` (OCR will read them), pages with no text layer, or a garbled one (a
    font with no usable Unicode map), are no error: they come back with no rows.
    """
    check_size(path, path.stat().st_size, MAX_PDF_BYTES)
    data = path.read_bytes()
    reader = open_pdf(path, data)
    check_pdf_pages(path, len(reader.pages))
    # Fonts share tables by object number within a document: none may come from another
    # one read without read_pdf, nor stay after this one.
    forget_shared_tables()
    try:
        sheets = _read_sheets(path, reader, scanned_ok)
    finally:
        forget_shared_tables()
    pages = _pages(path, sheets)
    if not scanned_ok:
        check_text_layer(path, pages)
        _warn_about_ocr_layer(path, pages)
    return PdfDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def _read_sheets(path: Path, reader: PdfReader, scanned_ok: bool) -> list[Sheet]:
    """Every sheet's runs and rules, each checked for garbled text (see ``read_pdf``)."""
    sheets: list[Sheet] = []
    fonts = DocumentFonts()
    metrics = WidthPool()
    for number, page in enumerate(reader.pages, start=1):
        try:
            sheet, raw_text, shown = _read_sheet(page, number, fonts, metrics)
        except TooComplex as exc:
            raise SourceError(
                path,
                None,
                f"{exc}: the file is damaged or made to exhaust memory. Print it to PDF again "
                "or provide the issue as .txt",
                page=number,
            ) from exc
        except Exception as exc:  # pypdf raises many kinds on damaged content streams
            raise SourceError(
                path, None, f"cannot extract text (damaged page?): {exc}", page=number
            ) from exc
        try:
            check_garbled(path, number, raw_text, shown)
            check_misread(path, number, shown)
        except SourceError:
            if not scanned_ok:
                raise
            log.warning("%s: page %d: its text is garbled; reading it by OCR", path, number)
            sheet.runs = []  # read as a scan is (ocr_rows.with_ocr)
        sheets.append(sheet)
    return sheets


def check_text_layer(path: Path, pages: list[PdfPage]) -> None:
    with_text = [p for p in pages if any(row.text.strip() for row in p.rows)]
    if not with_text:
        raise SourceError(
            path,
            None,
            f"no text layer on any of its {len(pages)} page(s): this looks like a scanned PDF. "
            "Parse it with --ocr (or put 'ocr: true' in its meta.yaml) to read it with "
            "Tesseract OCR",
        )
    shares = {page.number: _cjk_share(page) for page in with_text}
    measured = sorted(share for share in shares.values() if share is not None)
    typical = measured[len(measured) // 2] if measured else 0.0
    for page in with_text:
        share = shares[page.number]
        if share is not None and typical > 0.5 and share < 0.1 * typical:
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
            log.warning(
                "%s: page %d has no text layer (scanned?); skipped. Parse with --ocr to read it",
                path,
                page.number,
            )


def _warn_about_ocr_layer(path: Path, pages: list[PdfPage]) -> None:
    layered = [page.number for page in pages if page.ocr_layer]
    if layered:
        log.warning(
            "%s: the text of %d page(s) is an OCR layer added to a scan (Tesseract's "
            "GlyphLessFont): its sizes are rough, so sections and titles may be misread. "
            "Parse it with --ocr to read the scan with briefgen's own OCR instead",
            path,
            len(layered),
        )


#: Web addresses, which are Latin whatever the language around them.
_ADDRESS = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")


def _cjk_share(page: PdfPage) -> float | None:
    """The share of the page's letters that are Chinese, web addresses left out; None for a
    page of addresses alone (an issue's closing list of sources)."""
    texts: list[str] = []
    wrapped = False  # the row before ended in an address, which may go on on this row
    for row in page.rows:
        text = row.text.strip()
        if wrapped and URL_TAIL.match(text):
            texts.append("")  # the address's rest: "…announces-first-" "chips-america-rd…"
            continue
        texts.append(_ADDRESS.sub(" ", text))
        wrapped = bool(_ADDRESS.search(text.rsplit(" ", 1)[-1]))
    letters = [ch for ch in "".join(texts) if ch.isalpha()]
    if not letters:
        return None
    return sum(bool(re.match(f"[{CJK}]", ch)) for ch in letters) / len(letters)


def check_garbled(path: Path, page: int, text: str, fonts: Sequence[FontCodes] = ()) -> None:
    """Fail on text that is glyph codes rather than characters: pypdf misread the font.
    ``fonts``, the page's: one that names a character collection no installed table reads
    makes the message say what to install."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return
    bad = sum(_bad_char(ch) for ch in visible) + 5 * text.count("(cid:")
    if bad > _GARBLED_SHARE * len(visible):
        unread = next((font for font in fonts if font.unread_collection), None)
        remedy = (
            "Parse it with --ocr to read its pages as images, export the PDF again (e.g. "
            "print to PDF) or provide the issue as .txt"
            if unread is None
            else f"font {unread.name.lstrip('/')} is read by the character collection "
            f"{unread.unread_collection}, whose table is not installed: install Debian's "
            "poppler-data (apt-get install poppler-data) and parse again"
        )
        raise SourceError(
            path,
            None,
            f"the extracted text is garbled ({bad} of {len(visible)} characters are unmapped "
            f"glyph codes): a font on this page has no usable Unicode map. {remedy}",
            page=page,
        )
    if bad:
        # Too few to refuse the page, but each is a character lost (MuPDF's print of Noto CJK's
        # Japanese face leaves digits after Latin letters unmapped: "NXT:����i" in a URL).
        log.warning(
            "%s: page %d: %d character(s) print glyphs with no Unicode mapping, kept as \ufffd; "
            "check this page's records",
            path,
            page,
            bad,
        )


def check_misread(path: Path, page: int, fonts: list[FontCodes]) -> None:
    """Fail on a font whose map reads several full-em glyphs as narrow Latin letters
    (pdf_glyphs.misread_codes): the rest of its map is not to be trusted either, though the
    page may hold too few of those codes to look garbled."""
    for font in fonts:
        if font.misread >= _MISREAD_FONT:
            raise SourceError(
                path,
                None,
                f"the extracted text is wrong: font {font.name.lstrip('/')} reads "
                f"{font.misread} full-width glyphs as narrow Latin letters, so its Unicode map "
                "is damaged (Ghostscript 10.0 writes such maps). Parse it with --ocr to read "
                "its pages as images, export the PDF again from its source or provide the "
                "issue as .txt",
                page=page,
            )


def _right_after(space: Span, span: Span) -> bool:
    """``span`` follows the space ``space`` on its baseline."""
    return abs(space.y - span.y) < 0.2 * span.size and abs(space.x + space.width - span.x) < (
        0.2 * span.size
    )


def _on_page(content: PageContent, page: PageObject) -> list[Span]:
    """The spans whose baseline starts on the page's visible part (its crop box): text drawn
    outside it is never seen (Qt draws the row a page break cuts on both pages, the second
    copy above the next page's top edge)."""
    if content.turned:
        return content.spans  # read in the turned page's own coordinates
    box = page.cropbox
    left, bottom = float(box.left) - 1, float(box.bottom) - 1
    right, top = float(box.right) + 1, float(box.top) + 1
    return [s for s in content.spans if left <= s.x <= right and bottom <= s.y <= top]


def _read_sheet(
    page: PageObject, number: int, fonts: DocumentFonts, metrics: WidthPool
) -> tuple[Sheet, str, list[FontCodes]]:
    """The page's text runs, its text as extracted (for check_garbled) and the fonts it
    shows."""
    content = read_content(page, fonts)
    widths = metrics.of(fonts)
    runs: list[Run] = []
    raw_text: list[str] = []
    space: Span | None = None  # a space printed as a span of its own, just before
    for span in _on_page(content, page):
        raw_text.append(span.text)
        cleaned = clean_text(span.text).replace("\n", " ")
        if not cleaned.strip():
            space = span if cleaned else None
            continue
        if space is not None and _right_after(space, span):
            cleaned = " " + cleaned.lstrip()  # Typst prints "撤销", " " and "ASML" apart
        space = None
        font = widths.get(span.font, UNKNOWN_FONT)
        size = round(span.size, 1)
        runs.append(
            Run(
                cleaned, span.x, span.y, size, span.bold, span.width, font, span.rise, span.superior
            )
        )
    box = page.mediabox
    shown = [
        fonts[key] for key in dict.fromkeys(span.font for span in content.spans) if key in fonts
    ]
    names = {font.name for font in shown}
    # A page read turned back by a quarter (read_content) is as wide as it was high, and in
    # its own coordinates.
    quarter = content.turned in (90, 270)
    sheet = Sheet(
        number=number,
        left=0.0 if content.turned else float(box.left),
        width=float(box.height if quarter else box.width),
        height=float(box.width if quarter else box.height),
        runs=runs,
        rotated=content.rotated,
        rules=content.rules,
        ocr_layer=bool(names) and all(_OCR_FONT in name for name in names),
    )
    return sheet, "".join(raw_text).replace("\x00", ""), shown


def _pages(path: Path, sheets: list[Sheet]) -> list[PdfPage]:
    """The pages the sheets carry (pdf_sheets.pages_of), their runs grouped into rows in
    reading order (columns kept to from page to page)."""
    read = pages_of(sheets)
    if len(read) > len(sheets):
        log.warning(
            "%s: its %d sheets carry two pages side by side (2-up): read as %d pages, "
            "numbered in reading order",
            path,
            len(sheets),
            len(read),
        )
    pages: list[PdfPage] = []
    gutter: Gutter | None = None
    for sheet in read:
        rows: list[Row] = []
        groups, gutter = reading_order(sheet.runs, gutter)
        for column, part in groups:
            rows += [replace(row, column=column) for row in group_rows(part, sheet.number)]
        if sheet.ocr_layer:
            # Tesseract's text layer puts a space between the "words" it cuts Chinese into.
            for row in rows:
                if not row.markers:
                    row.text = clean_ocr_text(row.text)
        pages.append(
            PdfPage(
                sheet.number,
                sheet.width,
                sheet.height,
                rows,
                sheet.rotated,
                sheet.rules,
                sheet.ocr_layer,
            )
        )
    return pages
