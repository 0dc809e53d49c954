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
from PIL import Image, ImageDraw

from briefgen.cli import main
from briefgen.errors import SourceError, ToolMissing
from briefgen.ingest import ocr, parse_issue
from briefgen.ingest.ocr_cleanup import (
    clean_ocr_body,
    clean_ocr_text,
    restore_circled_numbers,
    url_damage,
)
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
    # The PDF writer (fpdf and its font tables) only here: importing it with the module cost
    # each make test-fast worker a third of a second, where two tests print a scan.
    from fpdf import FPDF

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
