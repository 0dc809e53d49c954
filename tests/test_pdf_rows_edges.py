"""Rows at the edges of what the producers tried: baselines a fifth of an em apart, a marker
that opens its row, and a footer set inside the bottom margin (seen in Apache FOP's prints,
tests/fopgen.py); page numbers in roman numerals (LibreOffice); and spaces drawn as characters
other than U+0020 (Typst's prints printed again by pdftocairo or mutool).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.ingest.pdf import PdfDocument, PdfPage
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_furniture import mark_furniture
from briefgen.ingest.pdf_rows import Marker, Run, group_rows

METRICS = FontWidths({}, 1000.0)
A4 = (595.3, 841.9)


def _run(text: str, x: float, y: float, size: float = 15.0) -> Run:
    wide = sum(ord(ch) > 0x2E80 for ch in text)
    return Run(text, x, y, size, False, size * (wide + 0.5 * (len(text) - wide)), METRICS)


def test_a_latin_word_set_a_fifth_of_an_em_above_the_chinese_is_on_its_row() -> None:
    # FOP's Times sits 3.03 pt above AR PL SungtiL at 15 pt: read as a row of its own, the
    # Latin words of every mixed title came first ("ASML DUV 荷兰政府撤销 部分 光刻机…").
    head = _run("荷兰政府撤销", 72.0, 126.4)
    latin = _run("ASML", head.x + head.width + 4.5, 129.44)
    tail = _run("部分", latin.x + latin.width, 126.4)
    rows = group_rows([tail, latin, head], 1)
    assert [row.text for row in rows] == ["荷兰政府撤销 ASML部分"]


def test_a_raised_marker_that_opens_its_row_is_still_a_marker() -> None:
    # The marker is highest, so the row starts from it: the row's baseline is its text's.
    marker = _run("1", 100.0, 200.0 + 0.22 * 12, size=8.0)
    text = _run("报告指出", marker.x + 4.0, 200.0, size=12.0)
    rows = group_rows([text, marker], 1)
    assert len(rows) == 1
    assert (rows[0].text, rows[0].markers) == ("报告指出", [Marker(1, 0)])


def _page(number: int, footer_y: float, footer: str = "- {} -") -> PdfPage:
    width, height = A4
    body = [_run(f"正文第{number}页的一行文字", 72.0, 700.0 - 20 * k, 10.5) for k in range(30)]
    printed = _run(footer.format(number), width / 2, footer_y, 9.0)
    return PdfPage(number, width, height, group_rows([*body, printed], number))


def test_a_page_number_set_inside_the_bottom_margin_is_furniture() -> None:
    # 9 % of an A4 page up, above the bottom 8 % where running footers are looked for first:
    # read as text, "- 2 -" ended the last footnote's URL ("…resurgence/-").
    pages = [_page(n, 0.092 * A4[1]) for n in range(1, 6)]
    mark_furniture(PdfDocument(Path("issue.pdf"), "", pages))
    footers = [row for page in pages for row in page.rows if row.text.startswith("-")]
    assert len(footers) == 5
    assert all(row.role == "header or footer" for row in footers)
    assert not any(row.role for page in pages for row in page.rows[:-1])


def test_page_numbers_in_roman_numerals_are_furniture() -> None:
    # LibreOffice's prints numbered "- ii -": read as notes, they ended the last note's URL
    # ("…cate_n=-") and a note's text ("-ii--iii--iv--v--vi-").
    roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    pages = [_page(n, 0.05 * A4[1], f"- {roman[n - 1]} -") for n in range(1, 11)]
    mark_furniture(PdfDocument(Path("issue.pdf"), "", pages))
    footers = [page.rows[-1] for page in pages]
    assert [row.text for row in footers] == [f"- {r} -" for r in roman]
    assert all(row.role == "header or footer" for row in footers)
    assert not any(row.role for page in pages for row in page.rows[:-1])


def _typst_row(space: str, y: float) -> list[Run]:
    """ "撤销 ASML部分" as Typst prints it: the typed space a glyph of its own, and a quarter
    em between "ASML" and "部分" that is no space."""
    head = _run("荷兰政府撤销", 72.0, y)
    typed = _run(space, head.x + head.width, y)
    latin = _run("ASML", typed.x + 0.25 * 15, y)
    return [head, typed, latin, _run("部分", latin.x + latin.width + 0.25 * 15, y)]


def test_spaces_drawn_as_any_space_character_make_a_quarter_em_gap_no_space() -> None:
    # Printed again by pdftocairo, Typst's space glyph is named U+3000; by mutool, U+00A0.
    for space in (" ", "\u3000", "\u00a0"):
        runs = [run for k in range(3) for run in _typst_row(space, 500.0 - 20 * k)]
        rows = group_rows(runs, 1)
        assert [row.text.replace(space, " ") for row in rows] == ["荷兰政府撤销 ASML部分"] * 3


def _stamped(number: int, body_top: float, footer: str, stamp: str) -> PdfPage:
    """A page of body text numbered "- n -" at its foot, with what an archive adds to every
    page: a footer under the page number, a stamp in the top corner."""
    width, height = A4
    page = "甲乙丙丁戊己"[number - 1]
    body = [
        _run(f"正文{page}页第{k:02d}行的文字", 51.0, body_top - 18 * k, 11.0) for k in range(30)
    ]
    added = [_run(footer.format(number), 248.0, 20.0, 9.0), _run(stamp, 453.0, 801.9, 12.0)]
    own = _run(f"- {number} -", 290.0, 27.7, 8.0)
    return PdfPage(number, width, height, group_rows([*body, own, *added], number))


def test_what_an_archive_adds_to_every_page_is_furniture() -> None:
    # Overlaid on prints (qpdf --overlay), both ended up in the text: the footer 8 pt under
    # the page number ended each page's last note ("…/3113资料室", "第 17 页 共 17 页": on the
    # last page the count is the page's number); the stamp 25 pt above the text where the
    # body starts at the page top went into the body ("内部资料 请勿外传据 2023 年…").
    footer = "资料室 第 {} 页 共 6 页"
    pages = [
        _stamped(n, 777.2 if n % 2 else 700.0, footer, "内部资料 请勿外传") for n in range(1, 7)
    ]
    mark_furniture(PdfDocument(Path("issue.pdf"), "", pages))
    added = [row for page in pages for row in page.rows if row.text.startswith(("资料室", "内部"))]
    assert len(added) == 12
    assert all(row.role == "header or footer" for row in added)
    assert not any(row.role for page in pages for row in page.rows if row.text.startswith("正文"))


def test_page_numbers_of_pages_printed_scaled_down_are_furniture() -> None:
    # pdfpages (scale=0.7) and "fit to sheet" printing set each page 70 % high in the
    # middle of the sheet: its page number stood above the sheet's bottom band, was read as
    # a note's last line and ended its URL ("…/2024-3-8第", "1页第2页第3页第4页").
    width, height = A4

    def scaled(text: str, y: float, size: float) -> Run:
        return _run(text, 51.0 * 0.7 + 90.0, 0.15 * height + 0.7 * y, 0.7 * size)

    pages = []
    for n in range(1, 7):
        page = "甲乙丙丁戊己"[n - 1]
        body = [scaled(f"正文{page}页第{k:02d}行的文字", 760.0 - 18 * k, 11.0) for k in range(36)]
        note = scaled(f"{n} https://example.com/news/{page}", 64.6, 8.4)
        number = scaled(f"第 {n} 页", 27.7, 8.0)
        pages.append(PdfPage(n, width, height, group_rows([*body, note, number], n)))
    mark_furniture(PdfDocument(Path("issue.pdf"), "", pages))
    marked = [row.text for page in pages for row in page.rows if row.role]
    assert marked == [f"第 {n} 页" for n in range(1, 7)]
