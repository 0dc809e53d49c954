"""Rows of pages read by OCR, shaped like the rows of a text layer so the PDF layout reads them.

What the layout needs from a row is its text, position and size. OCR gives line and word boxes
in image pixels, on a page that may be scanned a little askew, and the height of the ink rather
than a font size. Tesseract's line boxes are sound but its word boxes in Chinese are not (a
two-character word 240 pixels wide, single characters padded to twice their height), so a row
is made from the line alone: its box turned back by the page's skew (the median slope of the
baselines) and put in PDF points, its size the box's height. Sizes are then snapped to the few
the issue was printed in, because the layout tells body text, headings and footnotes apart by
equal sizes. Neither bold nor superscript footnote markers can be told from what OCR gives:
house layouts that set headings at body size, bold only, are beyond it, and markers are found
in the text the way the text ingest finds them.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

from briefgen.cache import Cache
from briefgen.errors import SourceError
from briefgen.ingest.ocr import OcrLine, OcrPage, read_scanned_pages
from briefgen.ingest.ocr_cleanup import clean_ocr_text
from briefgen.ingest.pages import is_wide
from briefgen.ingest.pdf import PdfDocument, PdfPage, check_text_layer
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Run, group_rows

#: An OCR'd row has no font: Latin letters are taken as half an em wide, CJK as a full em.
_METRICS = FontWidths({}, 500.0)
#: Sizes read from lines printed in one size lie close together: a gap of more than this ratio
#: between one size and the next larger one read separates two printed sizes.
_SIZE_GAP = 1.05
#: Where a line's own measure is unsure (mostly Latin letters, or a few characters), it takes
#: the size of the line above when its own is within this share of it: the tail of a wrapped
#: title or a URL's second line is set like the line before.
_CLOSE = 0.25
#: Ems the ink of characters spans: an ideograph less its side bearings; a full-width stop or
#: comma (its ink sits in the em's first third); an opening bracket (its ink in the second
#: half); Latin letters and digits by rough width classes.
_SIDE_BEARINGS = 0.1
_STOPS = set("。，、；：！？")
_OPENING = set("“‘《（〈「『【")
_LATIN_WIDTHS = [(set(".,:;!|'il1"), 0.28), (set("-/()[]{}frtjI "), 0.36), (set("mwMW@%"), 0.85)]
_LATIN_DEFAULT = 0.55


def ocr_pdf_pages(pages: list[OcrPage]) -> list[PdfPage]:
    """The rows of every page read by OCR, sizes snapped across the issue."""
    runs = {page.number: _page_runs(page) for page in pages}
    _snap_sizes([run for page_runs in runs.values() for run in page_runs])
    return [
        PdfPage(page.number, page.width, page.height, group_rows(runs[page.number], page.number))
        for page in pages
    ]


def _skew(lines: list[OcrLine]) -> float:
    """The page's skew as a slope: the median over its words of their line's baseline slope."""
    slopes = [line.slope for line in lines if len(line.words) >= 3 for _ in line.words]
    return statistics.median(slopes) if slopes else 0.0


def _page_runs(page: OcrPage) -> list[Run]:
    """One run per OCR line, in points from the page's bottom-left, turned back by the skew
    about the page's centre."""
    scale = 72.0 / page.dpi
    skew = _skew(page.lines)
    cx, cy = page.width / scale / 2, page.height / scale / 2
    runs: list[Run] = []
    above: Run | None = None
    for line in page.lines:
        x0, y0, x1, y1 = line.box
        middle = (x0 + x1) / 2
        # hOCR's baseline starts at the box's bottom-left corner and rises with its slope.
        base = y1 + line.offset + line.slope * (middle - x0) - skew * (middle - cx)
        shift = skew * ((y0 + y1) / 2 - cy)
        text = clean_ocr_text(_joined(line))
        chars = sum(len(w.text) for w in line.words)
        confidence = sum(w.confidence * len(w.text) for w in line.words) / max(1, chars)
        size, sure = _line_size(line, text)
        size *= scale
        if above is not None and not sure and abs(size / above.size - 1) < _CLOSE:
            size = above.size
        above = Run(
            text=text,
            x=(x0 + shift) * scale,
            y=page.height - base * scale,
            size=size,
            bold=False,
            width=(x1 - x0) * scale,
            metrics=_METRICS,
            ocr_confidence=confidence,
        )
        runs.append(above)
    return runs


