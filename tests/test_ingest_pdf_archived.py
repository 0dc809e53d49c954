"""What archives and distributors do to an issue's PDF before it reaches the editors: a cover
sheet before its first page; its pages printed turned onto their sheets, shrunk onto smaller
ones, or two to a sheet.

Before, the cover's lines opened the issue as a section ("内部参考资料", every article's) and an
article ("本资料仅供内部参考…"), and the masthead on the page after it was read as articles
too (measured 2026-12-03 on WeasyPrint, LibreOffice and XeLaTeX prints of the five seeds:
2,635 of 3,096 fields; now all but the prints' own three misses).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.pdfgen import canvas

from briefgen.ingest import parse_issue
from briefgen.records import Issue
from pdfcache import derived_pdf
from producers import parsed_pdf, seed_pdfs
from rlgen import _register

#: The module that makes the derived prints (part of their cache key).
THIS = Path(__file__).name


def _cover(out: Path) -> Path:
    _register("uming")
    sheet = canvas.Canvas(str(out), pagesize=(595.28, 841.89))
    sheet.setFont("uming", 28)
    sheet.drawCentredString(297, 600, "内部参考资料")
    sheet.setFont("uming", 14)
    sheet.drawCentredString(297, 560, "本资料仅供内部参考，请勿外传")
    sheet.drawCentredString(297, 540, "资料室 2024年 收藏编号 0173")
    sheet.save()
    return out


def _records(issue: Issue) -> list[tuple[object, ...]]:
    return [(a.section, a.title, a.authors, a.body, a.footnotes) for a in issue.articles]


@pytest.mark.slow  # reads a seed's print (printed once, kept in the test cache)
@pytest.mark.parametrize("producer", ["weasyprint", "libreoffice"])
def test_a_cover_sheet_before_the_issue_is_set_aside(producer: str, tmp_path: Path) -> None:
    issue_id = "2024-07-jiwei-chips"
    print_ = seed_pdfs([issue_id], [producer])[(issue_id, producer)]

    def covered_print(out: Path) -> None:
        writer = PdfWriter()
        writer.append(PdfReader(_cover(tmp_path / "cover.pdf")))
        writer.append(PdfReader(print_))
        writer.write(out)

    covered = derived_pdf(print_, THIS, "cover", covered_print)
    plain, got = parsed_pdf(print_), parsed_pdf(covered)
    assert got.issue.publication == plain.issue.publication == "信息科技快报"
    assert (got.issue.number, got.issue.date) == (plain.issue.number, plain.issue.date)
    assert _records(got) == _records(plain)


@pytest.mark.slow  # reads a seed's print (printed once, kept in the test cache)
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_pages_printed_turned_onto_their_sheets_read_upright(turn: int) -> None:
    """Each page's content turned by a right angle (pdfpages' angle=90, a landscape sheet printed
    with portrait pages): all its text was dropped as rotated (a watermark's), and the issue
    refused as a scan with no text layer."""
    issue_id = "2024-08-chips-act-review"
    print_ = seed_pdfs([issue_id], ["weasyprint"])[(issue_id, "weasyprint")]

    def turned_print(out: Path) -> None:
        writer = PdfWriter(clone_from=PdfReader(print_))
        for page in writer.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            shift = {90: (height, 0.0), 180: (width, height), 270: (0.0, width)}[turn]
            page.add_transformation(Transformation().rotate(turn).translate(*shift))
            if turn != 180:
                page.mediabox = RectangleObject([0, 0, height, width])
        writer.write(out)

    turned = derived_pdf(print_, THIS, ("turned", turn), turned_print)
    assert _records(parsed_pdf(turned)) == _records(parsed_pdf(print_))


def _two_up(print_: Path, out: Path) -> None:
    """The print's pages two to a landscape sheet of its paper, shrunk to fit side by side, as
    a print dialog's "2 pages per sheet" sets them (pypdf clips each to its box)."""
    pages = list(PdfReader(print_).pages)
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    scale = min(height / (2 * width), width / height)
    writer = PdfWriter()
    for k in range(0, len(pages), 2):
        sheet = PageObject.create_blank_page(width=height, height=width)
        for side, page in enumerate(pages[k : k + 2]):
            x = side * height / 2 + (height / 2 - scale * width) / 2
            y = (width - scale * height) / 2
            sheet.merge_transformed_page(page, Transformation().scale(scale).translate(x, y))
        writer.add_page(sheet)
    writer.write(out)


@pytest.mark.slow  # reads a seed's print (printed once, kept in the test cache)
@pytest.mark.parametrize(
    ("producer", "issue_id"),
    [
        ("libreoffice", "2024-07-jiwei-chips"),  # footnotes at each page's bottom
        ("libreoffice", "2024-03-casdc-tech-policy"),  # nine pages: the last sheet half empty
        ("xelatex", "2024-03-casdc-tech-policy"),
    ],
)
def test_pages_printed_two_to_a_sheet_read_as_the_pages_they_are(
    producer: str, issue_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Read whole, a sheet's two footers stood in the text ("- 6 -" opened an article's body)
    and ran onto the left page's notes ("…collaboration-among-partners/-")."""
    print_ = seed_pdfs([issue_id], [producer])[(issue_id, producer)]
    sheets = derived_pdf(print_, THIS, "two-up", lambda out: _two_up(print_, out))
    assert _records(parse_issue(sheets)) == _records(parsed_pdf(print_))
    assert f"{sheets}: its " in caplog.text and "two pages side by side (2-up)" in caplog.text


@pytest.mark.slow  # reads a seed's print (printed once, kept in the test cache)
def test_a_print_shrunk_onto_a_smaller_sheet_keeps_its_paragraphs() -> None:
    """Letter pages shrunk to 65 %, as onto a smaller sheet: the usual step between rows,
    counted in whole points, came out 11 for 11.45, and a row 1.28 steps below the one before
    (pdfLaTeX's, before a raised marker) opened a paragraph in mid-sentence ("…并通过无损耗校"
    "正的零差测量…")."""
    issue_id = "2024-01-jiwei-semiconductors"
    print_ = seed_pdfs([issue_id], ["pdflatex"])[(issue_id, "pdflatex")]
    scale = 0.653

    def shrunk_print(out: Path) -> None:
        writer = PdfWriter(clone_from=PdfReader(print_))
        for page in writer.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            page.add_transformation(Transformation().scale(scale))
            page.mediabox = RectangleObject([0, 0, scale * width, scale * height])
        writer.write(out)

    shrunk = derived_pdf(print_, THIS, ("shrunk", scale), shrunk_print)
    assert _records(parsed_pdf(shrunk)) == _records(parsed_pdf(print_))
