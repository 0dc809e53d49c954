"""Sheets that carry two pages side by side ("2 pages per sheet", 2-up), read as two pages.

A print dialog's "pages per sheet", an archive's or a distributor's imposition: each landscape
sheet shows two of the issue's portrait pages, shrunk, each with its own header, page number
and footnotes. Read whole, a sheet's two page numbers and footers stand in its text and the
left page's footnotes are read before the right page's text. A sheet is two pages when it is
landscape and no text crosses a clear band down its middle; its halves are then read as pages
of their own, numbered in reading order. A landscape page set in two columns passes the same
test: reading its columns as two pages reads them in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefgen.ingest.pdf_rows import Run
from briefgen.ingest.pdf_state import Rule

#: A sheet is landscape when it is this much wider than high (A4 turned: 1.41).
_LANDSCAPE = 1.15
#: Half the clear band down the middle, as a share of the sheet's width: two shrunk pages'
#: inner margins leave about a tenth of it; a wide table or a title across the middle, none.
_CLEAR = 0.01
#: Rows of the left page that run on past its edge, into the band: a long address a writer
#: set past the margin (fpdf2 does), clipped by the imposition but still in the file. Rows
#: across the middle of a landscape page of one column are most of its rows.
_OVER = 0.05
#: Where a row runs across, the right half must hold a page of its own: this much of the
#: left's text at least (a last page alone on its sheet has none, and no row across).
_RIGHT_PAGE = 0.3


@dataclass(slots=True)
class Sheet:
    """One page of the file as read: its text runs, before they are grouped into rows."""

    #: Its place in the file, or after a 2-up split, in the pages read.
    number: int
    #: Where the page's box starts on the left, in the coordinates its runs are in.
    left: float
    width: float
    height: float
    runs: list[Run]
    #: Runs dropped as watermark (rotated text).
    rotated: int = 0
    rules: list[Rule] = field(default_factory=list)
    #: All its text is an invisible OCR layer (Tesseract's GlyphLessFont, as ocrmypdf adds).
    ocr_layer: bool = False


def pages_of(sheets: list[Sheet]) -> list[Sheet]:
    """The pages the sheets carry: each 2-up sheet split into its two pages (an empty half,
    as on the last sheet of an odd count, is none), every page numbered in reading order.
    ``sheets`` as they are where any has no text of its own (a scan: OCR renders the file's
    pages by number) or none is 2-up."""
    if any(sheet.ocr_layer or not sheet.runs for sheet in sheets):
        return sheets
    splits = [_split(sheet) for sheet in sheets]
    if not any(split and len(split.pages) == 2 and not split.doubtful for split in splits):
        return sheets  # (a doubtful sheet is split only where others are, without doubt)
    pages = [
        half
        for sheet, split in zip(sheets, splits, strict=True)
        for half in (split.pages if split else [sheet])
    ]
    return [replace(page, number=k) for k, page in enumerate(pages, start=1)]


@dataclass(frozen=True, slots=True)
class _Split:
    """A 2-up sheet's pages: two, or one where its right half is empty."""

    pages: list[Sheet]
    #: A row runs across the middle and the right half holds little: a landscape page of one
    #: column and mostly short rows (an xdvipdfmx title page) looks so, and so does the last
    #: sheet of a 2-up file whose right page is short, with an address run past the left
    #: one's edge. Only the file tells them apart: its other sheets.
    doubtful: bool


def _split(sheet: Sheet) -> _Split | None:
    """The sheet's pages, or None when it is no 2-up sheet."""
    if sheet.width < _LANDSCAPE * sheet.height:
        return None
    left, right, over = _sides(sheet)
    if len(left) + len(right) < len(sheet.runs) or not left or over > _OVER * len(left):
        return None
    pages = [_half(sheet, left, 0.0)]
    if right:
        pages.append(_half(sheet, [replace(run, x=run.x - sheet.width / 2) for run in right], 1))
    return _Split(pages, doubtful=bool(over) and len(right) < _RIGHT_PAGE * len(left))


def _sides(sheet: Sheet) -> tuple[list[Run], list[Run], int]:
    """The runs left of the band down the middle, those right of it, and how many of the left
    ones run on into it."""
    middle = sheet.left + sheet.width / 2
    clear = _CLEAR * sheet.width
    left = [run for run in sheet.runs if run.x < middle - clear]
    right = [run for run in sheet.runs if run.x >= middle + clear]
    return left, right, sum(run.right > middle - clear for run in left)


def _half(sheet: Sheet, runs: list[Run], side: float) -> Sheet:
    """The left (``side`` 0) or right (1) half of ``sheet``, moved to where the sheet starts
    (its runs already are). The watermark count stays with the left one."""
    half = sheet.width / 2
    start = sheet.left + side * half
    rules = [
        Rule(rule.x0 - side * half, rule.x1 - side * half, rule.y)
        for rule in sheet.rules
        if start <= rule.x0 and rule.x1 <= start + half
    ]
    rotated = 0 if side else sheet.rotated
    return replace(sheet, width=half, runs=runs, rules=rules, rotated=rotated)
