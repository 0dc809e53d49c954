"""Scanned pages as rows, without Tesseract: hOCR read into lines, words, boxes and
confidences; rows laid out from an askew page; unsure words that are specks dropped and
misread text kept; Latin lines sized like the text they stand in; source URLs OCR split apart
put back together; ink bands measured on the straightened page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from briefgen.ingest import ocr
from briefgen.ingest.ocr import OcrLine, OcrPage, OcrWord, parse_hocr
from briefgen.ingest.ocr_rows import ocr_pdf_pages
from briefgen.ingest.structure import Paragraph, find_articles

_HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page' title='bbox 0 0 1654 2339'>
 <div class='ocr_carea'><p class='ocr_par'>
  <span class='ocr_line' title="bbox 179 97 448 118; baseline 0.017 -3; x_size 27">
   <span class='ocrx_word' title='bbox 179 97 229 118; x_wconf 96'>信息</span>
   <span class='ocrx_word' title='bbox 231 97 275 118; x_wconf 91'>科技</span>
  </span>
  <span class='ocr_line' title="bbox 179 140 300 160; baseline 0 0">
   <span class='ocrx_word' title='bbox 179 140 300 160; x_wconf 88'> </span>
  </span>
 </p></div></div></body></html>""".encode()


def test_hocr_gives_lines_words_boxes_and_confidences() -> None:
    (line,) = parse_hocr(_HOCR)  # the line of one blank word is dropped
    assert (line.box, line.slope, line.offset) == ((179, 97, 448, 118), 0.017, -3.0)
    assert line.words == [
        OcrWord("信息", (179, 97, 229, 118), 96.0),
        OcrWord("科技", (231, 97, 275, 118), 91.0),
    ]


def _line(y: float, x0: float, words: list[str], skew: float, pitch: float = 29) -> OcrLine:
    """A line of Chinese words set ``pitch`` pixels an ideograph, in a page image turned by
    ``skew``; its boxes are as Tesseract gives them (the line's box grows with the skew), its
    ink band 0.9 of the pitch, as measured on the image."""
    placed = []
    x = x0
    for text in words:
        top = y + skew * x
        right = x + pitch * len(text)
        placed.append(OcrWord(text, (int(x), int(top), int(right), int(top + pitch)), 90))
        x = right
    box = (int(x0), int(y + skew * x0), int(x), int(y + skew * x + pitch))
    return OcrLine(box, skew, -(skew * (x - x0)) - 2, placed, ink=0.9 * pitch)


def test_rows_from_an_askew_page_keep_their_lines_and_sizes() -> None:
    """A page turned by 1°: lines 34 px apart stay rows of their own, top to bottom, with the
    words of each joined as Chinese is written; sizes are in points (29 px at 200 dpi is
    10.5 pt), the title's above the body's."""
    skew = 0.0175
    lines = [
        _line(200, 180, ["美智库", "发布", "报告"], skew, pitch=39),
        *[_line(300 + 34 * k, 180, ["美国", "半导体", "制造", "行业"] * 5, skew) for k in range(6)],
    ]
    (page,) = ocr_pdf_pages([OcrPage(1, 595.0, 842.0, 200, lines)])
    assert [row.text for row in page.rows] == ["美智库发布报告"] + ["美国半导体制造行业" * 5] * 6
    assert [row.size for row in page.rows] == [14.0] + [10.5] * 6
    assert all(a.y > b.y for a, b in zip(page.rows, page.rows[1:], strict=False))
    assert all(abs(row.x - page.rows[1].x) < 2 for row in page.rows[1:])
    assert all(run.ocr_confidence == 90 for row in page.rows for run in row.runs)


def _unsure(line: OcrLine, confidences: dict[str, float]) -> OcrLine:
    """``line`` with the words named given Tesseract's confidence in them."""
    words = [replace(w, confidence=confidences.get(w.text, w.confidence)) for w in line.words]
    return replace(line, words=words)


def _row_texts(lines: list[OcrLine]) -> list[str]:
    (page,) = ocr_pdf_pages([OcrPage(1, 595.0, 842.0, 200, lines)])
    return [row.text for row in page.rows]


def test_unsure_words_that_are_misread_text_stay_and_specks_go() -> None:
    """What Tesseract was unsure of on the askew scan: a whole source URL (confidence 0), the
    last character of "供稿自" (0), "-271"C" (13). They are the text, misread or not: they
    stay. A speck read as a quote (10) amid the text goes."""
    url = "https://www.nature.com/articles/d41586-024-00768-4"
    lines = [
        _unsure(_line(300, 180, ["黄", "茹", "供稿", "自"], 0), {"自": 0}),
        _unsure(_line(340, 180, [url], 0), {url: 0}),
        _unsure(
            _line(380, 180, ["低至", '-271"C', "的", "温度", "'", "下"], 0), {'-271"C': 13, "'": 10}
        ),
    ]
    assert _row_texts(lines) == ["黄茹供稿自", url, "低至 -271℃ 的温度下"]


def test_a_speck_beyond_a_wide_gap_neither_stays_nor_sizes_the_row() -> None:
    """The askew scan: "途径。" then, past a wide gap, a speck read as "!" (confidence 31). Read
    alone, its ink band made a Latin line of 13 pt, and the row a title that split an article.
    A stretch with no letter, digit or ideograph is no text; a line has one size."""
    body = _line(300, 180, ["量子", "场论", "提供", "了", "新", "的", "途径", "。"], 0)
    speck = OcrWord("!", (body.box[2] + 150, 300, body.box[2] + 160, 329), 31)
    line = replace(body, box=(*body.box[:2], speck.box[2], body.box[3]), words=[*body.words, speck])
    (page,) = ocr_pdf_pages([OcrPage(1, 595.0, 842.0, 200, [line] * 1)])
    assert [(row.text, row.size) for row in page.rows] == [("量子场论提供了新的途径。", 10.5)]


