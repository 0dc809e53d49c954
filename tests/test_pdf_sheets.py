"""Which sheets are two pages side by side (pdf_sheets.pages_of), on runs placed by hand."""

from __future__ import annotations

from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Run
from briefgen.ingest.pdf_sheets import Sheet, pages_of
from briefgen.ingest.pdf_state import Rule

_FONT = FontWidths({}, 500.0)
#: An A4 sheet turned, and one upright.
_WIDE, _TALL = (842.0, 595.0), (595.0, 842.0)


def _run(x: float, y: float, width: float) -> Run:
    return Run("文字" * 3, x, y, 10.0, False, width, _FONT)


def _sheet(number: int, size: tuple[float, float], runs: list[Run], **kw: object) -> Sheet:
    return Sheet(number, 0.0, size[0], size[1], runs, **kw)  # type: ignore[arg-type]


def _rows_of_two_pages() -> list[Run]:
    """Rows of a page shrunk onto each half: text from 40 to 380 and from 461 to 801."""
    return [_run(40 + half, y, 340) for half in (0, 421) for y in range(520, 60, -14)]


def test_a_sheet_of_two_pages_is_read_as_two_numbered_in_turn() -> None:
    rules = [Rule(40, 120, 90), Rule(461, 541, 90), Rule(40, 801, 560)]
    sheets = [
        _sheet(1, _WIDE, _rows_of_two_pages(), rules=rules, rotated=2),
        _sheet(2, _WIDE, [_run(40, 500, 340)]),  # the last page, alone on its sheet
    ]
    pages = pages_of(sheets)
    assert [(p.number, p.width, p.height) for p in pages] == [
        (1, 421.0, 595.0),
        (2, 421.0, 595.0),
        (3, 421.0, 595.0),
    ]
    assert {run.x for run in pages[1].runs} == {40.0}
    assert pages[0].rules == [Rule(40, 120, 90)] and pages[1].rules == [Rule(40, 120, 90)]
    assert (pages[0].rotated, pages[1].rotated) == (2, 0)


def test_rows_across_the_middle_keep_a_landscape_page_whole() -> None:
    across = [_run(40, y, 760) for y in range(520, 60, -14)]
    sheets = [_sheet(1, _WIDE, across), _sheet(2, _WIDE, _rows_of_two_pages())]
    assert pages_of([sheets[0]]) == [sheets[0]]
    # One 2-up sheet splits; a whole page beside it stays one.
    assert [p.width for p in pages_of(sheets)] == [842.0, 421.0, 421.0]


def test_a_left_page_running_past_its_edge_is_still_one_of_two() -> None:
    runs = [*_rows_of_two_pages(), _run(40, 70, 420)]  # an address set past the margin
    assert len(pages_of([_sheet(1, _WIDE, runs)])) == 2


def test_upright_sheets_and_files_with_a_scanned_page_are_read_as_they_are() -> None:
    upright = [_sheet(1, _TALL, [_run(40, y, 200) for y in (500, 480)] + [_run(400, 500, 150)])]
    assert pages_of(upright) == upright
    scanned = [_sheet(1, _WIDE, _rows_of_two_pages()), _sheet(2, _WIDE, [])]
    assert pages_of(scanned) == scanned  # OCR renders the file's pages by their numbers


def test_a_landscape_page_of_short_rows_and_one_across_stays_whole() -> None:
    """A landscape page of one column whose rows are mostly short (a title page: xdvipdfmx,
    637 by 510 pt), one of them set across the middle in two runs, and the page number in
    the right corner. Before, it was read as two pages, that row cut in half: one crossing
    row in twenty is within what a left page running past its edge may have."""
    runs = [_run(14, y, 100 + y % 150) for y in range(470, 60, -20)]
    runs += [_run(37, 44, 448), _run(491, 44, 132), _run(620, 475, 4)]
    sheet = Sheet(1, 0.0, 637.8, 510.24, runs)
    assert pages_of([sheet]) == [sheet]


def test_a_last_sheet_whose_right_page_is_short_splits_like_the_others() -> None:
    """The last sheet of a 2-up file: an address run past the left page's edge, a right page
    of a few rows. Alone it would look like a landscape page of one column; the file's other
    sheets say it is two pages."""
    last = [_run(40, y, 340) for y in range(520, 60, -14)]
    last += [_run(40, 70, 420)] + [_run(461, y, 340) for y in (520, 506, 492)]
    sheets = [_sheet(1, _WIDE, _rows_of_two_pages()), _sheet(2, _WIDE, last)]
    assert [p.width for p in pages_of(sheets)] == [421.0] * 4
