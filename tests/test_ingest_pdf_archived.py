"""What archives and distributors do to an issue's PDF before it reaches the editors: a cover
sheet before its first page; its pages printed turned onto their sheets.

Before, the cover's lines opened the issue as a section ("内部参考资料", every article's) and an
article ("本资料仅供内部参考…"), and the masthead on the page after it was read as articles
too (measured 2026-12-03 on WeasyPrint, LibreOffice and XeLaTeX prints of the five seeds:
2,635 of 3,096 fields; now all but the prints' own three misses).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject
from reportlab.pdfgen import canvas

from briefgen.ingest import parse_issue
from briefgen.records import Issue
from producers import parsed_pdf, seed_pdfs
from rlgen import _register


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
    writer = PdfWriter()
    writer.append(PdfReader(_cover(tmp_path / "cover.pdf")))
    writer.append(PdfReader(print_))
    covered = tmp_path / f"{issue_id}.pdf"
    writer.write(covered)
    plain, got = parsed_pdf(print_), parse_issue(covered)
    assert got.issue.publication == plain.issue.publication == "信息科技快报"
    assert (got.issue.number, got.issue.date) == (plain.issue.number, plain.issue.date)
    assert _records(got) == _records(plain)


@pytest.mark.slow  # reads a seed's print (printed once, kept in the test cache)
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_pages_printed_turned_onto_their_sheets_read_upright(turn: int, tmp_path: Path) -> None:
    """Each page's content turned by a right angle (pdfpages' angle=90, a landscape sheet printed
    with portrait pages): all its text was dropped as rotated (a watermark's), and the issue
    refused as a scan with no text layer."""
    issue_id = "2024-08-chips-act-review"
    print_ = seed_pdfs([issue_id], ["weasyprint"])[(issue_id, "weasyprint")]
    writer = PdfWriter(clone_from=PdfReader(print_))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        shift = {90: (height, 0.0), 180: (width, height), 270: (0.0, width)}[turn]
        page.add_transformation(Transformation().rotate(turn).translate(*shift))
        if turn != 180:
            page.mediabox = RectangleObject([0, 0, height, width])
    turned = tmp_path / f"{issue_id}.pdf"
    writer.write(turned)
    assert _records(parse_issue(turned)) == _records(parsed_pdf(print_))