def _line_size(line: OcrLine, text: str) -> tuple[float, bool]:
    """The line's size in pixels, and whether that measure is sure.

    Box heights are no measure: a speck of dirt beside a line stretches its box, and a skewed
    line's box is taller than its letters. Widths are one: Chinese is set on a grid of ems,
    so a line's width over the ems its characters take is its size. A line mostly of Latin
    letters, whose widths vary, or of few characters gives an unsure measure.
    """
    x0, _y0, x1, _y1 = line.box
    wide = sum(is_wide(ch) for ch in text)
    ems = _ems(text)
    sure = wide >= 4 and wide >= len(text.replace(" ", "")) / 2
    return (x1 - x0) / max(ems, 0.5), sure


def _ems(text: str) -> float:
    """How many ems of ink ``text`` spans, first character's left edge to last one's right."""
    text = text.strip()
    total = 0.0
    for k, ch in enumerate(text):
        if ch in _STOPS and k == len(text) - 1:
            total += 0.4
        elif ch in _OPENING and k == 0:
            total += 0.5
        elif is_wide(ch):
            total += 1.0
        else:
            total += next((w for chars, w in _LATIN_WIDTHS if ch in chars), _LATIN_DEFAULT)
    return total - _SIDE_BEARINGS


def _joined(line: OcrLine) -> str:
    """The line's words as one text: Chinese words together, others a space apart."""
    text = ""
    for previous, word in zip([None, *line.words], line.words, strict=False):
        if previous is not None and not (is_wide(previous.text[-1]) and is_wide(word.text[0])):
            text += " "
        text += word.text
    return text


def _snap_sizes(runs: list[Run]) -> None:
    """Each size replaced by the median of its group: sizes with no gap over _SIZE_GAP."""
    group: list[Run] = []
    for run in sorted(runs, key=lambda r: r.size):
        if group and run.size > group[-1].size * _SIZE_GAP:
            _settle(group)
            group = []
        group.append(run)
    _settle(group)


def _settle(group: list[Run]) -> None:
    if group:
        middle = round(statistics.median(r.size for r in group) * 2) / 2
        for run in group:
            run.size = middle


def with_ocr(doc: PdfDocument, cache: Cache | None) -> PdfDocument:
    """``doc`` with its pages that have no text layer read by OCR instead."""
    scanned = [page for page in doc.pages if not any(row.text.strip() for row in page.rows)]
    if not scanned:
        return doc
    read = read_scanned_pages(
        doc.path, doc.sha256, [(p.number, p.width, p.height) for p in scanned], cache
    )
    by_number = {page.number: page for page in ocr_pdf_pages(read)}
    pages = [by_number.get(page.number, page) for page in doc.pages]
    if not any(row.text.strip() for page in pages for row in page.rows):
        raise SourceError(doc.path, None, "OCR found no text on any page of this PDF")
    check_text_layer(doc.path, pages)
    return replace(doc, pages=pages, ocr_pages=sorted(by_number))


def article_confidence(doc: PdfDocument, lines: list[int]) -> int | None:
    """Tesseract's confidence in an article's text, its rows' words weighted by length."""
    if not lines:
        return None
    first, last = lines[0], lines[-1]
    total = chars = 0.0
    for row in (row for page in doc.pages for row in page.rows if first <= row.line <= last):
        for run in row.runs:
            if run.ocr_confidence is not None:
                total += run.ocr_confidence * len(run.text)
                chars += len(run.text)
    return round(total / chars) if chars else None
