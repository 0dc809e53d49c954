"""Rows of pages read by OCR, shaped like the rows of a text layer so the PDF layout reads them.

What the layout needs from a row is its text, position and size. OCR gives line and word boxes
in image pixels, on a page that may be scanned a little askew. Tesseract's line boxes are sound
in position but not in height (a speck beside a line stretches its box, so does the skew), and
its word boxes in Chinese are not sound at all (a two-character word 240 pixels wide, single
characters padded to twice their height). So a row is made from the line: its box turned back
by the page's skew (the median slope of the baselines) and put in PDF points, its size from the
height of its ink band, measured on the straightened page image (ocr.py). A line mostly of
Latin letters is measured unsurely (its band may be its x-height alone): it takes the size of
a neighbour it is set at the leading of. Sizes are then snapped to the few the issue was
printed in, because the layout tells body text, headings and footnotes apart by equal sizes.
Neither bold nor superscript footnote markers can be told from what OCR gives: house layouts
that set headings at body size, bold only, are beyond it, and markers are found in the text
the way the text ingest finds them.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace
from itertools import pairwise

from briefgen.cache import Cache
from briefgen.errors import SourceError
from briefgen.ingest.ocr import OcrLine, OcrPage, OcrWord, page_skew, read_scanned_pages
from briefgen.ingest.ocr_cleanup import clean_ocr_text
from briefgen.ingest.pages import CJK, is_wide
from briefgen.ingest.pdf import PdfDocument, PdfPage, check_text_layer
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Run, group_rows

#: An OCR'd row has no font: Latin letters are taken as half an em wide, CJK as a full em.
_METRICS = FontWidths({}, 500.0)
#: Sizes read from lines printed in one size lie within this ratio of it either way.
_SAME_SIZE = 1.06
#: A size read on less than this share of the characters is no printed size of its own unless
#: it is farther than _SNAP from every printed size.
_MINOR = 0.01
_SNAP = 1.2
#: Words Tesseract is this unsure of (0-100) are specks or a watermark read as letters.
_JUNK = 20
_HAS_IDEOGRAPH = re.compile(f"[{CJK}]")
#: The most characters a speck is read as ("'", "i.", "-_-"): a longer word is misread text.
_SPECK = 3
#: A stretch with none of these (a lone "!" or "." far from the text) is a speck, not text.
_TEXT = re.compile(rf"[{CJK}A-Za-z0-9]")
#: A gap this wide (in points) parts a line into two runs: columns, not words.
_COLUMN_GAP = 36.0
#: Where a line's own measure is unsure (mostly Latin letters) and it is not set at the
#: leading of a line beside it, it takes the size of the line above when its own is within
#: this share of it.
_CLOSE = 0.25
#: How far (a share of the leading) a line may be from where the leading puts it.
_LEADING_SLACK = 0.12
#: The ink band of a line of ideographs, and of one of Latin letters, in ems.
_CJK_INK, _LATIN_INK = 0.9, 0.72


def ocr_pdf_pages(pages: list[OcrPage]) -> list[PdfPage]:
    """The rows of every page read by OCR, sizes snapped across the issue."""
    runs = {page.number: _page_runs(page) for page in pages}
    _snap_sizes([run for page_runs in runs.values() for run in page_runs])
    return [
        PdfPage(page.number, page.width, page.height, group_rows(runs[page.number], page.number))
        for page in pages
    ]


@dataclass(slots=True)
class _Line:
    """An OCR line's runs and the size measured for it, before unsure sizes are settled."""

    #: Baseline, in points from the page's bottom.
    y: float
    size: float
    sure: bool
    runs: list[Run]


def _page_runs(page: OcrPage) -> list[Run]:
    """A run per stretch of an OCR line, in points from the page's bottom-left, turned back by
    the skew about the page's centre."""
    scale = 72.0 / page.dpi
    skew = page_skew(page.lines)
    cx, cy = page.width / scale / 2, page.height / scale / 2
    lines: list[_Line] = []
    for line in page.lines:
        x0, _y0, x1, y1 = line.box
        middle = (x0 + x1) / 2
        # hOCR's baseline starts at the box's bottom-left corner and rises with its slope.
        base = y1 + line.offset + line.slope * (middle - x0) - skew * (middle - cx)
        stretches = _stretches(line, _COLUMN_GAP / scale)
        if not stretches:
            continue
        # The ink band is the line's: every stretch of it has the line's size, read from all
        # its text (a speck's "!" after a gap is no Latin line of its own).
        size, sure = _size("".join(w.text for words in stretches for w in words), line.ink)
        runs = []
        for words in stretches:
            left, right = words[0].box[0], max(w.box[2] for w in words)
            shift = skew * (base - cy)
            chars = sum(len(w.text) for w in words)
            run = Run(
                text=clean_ocr_text(_joined(words)),
                x=(left + shift) * scale,
                y=page.height - base * scale,
                size=size * scale,
                bold=False,
                width=(right - left) * scale,
                metrics=_METRICS,
                ocr_confidence=sum(w.confidence * len(w.text) for w in words) / chars,
            )
            runs.append(run)
        lines.append(_Line(runs[0].y, size * scale, sure, runs))
    _settle_unsure(lines)
    return [run for line in lines for run in line.runs]


