"""What Qt's PDFs (QTextDocument printed to a QPdfWriter: KDE's, calibre's and many in-house
tools' output) do that other producers' do not, drawn here with reportlab:

- every line, headings' too, two ems apart: a wrapped title's second row was taken for a
  title of its own ("…加速国内先进封装研" and "发": 40 articles found of 24);
- the document drawn whole on every page, clipped to that page's part by a rectangle drawn
  as lines: the row a page break cuts stood, invisible, at the foot of one page and above
  the top of the next (off the page), and was read twice;
- notes at the article's end as a numbered list in body size, with no 注释 label: read as
  body text, with no notes.

Measured on the helper's Qt prints of the five seeds (2026-12-03, WenQuanYi Zen Hei): 655 of
1,032 fields before; 1,021 after.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject
from reportlab.pdfgen import canvas

from briefgen.ingest import parse_issue
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_roles import classify
from briefgen.ingest.pdf_rows import Run, group_rows
from rlgen import _register

A4 = (595.28, 841.89)
LEFT = 90.0
PITCH = 2.08  # Qt's line spacing, in ems


def _qt_like(out: Path) -> Path:
    _register("uming")
    sheet = canvas.Canvas(str(out), pagesize=A4)
    y = 760.0

    def row(text: str, size: float, x: float = LEFT, marker: str = "") -> None:
        nonlocal y
        sheet.setFont("uming", size)
        sheet.drawString(x, y, text)
        if marker:
            sheet.setFont("uming", 0.6 * size)
            sheet.drawString(x + sheet.stringWidth(text, "uming", size), y + 0.4 * size, marker)
        y -= PITCH * size

    row("信息科技快报", 26)
    row("2024年第3期 2024年3月15日", 12)
    row("政策计划", 20)
    row("美国政府宣布拨款16亿美元加速国内先进封装研", 15)
    row("发", 15)
    body = "美国商务部宣布将为五个研发领域提供资金，用于建立和加速国内半导体先进封装产能"
    row(body[:27], 12)
    row(body[27:] + "，这是首批资助。", 12, marker="1")
    row("（董金鑫）", 12, x=440.0)
    row("1. FACT SHEET: Biden-Harris Administration Announces Funding.", 12)
    row("https://www.commerce.gov/news/press-releases/2024/07/packaging", 12)
    row("欧盟宣布投资3.25亿欧元支持欧洲半导体创新生态", 15)
    row("系统", 15)
    row("据欧盟委员会官网报道，芯片联合执行体宣布将投资支持欧洲半导体创新生态系统的", 12)
    row("建设。", 12)
    # Qt draws the whole document on each page and clips it to the page's part: the next
    # row stands below the clip, unseen.
    sheet.saveState()
    clip = sheet.beginPath()
    clip.moveTo(LEFT - 5, y + 10)
    for corner in ((560, y + 10), (560, 800), (LEFT - 5, 800)):
        clip.lineTo(*corner)
    clip.close()
    sheet.clipPath(clip, stroke=0, fill=0)
    row("这一行在裁剪框之外，读者看不见。", 12)
    sheet.restoreState()
    row("（沈湘 王丽）", 12, x=440.0)
    # ...and a row drawn off the page, below its bottom edge (Qt's copy of a cut row stands
    # above the next page's top edge).
    y = -8.0
    row("这一行在页面之外，读者也看不见。", 12)
    sheet.save()
    return out


def test_a_qt_like_print_reads_as_its_articles(tmp_path: Path) -> None:
    issue = parse_issue(_qt_like(tmp_path / "2024-07-qt.pdf"))
    assert [a.title for a in issue.articles] == [
        "美国政府宣布拨款16亿美元加速国内先进封装研发",
        "欧盟宣布投资3.25亿欧元支持欧洲半导体创新生态系统",
    ]
    first, second = issue.articles
    assert [note.url for note in first.footnotes] == [
        "https://www.commerce.gov/news/press-releases/2024/07/packaging"
    ]
    assert "[^1]" in first.body and "FACT SHEET" not in first.body
    assert "看不见" not in second.body and second.authors == ["沈湘", "王丽"]
    assert "看不见" not in "".join(a.body for a in issue.articles)


def test_a_bold_numbered_row_after_an_author_line_is_no_note() -> None:
    """Where titles are set bold at body size and numbered, the next article's "1. …" after
    an author line is its title, even when the article before cited a note 1."""
    metrics = FontWidths({}, 1000.0)

    def run(text: str, y: float, bold: bool = False, size: float = 12.0, x: float = LEFT) -> Run:
        return Run(text, x, y, size, bold, size * len(text), metrics)

    runs = [
        run("美国商务部宣布将为五个研发领域提供资金。", 700.0),
        Run("1", 330.0, 705.0, 7.0, False, 4.0, metrics),  # a marker raised after the text
        run("（董金鑫）", 675.0, x=440.0),
        run("1. 欧盟宣布投资支持欧洲半导体创新生态系统", 650.0, bold=True),
        run("据欧盟委员会官网报道，芯片联合执行体宣布将投资。", 625.0),
    ]
    rows = group_rows(runs, 1)
    assert rows[0].markers  # the body row cites note 1
    classify(rows, 12.0, 13.4, {})
    assert [row.role for row in rows] == ["body", "body", "body", "body"]


def test_text_a_crop_box_hides_is_not_read(tmp_path: Path) -> None:
    """A page's crop box is what a reader sees of it: a margin cropped away (a printer's
    trim, an archive's crop of its stamp) holds no text of the issue."""
    printed = _qt_like(tmp_path / "2024-07-qt.pdf")
    stamped = PdfWriter(clone_from=PdfReader(printed))
    page = stamped.pages[0]
    note = canvas.Canvas(str(tmp_path / "note.pdf"), pagesize=A4)
    _register("uming")
    note.setFont("uming", 12)
    note.drawString(LEFT, 20.0, "裁切线以外的一行字")
    note.save()
    page.merge_page(PdfReader(tmp_path / "note.pdf").pages[0])
    page.cropbox = RectangleObject([0, 40, A4[0], A4[1]])
    cropped = tmp_path / "2024-07-cropped.pdf"
    stamped.write(cropped)
    assert "裁切线" not in "".join(a.body for a in parse_issue(cropped).articles)
    page.cropbox = RectangleObject([0, 0, A4[0], A4[1]])
    stamped.write(cropped)
    assert "裁切线" in "".join(a.body for a in parse_issue(cropped).articles)