def test_a_lone_unsure_ideograph_beyond_a_gap_goes() -> None:
    """A watermark's character beside a line, read with little confidence, is no text."""
    body = _line(300, 180, ["美国", "半导体"], 0)
    mark = OcrWord("密", (body.box[2] + 200, 300, body.box[2] + 229, 329), 12)
    line = replace(body, box=(*body.box[:2], mark.box[2], body.box[3]), words=[*body.words, mark])
    assert _row_texts([line]) == ["美国半导体"]


def _latin(y: float, text: str, ink: float) -> OcrLine:
    """A line of Latin letters at ``y`` whose ink band measured ``ink`` pixels."""
    box = (180, int(y), 180 + 15 * len(text), int(y + 29))
    return OcrLine(box, 0.0, -6.0, [OcrWord(text, box, 90)], ink=ink)


def test_a_latin_line_at_the_leading_of_the_text_is_set_like_it() -> None:
    """A URL's second line's ink band may be its x-height alone (the askew scan measured
    8 pt for 10.5): set at the body's leading under a body line, it is body text. A note
    under the text is set lower, and keeps its own size."""
    body = [_line(300 + 48 * k, 180, ["美国", "半导体", "制造", "行业"] * 5, 0) for k in range(4)]
    tail = _latin(300 + 48 * 4, "cal-year-2025-budget-would-strengthen-commerce", 15)
    note = _latin(300 + 48 * 4 + 90, "1 https://www.nist.gov/publications/semiconductors", 12)
    (page,) = ocr_pdf_pages([OcrPage(1, 595.0, 842.0, 200, [*body, tail, note])])
    assert [row.size for row in page.rows] == [10.5] * 5 + [6.0]


@pytest.mark.parametrize(
    ("read", "urls"),
    [
        # The askew scan: a URL's second line spaced apart, so it no longer runs on.
        (
            ["张娟 供稿自 https://www.csis.org/analysis/strategy-", "onductor manufacturing"],
            ["https://www.csis.org/analysis/strategy-onductormanufacturing"],
        ),
        # A URL on a line of its own, its pieces parted by Tesseract (and a comma misread).
        (
            ["徐婧 供稿自", "http://cn.nikkei， appliance/55055-2024. html?print= 1"],
            ["http://cn.nikkei，appliance/55055-2024.html?print=1"],
        ),
        # Two URLs, the first in two pieces.
        (
            ["黄茹 供稿自", "https://a.gov/x- y https://b.org/z"],
            ["https://a.gov/x-y", "https://b.org/z"],
        ),
    ],
)
def test_source_urls_ocr_split_apart_are_put_back_together(
    read: list[str], urls: list[str]
) -> None:
    """After a 供稿自 attribution, Latin text before the original title is the source URLs,
    however OCR parted them: they are not left in the article's body."""
    texts = ["[半导体]美国发布报告", "正文。", *read, "原文标题：A Strategy"]
    roles = ["title", "body", *["body"] * len(read), "body"]
    paragraphs = [Paragraph(t, k, k, r) for k, (t, r) in enumerate(zip(texts, roles, strict=True))]
    (article,) = find_articles(paragraphs)
    assert article.source_urls == urls
    assert [p.text for p in article.body] == ["正文。"]
    assert article.original_title == "A Strategy"


def test_chinese_after_an_attribution_is_no_url() -> None:
    texts = ["[半导体]美国发布报告", "正文。", "黄茹 供稿自 https://a.gov/x", "另一段正文。"]
    paragraphs = [Paragraph(t, k, k, "title" if k == 0 else "body") for k, t in enumerate(texts)]
    (article,) = find_articles(paragraphs)
    assert article.source_urls == ["https://a.gov/x"]
    assert [p.text for p in article.body] == ["正文。", "另一段正文。"]


def test_ink_bands_are_measured_straight_and_specks_do_not_count(tmp_path: Path) -> None:
    """Two lines of 26 px "ideographs" (blocks), the page turned 1° and speckled: each line's
    band is its blocks' height, though the box Tesseract gives it is stretched by both."""
    page = Image.new("L", (1400, 600), 255)
    draw = ImageDraw.Draw(page)
    for top in (200, 300):
        for x in range(100, 1300, 30):
            draw.rectangle((x, top, x + 25, top + 25), fill=0)
        draw.point([(400, top - 20), (900, top + 40)], fill=0)  # specks above and below
    turned = page.rotate(1.0, fillcolor=255)
    image = tmp_path / "page.png"
    turned.save(image)
    slope = -0.0175  # baselines fall to the left: the page turned 1° counter-clockwise
    lines = []
    for top in (200, 300):
        # The box spans the skewed blocks and the specks, as Tesseract's would.
        box = (100, top - 20 - 11, 1300, top + 40 + 11)
        # hOCR: the baseline from the box's bottom-left corner, at (100, top + 25 + 10.5).
        lines.append(OcrLine(box, slope, -15.5, [OcrWord("美国" * 7, box, 90)] * 3))
    measured = ocr.measure_ink(image, lines)
    assert [round(line.ink) for line in measured] == [26, 26]
