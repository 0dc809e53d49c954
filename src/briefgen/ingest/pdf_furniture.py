"""Rows that are no part of the issue's text: page furniture and the masthead.

Page numbers and text repeated at the page top or bottom (running headers and footers), single
characters stacked in a column (a watermark set upright), and the first page's title block.
The masthead and the running header also say what the issue is: its publication, number and
date (``IssueLabel``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from briefgen.ingest.colophon import colophons
from briefgen.ingest.pages import is_wide
from briefgen.ingest.pdf import PdfDocument, PdfPage
from briefgen.ingest.pdf_rows import Row

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-–—\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d+)?$",
    re.IGNORECASE,
)
#: A page number in roman numerals ("- ii -"), as front matter and some whole issues print.
_ROMAN_PAGE = re.compile(r"^[-–—\s]*([ivxl]{1,7})[-–—\s]*$", re.IGNORECASE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_ISSUE_NUMBER = re.compile(r"(\d{4})\s*年\s*第\s*(\d{1,3})\s*期")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True, slots=True)
class IssueLabel:
    """What a masthead or running header says about the issue."""

    publication: str | None = None
    number: str | None = None
    date: str | None = None
    #: The institution the colophon's 主办 names.
    publisher: str | None = None


def read_label(texts: list[str]) -> IssueLabel:
    """Publication, number and date from masthead or header lines ("信息科技快报 2024年第3期")."""
    publication = number = date = None
    for text in texts:
        issue = _ISSUE_NUMBER.search(text)
        if issue and number is None:
            number = issue.group(2)
            before = text[: issue.start()].strip(" ·|-—")
            if before and publication is None:
                publication = before
        day = _FULL_DATE.search(text)
        if day and date is None:
            y, m, d = (int(g) for g in day.groups())
            date = f"{y:04d}-{m:02d}-{d:02d}"
    return IssueLabel(publication, number, date)


def _edge_keys(text: str, page: int, offset: int) -> set[str]:
    """What a running header or footer repeats: its text, and its text with the page's number
    blanked ("信息科技快报 第 5 页"), everywhere and only where it first stands (on the last
    page of "第 9 页 共 9 页" the count is the page's number too). Other numbers stay, so
    footnote lines that happen to end two pages ("9 http://…", "13 http://…") are not taken
    for a running footer.
    """
    compact = re.sub(r"\s+", "", text)
    printed = str(page + offset)
    blank = re.compile(rf"(?<!\d){printed}(?!\d)")
    return {compact, blank.sub("#", compact), blank.sub("#", compact, count=1)}


#: The page's top and bottom tenth or so, where running headers, footers and page numbers
#: sit; and how far in the top- or bottom-most row of a page may still be one (Apache FOP
#: sets its footer inside the bottom margin, 9 % of an A4 page up).
_TOP, _BOTTOM, _OUTERMOST = 0.9, 0.08, 0.15


@dataclass(frozen=True, slots=True)
class _Sheet:
    """Where the issue's pages stand on the PDF's pages: the whole page, or, where the text
    keeps to a much smaller part in the middle of every page (pages printed scaled down, or
    pasted onto larger sheets), that part with a margin."""

    bottom: float
    height: float

    @classmethod
    def of(cls, doc: PdfDocument) -> _Sheet | None:
        """The document's own sheet when its pages were scaled; None: each page is one."""
        ys = [row.y for page in doc.pages for row in page.rows]
        heights = sorted(page.height for page in doc.pages)
        if not ys or not heights:
            return None
        lowest, highest, page = min(ys), max(ys), heights[len(heights) // 2]
        empty = min(lowest, page - highest)
        if highest - lowest >= _SCALED * page or empty < _EMPTY * page:
            return None  # the text comes near a page's edge: its pages are the PDF's
        margin = _MARGIN * (highest - lowest)
        return cls(lowest - margin, highest - lowest + 2 * margin)


#: Text that spans less than this share of the page height, and leaves more than that share
#: empty above and below it, was scaled down (an issue's own text runs from its header to its
#: page number, over nine tenths of the page; FOP's footer stands 9 % up); the margin put
#: around it then, as a share of its height.
_SCALED, _EMPTY, _MARGIN = 0.8, 0.12, 0.04


def _edge_rows(page: PdfPage, sheet: _Sheet | None) -> list[Row]:
    """The rows of the page's edges: those in its top and bottom bands, and its outermost
    rows where they are not far in."""
    bottom, height = (sheet.bottom, sheet.height) if sheet else (0.0, page.height)
    lowest = min((row.y for row in page.rows), default=0.0) - bottom
    highest = max((row.y for row in page.rows), default=0.0) - bottom
    return [
        row
        for row in page.rows
        if (y := row.y - bottom) > height * _TOP
        or y < height * _BOTTOM
        or (y == lowest and y < height * _OUTERMOST)
        or (y == highest and y > height * (1 - _OUTERMOST))
    ]


def mark_furniture(doc: PdfDocument) -> None:
    """Page furniture: page numbers and text repeated at the page edge."""
    sheet = _Sheet.of(doc)
    edge = [(row, page) for page in doc.pages for row in _edge_rows(page, sheet)]
    offset = _mark_page_numbers([row for row, _page in edge])
    seen: Counter[str] = Counter()
    keys: list[tuple[Row, str, set[str]]] = []
    for row, page in edge:
        where = "top" if row.y > page.height / 2 else "bottom"
        variants = {where + key for key in _edge_keys(row.text, page.number, offset)}
        keys.append((row, where, variants))
        seen.update(variants)
    repeated = max(2, len(doc.pages) // 3) if len(doc.pages) > 2 else 2
    counted = [(row, where, max(seen[key] for key in variants)) for row, where, variants in keys]
    found = [c for c in counted if not c[0].role and c[2] >= repeated and len(doc.pages) > 1]
    repeating = [row for row, _where, _count in found]
    for row, where, count in found:
        if not _in_text(row, doc.pages[row.page - 1], where, repeating):
            row.role = "header or footer"
            row.why = f"the same text at the page {where} on {count} pages"


def _in_text(row: Row, page: PdfPage, where: str, repeating: list[Row]) -> bool:
    """``row`` sits one line from the text next to it (rows that repeat, as a two-line footer's,
    aside): a note's last line that the notes at the bottom of several full pages end with
    alike ("controlType="), not a running footer, which the margin keeps apart. One line is
    measured in the size of that text (a stamp in a larger size sits a line and a half above
    the body)."""
    inward = [
        r
        for r in page.rows
        if (r.y > row.y if where == "bottom" else r.y < row.y)
        and not any(r is other for other in repeating)
        and r.role != "header or footer"  # a page number beside a footer is no text either
    ]
    nearest = min(inward, key=lambda r: abs(r.y - row.y), default=None)
    return nearest is not None and abs(nearest.y - row.y) < 1.9 * min(row.size, nearest.size)


def _mark_page_numbers(rows: list[Row]) -> int:
    """Edge rows that print the page's number: a number that runs with the pages.

    A bare number at the page bottom may also be the tail of a footnote URL ("…/news/" then
    "3113"): it is a page number only when number minus page is what it is on most pages.
    Roman numbers ("- ii -") run on their own, and only where two or more do (a lone "I" or
    "V" may be a letter). Returns the usual offset of the Arabic ones.
    """
    arabic = [
        (row, int(re.search(r"\d+", row.text).group(0)))  # type: ignore[union-attr]
        for row in rows
        if _PAGE_NUMBER.match(row.text)
    ]
    roman = [(row, value) for row in rows if (value := _roman_page(row.text))]
    usual = _mark_running(arabic, alone_too=True)
    _mark_running(roman, alone_too=False)
    return usual


def _mark_running(found: list[tuple[Row, int]], alone_too: bool) -> int:
    """Mark the numbers whose offset from their page is the usual one (any, when there is
    one number and ``alone_too``); the usual offset."""
    offsets = Counter(value - row.page for row, value in found)
    if not offsets:
        return 0
    usual, count = offsets.most_common(1)[0]
    for row, value in found:
        if (count < 2 and alone_too) or (count >= 2 and value - row.page == usual):
            row.role, row.why = "header or footer", "a page number at the page edge"
    return usual


def _roman_page(text: str) -> int:
    """The value of a page number in roman numerals (0: none)."""
    found = _ROMAN_PAGE.match(text)
    if not found:
        return 0
    digits = [_ROMAN[ch] for ch in found.group(1).lower()]
    return sum(-d if d < nxt else d for d, nxt in zip(digits, [*digits[1:], 0], strict=True))


def mark_vertical_stack(rows: list[Row]) -> None:
    """Single characters stacked in a column: a watermark printed without rotation."""
    singles = [r for r in rows if len(r.text) == 1 and is_wide(r.text) and not r.role]
    by_x: dict[int, list[Row]] = {}
    for row in singles:
        by_x.setdefault(round(row.x), []).append(row)
    for column in by_x.values():
        if len(column) >= 4:
            for row in column:
                row.role = "watermark"
                row.why = f"one of {len(column)} single characters stacked in a column"


#: An archive's cover sheet before an issue: a page of this many rows at most, and how many
#: such pages may come before the page with the masthead.
_COVER_ROWS, _COVER_PAGES = 12, 2


def masthead(doc: PdfDocument, rows: list[Row], heading: float) -> IssueLabel:
    """The title block on the first page, or on the first after a cover sheet (pages of a few
    lines that an archive or a distributor puts before the issue: "内部参考资料 请勿外传");
    the cover's rows are set aside."""
    before: list[Row] = []
    for page in doc.pages[: _COVER_PAGES + 1]:
        on_page = [r for r in rows if r.page == page.number]
        label = _title_block(page, on_page, heading)
        if label is not None:
            for row in before:
                row.role, row.why = "cover", "a cover sheet's line, before the masthead's page"
            return label
        if len(on_page) > _COVER_ROWS:
            break
        before += on_page
    return IssueLabel()


def _title_block(page: PdfPage, rows: list[Row], heading: float) -> IssueLabel | None:
    """The rows above and beside the issue number line in the page's top part, if it has
    one, marked as the masthead; what they say."""
    top = [r for r in rows if r.y > page.height * 0.6]
    numbered = [r for r in top if _ISSUE_NUMBER.search(r.text)]
    if not numbered:
        return None
    last = numbered[-1]
    # On a page in two columns, the other column's lines stand beside the masthead.
    block = [r for r in top if r.y >= last.y - 2 and r.column in (0, last.column)]
    for row in block:
        row.role, row.why = "masthead", "first page, at or above the issue number line"
    label = read_label([r.text for r in block])
    biggest = max(block, key=lambda r: r.size)
    if biggest.size >= heading and not _ISSUE_NUMBER.search(biggest.text):
        label = IssueLabel(biggest.text.strip(), label.number, label.date)
    return label


def mark_colophon(rows: list[Row]) -> list[str]:
    """Mark the colophon's rows (主办：… 主编：…) on the first two and the last two pages (a
    colophon may run on over a page break). Returns their text."""
    if not rows:
        return []
    found: list[Row] = []
    first, last = rows[0].page, rows[-1].page
    for page in sorted({first, first + 1, last - 1, last}):
        on_page = [row for row in rows if row.page == page]
        runs = colophons([row.text for row in on_page])
        found += [on_page[k] for run in runs for k in run]
    for row in found:
        row.role, row.why = "colophon", "a colophon line (主办：, 主编：, 电话：…)"
    return [row.text for row in found]


def running_title(doc: PdfDocument, label: IssueLabel) -> IssueLabel:
    """The publication from a running header that names nothing else ("信息科技快报")."""
    tops = Counter(
        row.text.strip()
        for page in doc.pages
        for row in page.rows
        if row.role == "header or footer" and row.y > page.height / 2
    )
    for text, _count in tops.most_common():
        if not re.search(r"\d", text) and len(text) <= 24:
            return IssueLabel(text, label.number, label.date)
    return label
