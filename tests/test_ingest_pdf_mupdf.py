"""What MuPDF's prints (PyMuPDF's Story, tests/mupdfgen.py) taught the PDF reader.

Before, every MuPDF print was refused: its ToUnicode maps give a character past U+FFFF as the
bare code point, and the odd-length hex read as a damaged page; a font of AR PL, mapped whole,
showed its full-em digraph letters (Ĳ, ǆ) as a misread map. Its hyphen read as the
non-breaking hyphen (URLs were not rejoined), a title the page break cut read as two articles,
and a centred caption ending a page read as a footnote. A print that gave each text block
fonts of its own, all sharing one map of 24,000 codes, took a minute to read.

The pages with a title cut by the page break and a caption ending a page are drawn with
reportlab; the producer matrix prints every seed issue with MuPDF itself.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefgen.ingest import parse_issue
from briefgen.ingest.pdf import check_garbled
from briefgen.ingest.pdf_chars import clean_text
from briefgen.ingest.pdf_fonts import _unicode
from briefgen.ingest.pdf_glyphs import misread_codes

FONT = ("uming", "/usr/share/fonts/truetype/arphic/uming.ttc")
LEFT, BODY = 56.0, 10.5
LINE = "据报道，研究团队在实验中验证了这一方法的可靠性，并计划在明年推广到更多的应用场景之中"
RIGHT = LEFT + len(LINE) * BODY  # where the body's rows end


def test_a_bare_code_point_in_a_unicode_map_is_its_character() -> None:
    assert _unicode(b"20086") == "\U00020086"
    assert _unicode(b"1f110") == "\U0001f110"
    assert _unicode(b"d83dde00") == "\U0001f600"  # UTF-16, as other writers give it
    assert _unicode(b"110000") == ""  # past Unicode


def test_the_non_breaking_hyphen_reads_as_the_hyphen_it_shares_a_glyph_with() -> None:
    assert clean_text("news‑events/biden‑harris") == "news-events/biden-harris"


def test_full_em_digraph_letters_in_a_chinese_font_are_no_misread_map() -> None:
    text = {k: chr(0x4E00 + k) for k in range(40)} | {244: "Ĳ", 245: "ǆ", 246: "ǳ"}
    widths = dict.fromkeys(text, 1.0)
    assert misread_codes(text, widths, 1.0) == set()
    assert misread_codes(text | {247: "1"}, widths | {247: 1.0}, 1.0) == {247}


def _canvas(out: Path) -> tuple[Canvas, str]:
    name, path = FONT
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return Canvas(str(out), pagesize=(595, 842)), name


def _body(canvas: Canvas, font: str, y: float, rows: int) -> float:
    """A paragraph of ``rows`` rows from the left edge to RIGHT, the first indented two ems,
    no two rows alike (a row repeated at page tops is a running header)."""
    canvas.setFont(font, BODY)
    for k in range(rows):
        text = LINE[k % len(LINE) :] + LINE[: k % len(LINE)]
        if k == 0:
            canvas.drawString(LEFT + 2 * BODY, y, text[:-2])
        else:
            canvas.drawString(LEFT, y, text if k < rows - 1 else "完。")
        y -= 17
    return y


def _author(canvas: Canvas, font: str, y: float) -> None:
    canvas.setFont(font, BODY)
    canvas.drawRightString(RIGHT, y, "（沈湘 王丽）")


def test_a_title_the_page_break_cut_after_a_wrapped_row_is_one_title(tmp_path: Path) -> None:
    pdf = tmp_path / "2024-07-cut-title.pdf"
    canvas, font = _canvas(pdf)
    canvas.setFont(font, 18)
    canvas.drawString(LEFT, 790, "美国宣布芯片法案资助的首批研发设施")
    y = _body(canvas, font, 760, 30)
    _author(canvas, font, y)
    canvas.setFont(font, 18)
    canvas.drawString(LEFT, 80, "美国 NIST发布《美国政府关键和新兴技术国家标准战略》")
    canvas.showPage()
    canvas.setFont(font, 18)
    canvas.drawString(LEFT, 790, "实施路线图草案")
    y = _body(canvas, font, 760, 8)
    _author(canvas, font, y)
    canvas.save()
    titles = [a.title for a in parse_issue(pdf).articles]
    assert titles == [
        "美国宣布芯片法案资助的首批研发设施",
        "美国 NIST发布《美国政府关键和新兴技术国家标准战略》实施路线图草案",
    ]


def test_a_centred_caption_ending_a_page_stands_in_the_text(tmp_path: Path) -> None:
    pdf = tmp_path / "2024-07-caption.pdf"
    canvas, font = _canvas(pdf)
    canvas.setFont(font, 18)
    canvas.drawString(LEFT, 790, "美国研究团队合作开发出新型高精度模拟芯片架构")
    _body(canvas, font, 760, 30)
    canvas.setFont(font, 8)
    canvas.drawCentredString((LEFT + RIGHT) / 2, 120, "图 1 实验装置示意图")
    canvas.showPage()
    y = _body(canvas, font, 790, 6)
    _author(canvas, font, y)
    canvas.save()
    (article,) = parse_issue(pdf).articles
    assert "![图 1 实验装置示意图]()" in article.body
    assert article.footnotes == []


def test_a_few_unmapped_glyphs_are_kept_and_named_with_their_page(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Too few to refuse the page (Noto CJK's Japanese face, in MuPDF, leaves digits after
    Latin letters unmapped), but the editor is told where to look."""
    text = "荷兰政府撤销部分光刻机出口许可证，涉及NXT:\ufffd\ufffd\ufffd\ufffdi型号" + "正文" * 100
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        check_garbled(Path("issue.pdf"), 3, text)
    assert "issue.pdf: page 3: 4 character(s) print glyphs with no Unicode mapping" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        check_garbled(Path("issue.pdf"), 3, text.replace("\ufffd", "0"))
    assert caplog.text == ""
