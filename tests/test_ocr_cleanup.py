"""Scanned issues without Tesseract: the cleanup of OCR text, URL checks, tool errors, records
that say they came from OCR and what ``check`` and the article page make of them.

The OCR'd text below is what Tesseract 5 (chi_sim) wrote for the casdc seed printed in the
page-bottom layout and scanned at 200 dpi; the slow tests in test_ocr.py run Tesseract itself.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from briefgen.cli import main
from briefgen.errors import SourceError, ToolMissing
from briefgen.ingest import ocr, parse_issue
from briefgen.ingest.ocr import OcrLine, OcrPage, OcrWord, parse_hocr
from briefgen.ingest.ocr_cleanup import (
    clean_ocr_body,
    clean_ocr_text,
    restore_circled_numbers,
    url_damage,
)
from briefgen.ingest.ocr_rows import ocr_pdf_pages
from briefgen.ingest.structure import Paragraph, find_articles
from briefgen.records import issue_to_yaml, load_issue
from conftest import BRIEFINGS, parsed


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # Tesseract's spaces between the "words" it cuts Chinese into.
        ("美国 心甘情愿 、 迫不及待 地 放弃 了", "美国心甘情愿、迫不及待地放弃了"),
        # ASCII look-alikes of full-width marks after a Chinese character.
        ("面临 着 一 个 难题 : 谁 愿意", "面临着一个难题：谁愿意"),
        ("投资 数 十 亿美 元 ? 而且", "投资数十亿美元？而且"),
        ("原文标题 :A Strategy for", "原文标题：A Strategy for"),
        # A bracketed aside after Chinese text, and spaces inside brackets and quotes.
        (
            "微架构规划 (Micro architecture planning) 和系统级设计",
            "微架构规划（Micro architecture planning）和系统级设计",
        ),
        ("[半导体 ] 美智库发布", "[半导体]美智库发布"),
        ("“ 量子龙卷风 ”首次模拟黑洞", "“量子龙卷风”首次模拟黑洞"),
        # Between Latin words and numbers the spaces are the author's.
        (
            "2024 年 3 月 15 日 ，美国 DARPA 推出 AMME 项目",
            "2024 年 3 月 15 日，美国 DARPA 推出 AMME 项目",
        ),
        (
            "Blackwell B200 GPU, 20 PetaFLOPS: 1.8 trillion",
            "Blackwell B200 GPU, 20 PetaFLOPS: 1.8 trillion",
        ),
    ],
)
def test_cleanup_undoes_what_ocr_does_to_chinese(read: str, meant: str) -> None:
    assert clean_ocr_text(read) == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # Full-width brackets read as 〈 and ): no angle bracket closes with a parenthesis.
        ("刻见解。〈3)终端用户", "刻见解。（3）终端用户"),
        ("电动汽车〈EV)等产品", "电动汽车（EV）等产品"),
        # A real angle bracket, closed by its own mark, stays.
        ("见〈中国科学〉一文", "见〈中国科学〉一文"),
        # ℃ read as a quote or a star (escaped in Markdown) and a C.
        ('能在低至-271"C的温度下', "能在低至-271℃的温度下"),
        ("能在低至 -271\\*C 的温度下", "能在低至 -271℃ 的温度下"),
        # ... but a C after a quoted number in English is no temperature without the mark.
        ("version 3 C compiler", "version 3 C compiler"),
        # AI read as Al or AL beside Chinese text.
        ("英伟达发布新一代 AL GPU", "英伟达发布新一代 AI GPU"),
        ("由 GPU 组成，Al运算速度", "由 GPU 组成，AI运算速度"),
        # In English, and beside 铝 (aluminium), "Al" stays as read.
        ("NVIDIA B200 and GB200 Al GPUs", "NVIDIA B200 and GB200 Al GPUs"),
        ("氧化铝（Al2O3）", "氧化铝（Al2O3）"),
        ("铝（Al）", "铝（Al）"),
    ],
)
def test_cleanup_restores_marks_read_as_their_look_alikes(read: str, meant: str) -> None:
    assert clean_ocr_text(read) == meant


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        # The scheme's "//" read as W (the straight casdc scan): only the scheme is restored,
        # the misread host (".cory" for ".com/") stays for check to flag.
        (
            "https:Winterestingengineering.coryinnovation/quantum-tornado",
            "https://interestingengineering.coryinnovation/quantum-tornado",
        ),
        ("https:/W/interestingengineering.com/x", "https://interestingengineering.com/x"),
        ("http:/www.darpa.mil/news", "http://www.darpa.mil/news"),
        ("https;//www.gov.uk/x", "https://www.gov.uk/x"),
        # Spaces where Tesseract's word boxes part a URL (the askew scan).
        (
            "黄茹 供稿自 https://www.darpa. mil/news- evehts/2024-3-8",
            "黄茹供稿自 https://www.darpa.mil/news-evehts/2024-3-8",
        ),
        # Two URLs on a line stay two, and so does the text after a URL.
        ("https://a.gov/b/ https://c.org/d", "https://a.gov/b/ https://c.org/d"),
        ("https://www.nature.com/articles/d4 Nature", "https://www.nature.com/articles/d4 Nature"),
        ("https://a.gov/report. 原文", "https://a.gov/report. 原文"),
    ],
)
def test_cleanup_restores_a_urls_scheme_and_joins_its_pieces(read: str, meant: str) -> None:
    assert clean_ocr_text(read) == meant


def test_circled_list_numbers_read_as_at_signs_are_restored() -> None:
    """The casdc seed's lists (①…⑥ after a colon, parted by semicolons) as Tesseract read them
    from the straight scan: a number read as a character (引) is left, and counted."""
    read = (
        "包括：@D新功能材料；@)适用于新型电路的工具；@G)未来计算相关硬件；引先进封装和计量；"
        "@确保硬件安全的方法；（@）制造工具。"
    )
    assert restore_circled_numbers(read) == (
        "包括：①新功能材料；②适用于新型电路的工具；③未来计算相关硬件；引先进封装和计量；"
        "⑤确保硬件安全的方法；⑥制造工具。"
    )


def test_circled_numbers_follow_the_one_before_when_a_semicolon_was_misread() -> None:
    # The askew scan read "；③" as "，@@": the number follows ② all the same.
    read = "目标：@D促进研究；@)支持基础设施，@@培养人才"
    assert restore_circled_numbers(read) == "目标：①促进研究；②支持基础设施，③培养人才"


def test_at_signs_outside_a_list_stay() -> None:
    # No colon opens a list in the paragraph: the @ is not a list number.
    assert restore_circled_numbers("联系；@张三说") == "联系；@张三说"
    # Each paragraph opens its own list.
    assert restore_circled_numbers("包括：@D甲；@)乙\n\n另有；@丙") == "包括：①甲；②乙\n\n另有；@丙"
    # An e-mail address is no list number.
    assert restore_circled_numbers("联系：info@casdc.cn") == "联系：info@casdc.cn"


def test_a_body_is_cleaned_whole() -> None:
    """A bracket opened on one row and closed on the next meets in the body; a list whose
    colon is on one row and items on the next gets its numbers there."""
    rows = [clean_ocr_text("技术 〈如微型手术"), clean_ocr_text("和化学技术)改善：@D一；@)二")]
    assert rows == ["技术〈如微型手术", "和化学技术)改善：@D一；@)二"]
    assert clean_ocr_body("".join(rows)) == "技术（如微型手术和化学技术）改善：①一；②二"


def test_every_url_of_the_seeds_is_well_formed() -> None:
    urls = [
        url
        for folder in sorted(BRIEFINGS.glob("*/records.yaml"))
        for article in load_issue(folder).articles
        for url in [n.url for n in article.footnotes if n.url] + article.source_urls
    ]
    assert len(urls) > 50
    assert [(url, url_damage(url)) for url in urls if url_damage(url)] == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        # What Tesseract made of the slash after ".com" and ".mil" in the scanned casdc seed.
        ("https://security.apple.comy/blog/imessage-pq3/", "unusual top-level domain 'comy'"),
        ("http://cn.nikkei.comyindustry/55055.html?print=1", "top-level domain 'comyindustry'"),
        ("https://www.darpa.miVnews-events/2024-3-8", "'www.darpa.miVnews-events' is not a host"),
        ("https:Winterestingengineering.coryinnovation/x", "does not start with http://"),
        ("https://www.gov.uk/government/news/£35-million-boost", "characters no URL does: '£'"),
        ("https://www,nature.com/articles/d41586", "is not a host name"),
    ],
)
def test_damaged_urls_are_named_with_the_reason(url: str, reason: str) -> None:
    assert reason in (url_damage(url) or "")


def test_missing_tools_name_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(ToolMissing) as caught:
        ocr.find_tools()
    message = str(caught.value)
    assert "apt-get install poppler-utils tesseract-ocr" in message


def test_missing_chinese_data_names_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(ocr, "_tesseract_facts", lambda path: ("tesseract 5.3.0", {"eng", "osd"}))
    with pytest.raises(ToolMissing, match=r"apt-get install tesseract-ocr-chi-sim$"):
        ocr.find_tools()


def _scanned_pdf(folder: Path) -> Path:
    """Two pages of bars of "text" as pixels: images with no text layer."""
    scan = Image.new("L", (600, 850), 255)
    draw = ImageDraw.Draw(scan)
    for y in range(80, 800, 24):
        draw.rectangle((60, y, 540, y + 10), fill=40)
    buffer = io.BytesIO()
    scan.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format="A4")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=595)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "source.pdf"
    pdf.output(str(path))
    return path


def test_a_scan_without_ocr_asks_for_the_option(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        parse_issue(_scanned_pdf(tmp_path / "2024-01-scan"))
    message = str(caught.value)
    assert "scanned PDF" in message and "--ocr" in message and "ocr: true" in message


def test_ocr_without_tesseract_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Asked for by meta.yaml, with no Tesseract on the PATH: one failed file, the packages."""
    source = _scanned_pdf(tmp_path / "2024-01-scan")
    (source.parent / "meta.yaml").write_text("ocr: true\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["parse", "-q", "--no-cache", str(source)]) == 1
    err = capsys.readouterr().err
    assert "OCR needs Tesseract" in err and "tesseract-ocr" in err and "1 failed" in err


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


def test_records_of_text_sources_carry_no_ocr_fields() -> None:
    text = issue_to_yaml(parsed("2024-08-chips-act-review"))
    assert "ocr" not in text


def test_ocr_fields_round_trip(tmp_path: Path) -> None:
    issue = parsed("2024-08-chips-act-review")
    articles = [replace(a, ocr_confidence=80 + k) for k, a in enumerate(issue.articles)]
    read = replace(issue, issue=replace(issue.issue, ocr=True), articles=articles)
    path = tmp_path / "records.yaml"
    path.write_text(issue_to_yaml(read), encoding="utf-8")
    assert "ocr: true" in path.read_text(encoding="utf-8")
    assert load_issue(path) == read


def _ocr_records(folder: Path) -> Path:
    """The chips-act seed as if read by OCR: confidences 80, 81, …; a URL with OCR damage."""
    issue = parsed("2024-08-chips-act-review")
    articles = [replace(a, ocr_confidence=80 + k) for k, a in enumerate(issue.articles)]
    first = articles[0]
    damaged = first.footnotes[0].url
    assert damaged is not None
    notes = [replace(first.footnotes[0], url=damaged.replace(".gov/", ".govy/", 1))]
    articles[0] = replace(first, footnotes=notes + first.footnotes[1:])
    read = replace(issue, issue=replace(issue.issue, ocr=True), articles=articles)
    path = folder / "2024-08-chips-act-review" / "records.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(issue_to_yaml(read), encoding="utf-8")
    return path


def test_check_lists_what_to_proofread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _ocr_records(tmp_path)
    low = [a for a in load_issue(path).articles if (a.ocr_confidence or 100) < 85]
    assert main(["check", str(path)]) == 0  # warnings, not problems
    err = capsys.readouterr().err.splitlines()
    warned = [line for line in err if "was read by OCR with confidence" in line]
    assert len(warned) == len(low) == 5
    assert f"article {low[0].id} ({low[0].title}) was read by OCR with confidence 80" in warned[0]
    urls = [line for line in err if "looks damaged by OCR" in line]
    assert len(urls) == 1 and "unusual top-level domain 'govy'" in urls[0]
    assert "OCR: 5 article(s) below confidence 85, 1 URL(s) that look damaged." in err
    assert main(["check", "--ocr-threshold", "82", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if "was read by OCR with confidence" in line]) == 2


@pytest.mark.slow
def test_article_pages_mark_ocr_text(tmp_path: Path) -> None:
    _ocr_records(tmp_path / "briefings")
    out = tmp_path / "site"
    assert main(["build", "-q", "--briefings", str(tmp_path / "briefings"), "--out", str(out)]) == 0
    articles = [f"{a.id}.html" for a in parsed("2024-08-chips-act-review").articles]
    for name in articles:
        chinese = (out / "issues" / "2024-08-chips-act-review" / name).read_text(encoding="utf-8")
        assert '<p class="ocr-mark" title="本文由扫描件经 OCR 识别而来' in chinese
        assert ">OCR 识别文本</p>" in chinese
        english = (out / "en" / "issues" / "2024-08-chips-act-review" / name).read_text("utf-8")
        assert ">OCR text</p>" in english


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