def _settle_unsure(lines: list[_Line]) -> None:
    """Lines whose measure is unsure (mostly Latin letters, whose band may be their x-height
    alone) take the size of the line above when they are set at its leading: the second line
    of a URL, the tail of a wrapped title, a list item naming an institute in English. Else
    of the line below, set at its leading; else of the line above when their sizes are close.
    A footnote under the text is not at the text's leading: the notes start lower."""
    leading = _leading(lines)
    for k, line in enumerate(lines):
        if line.sure:
            continue
        above = lines[k - 1] if k else None
        below = lines[k + 1] if k + 1 < len(lines) else None
        if above is not None and _at_leading(above, line, leading):
            line.size = above.size
        elif below is not None and below.sure and _at_leading(line, below, leading, below.size):
            line.size = below.size
        elif above is not None and abs(line.size / above.size - 1) < _CLOSE:
            line.size = above.size
        for run in line.runs:
            run.size = line.size


def _leading(lines: list[_Line]) -> float | None:
    """The distance between the baselines of two lines of text, in ems: the median over
    neighbouring lines of one sure size."""
    ratios = [
        (a.y - b.y) / a.size
        for a, b in pairwise(lines)
        if a.sure and b.sure and _near(b.size, a.size) and 0 < a.y - b.y < 3 * a.size
    ]
    return statistics.median(ratios) if ratios else None


def _at_leading(a: _Line, b: _Line, leading: float | None, size: float | None = None) -> bool:
    """Whether ``b`` follows ``a`` at the leading of lines of ``size`` (``a``'s)."""
    if leading is None:
        return False
    em = size or a.size
    return abs((a.y - b.y) / em - leading) <= _LEADING_SLACK * leading


def _stretches(line: OcrLine, gap: float) -> list[list[OcrWord]]:
    """The line's words cut where a gap as wide as ``gap`` pixels parts them (a masthead's two
    ends, a watermark's character beside a line), less the junk in each stretch."""
    stretches: list[list[OcrWord]] = []
    end = -1e9
    for word in line.words:
        if not stretches or word.box[0] - end > gap:
            stretches.append([])
        stretches[-1].append(word)
        end = max(end, word.box[2])
    kept = [[w for k, w in enumerate(words) if not _junk(words, k)] for words in stretches]
    return [words for words in kept if any(_TEXT.search(w.text) for w in words)]


def _junk(words: list[OcrWord], k: int) -> bool:
    """A word Tesseract is unsure of that is a speck or a watermark's stroke read as text: a
    short one of no ideograph, or an ideograph standing alone. Longer words (a URL, "-271"C")
    and an unsure ideograph beside others stay for the editor: they are the text, misread."""
    word = words[k]
    if word.confidence >= _JUNK:
        return False
    if _HAS_IDEOGRAPH.search(word.text):
        return len(words) == 1
    return len(word.text) <= _SPECK


def _size(text: str, ink: float) -> tuple[float, bool]:
    """A stretch's size in pixels from its line's ink band, and whether that is sure: a line
    mostly of Latin letters, whose band is their x-height and ascenders, gives an unsure one."""
    letters = text.replace(" ", "")
    if sum(is_wide(ch) for ch in letters) * 3 >= len(letters):
        return ink / _CJK_INK, True
    return ink / _LATIN_INK, False


def _joined(words: list[OcrWord]) -> str:
    """Words as one text: Chinese words together, others a space apart."""
    text = ""
    for previous, word in zip([None, *words], words, strict=False):
        if previous is not None and not (is_wide(previous.text[-1]) and is_wide(word.text[0])):
            text += " "
        text += word.text
    return text


def _snap_sizes(runs: list[Run]) -> None:
    """Sizes read with noise snapped to the sizes the issue was printed in.

    The printed sizes are found most common first, by characters: the size whose window
    (within _SAME_SIZE either way) holds the most characters not yet taken is one, and takes
    them, at the median of what it took. A size that takes less than _MINOR of the issue's
    characters is a few lines measured badly, or a few short ones such as section names: it
    joins the nearest printed size within _SNAP, and stays a size of its own beyond that.
    """
    left = sorted(runs, key=lambda r: r.size)
    total = sum(len(r.text) for r in runs) or 1
    printed: list[float] = []
    minor: list[list[Run]] = []
    while left:
        best = max(left, key=lambda c: sum(len(r.text) for r in left if _near(r.size, c.size)))
        taken = [r for r in left if _near(r.size, best.size)]
        left = [r for r in left if not _near(r.size, best.size)]
        if sum(len(r.text) for r in taken) >= _MINOR * total:
            middle = _settle(taken)
            printed.append(middle)
        else:
            minor.append(taken)
    for taken in minor:
        size = statistics.median(r.size for r in taken)
        nearest = min(printed, key=lambda p: max(p, size) / min(p, size), default=None)
        if nearest is not None and max(nearest, size) / min(nearest, size) <= _SNAP:
            for run in taken:
                run.size = nearest
        else:
            _settle(taken)


def _near(size: float, centre: float) -> bool:
    return centre / _SAME_SIZE <= size <= centre * _SAME_SIZE


def _settle(group: list[Run]) -> float:
    """Every run of ``group`` set to their median size, to the half point."""
    middle = round(statistics.median(r.size for r in group) * 2) / 2
    for run in group:
        run.size = middle
    return middle


def with_ocr(doc: PdfDocument, cache: Cache | None) -> PdfDocument:
    """``doc`` with its pages that have no text layer, or only an OCR layer added to a scan
    (whose sizes are too rough to lay out), read by OCR instead."""
    scanned = [
        page
        for page in doc.pages
        if page.ocr_layer or not any(row.text.strip() for row in page.rows)
    ]
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
