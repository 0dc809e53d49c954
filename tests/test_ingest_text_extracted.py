"""Text that pdftotext (poppler) extracts from a printed issue parses like the issue's source.

pdftotext writes page breaks as form feeds, page numbers ("- 2 -", "第2页") and running
headers on every page, a blank line only between some blocks, no marker at a paragraph's end
(a short last line, or in ``-layout`` the next line's indent), footnotes at the page bottom
as "1 https://…" or "1https://…", and a scattered watermark one character to a line. The PDFs
are the test prints of the seeds (producers.py); the small texts below are written by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.ingest.extracted import looks_extracted
from briefgen.ingest.text import parse_text
from briefgen.records import Article
from conftest import SEED_IDS, parsed
from producers import extracted_text

#: Prints whose pdftotext output (plain or -layout) parses to the seed's records, field for
#: field, nearly all.
PRINTS = [
    (issue_id, producer, mode)
    for issue_id, producer in [
        ("2024-07-jiwei-chips", "weasyprint"),
        ("2024-07-jiwei-chips", "reportlab"),
        ("2024-03-casdc-tech-policy", "reportlab"),
        # Qt's look-alike characters (⾃ for 自), a diagonal watermark's characters alone on
        # lines, notes at an article's end with the next title under them (before: every
        # author line lost, or the issue refused).
        ("2024-03-jiwei-microelectronics", "wkhtmltopdf"),
    ]
    for mode in ("-layout", "plain")
] + [
    # In plain mode pdftotext itself joins this issue's URLs broken after a hyphen
    # ("government-" "unveils" as "governmentunveils").
    ("2024-03-casdc-tech-policy", "wkhtmltopdf", "-layout"),
]


def _squeezed(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _fields(article: Article) -> tuple[object, ...]:
    return (
        article.section,
        article.title,
        article.tags,
        article.authors,
        article.source_urls,
        _squeezed(article.body),
    )


@pytest.mark.slow  # extracts the text of test prints (printed when the PDF cache lacks them)
@pytest.mark.parametrize(("issue_id", "producer", "mode"), PRINTS)
def test_pdftotext_output_parses_to_the_seed_records(
    issue_id: str, producer: str, mode: str
) -> None:
    text = extracted_text(issue_id, producer, mode)
    assert "\f" in text
    got = parse_text(text, Path(f"{issue_id}.txt")).articles
    want = parsed(issue_id).articles
    assert [a.title for a in got] == [a.title for a in want]
    assert [a.authors for a in got] == [a.authors for a in want]
    same = sum(_fields(g) == _fields(w) for g, w in zip(got, want, strict=True))
    # Captions and some headings that follow a full line still run into a paragraph.
    assert same >= 0.75 * len(want), f"{same} of {len(want)} articles match"
    # Page furniture is no article and no body text.
    for article in got:
        assert "信息科技快报" not in article.body
        for paragraph in article.body.split("\n\n"):
            assert not re.search(r"第\s*\d+\s*页$|-\s*\d+\s*-$|^\d+$", paragraph)
    notes = [n.url for a in got for n in a.footnotes]
    wanted = [n.url for a in want for n in a.footnotes]
    assert sum(url in wanted for url in notes) >= 0.8 * len(wanted)


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_the_seed_sources_are_not_taken_for_extracted_text(issue_id: str) -> None:
    source = Path(__file__).parent.parent / "briefings" / issue_id / "source.txt"
    assert not looks_extracted(source.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- by hand

#: Three pages as pdftotext writes them: a running header, a wrapped title, paragraphs that end
#: with a short line, a glued and a detached footnote marker, footnotes at the page bottom,
#: a watermark's characters alone on lines, page numbers, a form feed.
PAGES = (
    "信息科技快报\n2024年第3期\n\n2024年3月15日\n\n"
    "政策计划\n"
    "美国宣布芯片法案资助的首批研发设施及\n"
    "遴选程序\n"
    "2024年7月12日，美国商务部和国家半导体技术中心（NSTC）运营商宣布了由芯片法案\n"
    "资助的首批三个研发设施及其遴选程序，以支撑国家先进封装制造计划（NAPMP） 。首批\n"
    "1\n"
    "研发设施包括行政和设计设施、极紫外中心以及原型设施。\n"
    "内\n"
    "三个设施都将具备研究能力，并具有各种其他用途，分别计划于 2025 年、2026 年投\n"
    "入使用，满足少数中国客户2。\n"
    "\n"
    "1 https://www.nist.gov/news-events/news/2024/07/biden-harris-administration-announces-\n"
    "first-chips-america-rd-facilities-and\n"
    "2https://example.com/customers\n"
    "- 1 -\n"
    "\f信息科技快报 2024年第3期\n"
    "\n"
    "部\n"
    "这些投入致力于支持美国在设计、材料和工艺创新方面的全球实力和领导地位，同时促进\n"
    "其国内产业的蓬勃发展。\n"
    "（执笔：沈湘 王丽）\n"
    "欧盟宣布投资 3.25 亿欧元支持欧洲半导体创新生态系统\n"
    "据欧盟委员会 2024年 6月 26日报道，欧盟将投资 3.25 亿欧元支持半导体创新生态系统\n"
    "的建设，打造先进的试验线。\n"
    "\n"
    "内\n"
    "\n"
    "- 2 -\n"
    "\f信息科技快报 2024年第3期\n"
    "部\n"
    "该试验线将向研究机构和企业开放。\n"
    "（执笔：沈湘）\n"
    "- 3 -\n"
    "\f"
)


def test_pages_of_extracted_text_parse_into_articles() -> None:
    parsed_text = parse_text(PAGES, Path("x.txt"))
    first, second = parsed_text.articles
    assert (first.section, first.title) == (
        "政策计划",
        "美国宣布芯片法案资助的首批研发设施及遴选程序",
    )
    assert first.authors == ["沈湘", "王丽"]
    paragraphs = first.body.split("\n\n")
    assert len(paragraphs) == 3, paragraphs
    assert paragraphs[0].startswith("2024年7月12日") and paragraphs[0].endswith("原型设施。")
    assert "（NAPMP）[^1]。首批研发设施" in paragraphs[0]
    assert paragraphs[1].endswith("满足少数中国客户[^2]。")
    assert paragraphs[2].startswith("这些投入")  # the page's header and watermark are gone
    assert [n.url for n in first.footnotes] == [
        "https://www.nist.gov/news-events/news/2024/07/biden-harris-administration-announces-"
        "first-chips-america-rd-facilities-and",
        "https://example.com/customers",
    ]
    assert (second.title, second.authors) == (
        "欧盟宣布投资 3.25 亿欧元支持欧洲半导体创新生态系统",
        ["沈湘"],
    )
    assert second.body.split("\n\n") == [
        "据欧盟委员会 2024年 6月 26日报道，欧盟将投资 3.25 亿欧元支持半导体创新生态系统"
        "的建设，打造先进的试验线。",
        "该试验线将向研究机构和企业开放。",
    ]
    assert parsed_text.running_header == "信息科技快报 2024年第3期"


def test_text_copied_out_of_a_viewer_has_its_pages_told_by_their_numbers() -> None:
    """No form feeds: a page number alone on a line ends the page."""
    copied = PAGES.replace("\f", "")
    first, second = parse_text(copied, Path("x.txt")).articles
    assert first.body.split("\n\n")[2].startswith("这些投入")
    assert len(first.footnotes) == 2
    assert second.authors == ["沈湘"]


def test_layout_mode_indents_start_paragraphs() -> None:
    """With -layout a paragraph's first line is indented: a full line before it ends one,
    and the column gaps inside lines go."""
    layout = (
        "政策计划\n"
        "美国宣布芯片法案资助的首批研发设施及遴选程序\n"
        "   2024年7月12日，美国商务部和国家半导体技术中心（NSTC）宣布了由芯片法案资助的首\n"
        "批三个研发设施。\n"
        "   三个设施都将具备研究能力，并具有各种其他用途，分别计划于 2025 年投入使用，满足\n"
        "   研发计划包括新材料工艺架构、器件结构、新型设计方法、芯粒、异构集成和先进封装等\n"
        "先进封装        和   NAPMP 先导设施。\n"
        "                                      （执笔：沈湘 王丽）\n"
        "\f"
    )
    (article,) = parse_text(layout, Path("x.txt")).articles
    assert article.body.split("\n\n") == [
        "2024年7月12日，美国商务部和国家半导体技术中心（NSTC）宣布了由芯片法案资助的首"
        "批三个研发设施。",
        "三个设施都将具备研究能力，并具有各种其他用途，分别计划于 2025 年投入使用，满足",
        "研发计划包括新材料工艺架构、器件结构、新型设计方法、芯粒、异构集成和先进封装等"
        "先进封装和 NAPMP 先导设施。",
    ]


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_a_form_feed_does_not_turn_the_seeds_text_into_another_extractors(issue_id: str) -> None:
    """A form feed ends many extracted texts; the seeds' convention (trailing spaces, a blank
    line after every line) still decides. Before, one form feed sent the text to the other
    reader, and the records changed or the issue was refused."""
    source = Path(__file__).parent.parent / "briefings" / issue_id / "source.txt"
    text = source.read_text(encoding="utf-8")
    assert parse_text(text + "\f", Path("x.txt")) == parse_text(text, Path("x.txt"))


def test_a_blank_line_after_a_sentence_ends_its_paragraph() -> None:
    """Paragraphs whose last lines are full, set apart by blank lines: before, the reader went
    by widths alone and ran the four into one."""
    first = (
        "美国能源部宣布资助十二个量子计算应用研究项目，总金额六千五百万美元，覆盖化学、材料和\n"
        "流体力学等领域，项目周期为三年，由国家实验室与大学共同承担，预计明年年初正式启动。\n"
    )
    second = (
        "欧洲航天局表示，该磁力计成功测量了火箭轨迹沿线的磁场，为导航和姿态确定提供了数据，\n"
        "后续还将开展更多在轨验证试验，并向成员国开放相关数据与研究成果，供科研机构共同使用。\n"
    )
    title = "美欧宣布量子与航天合作新计划\n"
    text = title + "\n".join([first, second, first, second]) + "（执笔：沈湘 王丽）\n\f"
    (article,) = parse_text(text, Path("x.txt")).articles
    assert len(article.body.split("\n\n")) == 4


@pytest.mark.slow  # extracts the text of a test print
def test_a_blank_line_after_every_line_as_mupdf_and_pdfminer_write_reads_alike() -> None:
    """Before, such a text went to the seeds' reader, which read each line as a paragraph and
    the notes as titles: refused, or articles lost with exit 0."""
    plain = extracted_text("2024-07-jiwei-chips", "weasyprint", "plain")
    got = parse_text("\n\n".join(plain.split("\n")), Path("x.txt")).articles
    want = parse_text(plain, Path("x.txt")).articles
    assert [a.title for a in got] == [a.title for a in want]
    assert [a.authors for a in got] == [a.authors for a in want]
    same = sum(_fields(g) == _fields(w) for g, w in zip(got, want, strict=True))
    assert same >= 0.9 * len(want), f"{same} of {len(want)} articles read alike"


def test_a_form_feed_inside_a_line_breaks_the_page_there() -> None:
    """Pages extracted one by one and joined by form feeds alone: the page number ending one
    page and the title opening the next stand on one line. Before, they were read as one
    ("- 1 -美国能源部成立…"): the title was lost, the first paragraph taken for it."""
    first = (
        "美国能源部资助量子计算应用研究\n"
        + "据官网报道，美国能源部宣布资助量子计算应用研究项目。\n（执笔：沈湘）\n- 1 -"
    )
    second = (
        "美国能源部成立关键和新兴技术办公室\n"
        "据官网报道，美国能源部宣布成立新的办公室。\n（执笔：王丽）\n- 2 -"
    )
    articles = parse_text(first + "\f" + second + "\f", Path("x.txt")).articles
    assert [a.title for a in articles] == [
        "美国能源部资助量子计算应用研究",
        "美国能源部成立关键和新兴技术办公室",
    ]


#: pdftotext -layout of a wkhtmltopdf print, by hand after the real one: Qt names glyphs by
#: the lowest code point the font maps to them, so the text holds Kangxi radicals (⾃ for 自,
#: ⼈ for 人) and supplement forms (⻩ for 黄); an article's notes stand at its end, and the
#: next section's name and title under them close the page, a blank gap between.
RADICALS_AND_NOTES_AT_THE_END = (
    "重点关注\n"
    "\n"
    "[信息技术]英国政府投资超 11 亿英镑促进⼈才培养\n"
    "     2024年3⽉12⽇，英国政府制定详细计划，将投资超11亿英镑，"
    "提⾼英国在包括6G、量⼦计算等关键⾏\n"
    "业的⼈才培养能⼒。\n"
    "⻩茹 供稿⾃ https://www.gov.uk/government/news/thousands-more-to-train-in-future-tech\n"
    "\n"
    "[量子]兰德公司分析量⼦技术出⼝管制\n"
    "     美国商业量⼦产业的财务稳定性并不是有保障的，⽬前尚未有美国量⼦技术公司盈利[1]，出⼝\n"
    "管制可能会减缓科学进展[2]。\n"
    "                                                                      （王丽）\n"
    "[1] https://www.rand.org/content/dam/rand/pubs/testimonies/CTA3100/CTA3189-1.pdf\n"
    "[2] 2020 年 10 ⽉ 16 ⽇，中共中央政治局就量⼦科技研究和应⽤前景举⾏第⼆⼗四次集体学习，\n"
    "强调加强量⼦科技发展战略谋划和系统布局。\n"
    "\n"
    "\n"
    "\n"
    "前沿研究\n"
    "\n"
    "瑞典林雪平⼤学开发⾼通量筛选层状固体化学剥离制备⼆维材料⽅法\n"
    "\f"
    "     MXenes 是⼀类由过渡⾦属碳化物、氮化物或碳氮化物制成的层状⽆机化合物，通过对三维⺟体\n"
    "材料进⾏选择性蚀刻⽽获得。\n"
    "                                                                      （沈湘）\n"
    "\f"
)


def test_look_alike_characters_read_as_text_and_notes_end_at_a_blank_gap() -> None:
    """Before, "⻩茹 供稿⾃ …" was no author line (every such article ran into the next), and
    the section and title under the notes were read as the last note's lines (the issue was
    refused: its first paragraph taken for a 166-character title)."""
    articles = parse_text(RADICALS_AND_NOTES_AT_THE_END, Path("x.txt")).articles
    assert [(a.section, a.title, a.authors) for a in articles] == [
        ("重点关注", "英国政府投资超 11 亿英镑促进人才培养", ["黄茹"]),
        ("重点关注", "兰德公司分析量子技术出口管制", ["王丽"]),
        ("前沿研究", "瑞典林雪平大学开发高通量筛选层状固体化学剥离制备二维材料方法", ["沈湘"]),
    ]
    first, second, third = articles
    assert first.tags == ["信息技术"]
    assert first.source_urls == [
        "https://www.gov.uk/government/news/thousands-more-to-train-in-future-tech"
    ]
    assert "提高英国在包括6G、量子计算等关键行业的人才培养能力。" in first.body
    assert [n.url for n in second.footnotes] == [
        "https://www.rand.org/content/dam/rand/pubs/testimonies/CTA3100/CTA3189-1.pdf",
        None,
    ]
    assert second.footnotes[1].title == (
        "2020 年 10 月 16 日，中共中央政治局就量子科技研究和应用前景举行第二十四次集体学习，"
        "强调加强量子科技发展战略谋划和系统布局。"
    )
    assert third.body.startswith("MXenes 是一类由过渡金属碳化物")


def test_a_watermarks_character_beside_an_author_line_goes() -> None:
    """pdftotext -layout sets a diagonal watermark's character on the line it crosses, apart
    from the text, and each of its characters alone on lines elsewhere: before, "资（执笔：
    沈湘 王丽）" was no author line, and the article ran on into the next. A heading spaced out
    ("编    者    按") keeps its characters."""
    layout = (
        "政策计划\n"
        "美国宣布芯片法案资助的首批研发设施\n"
        "   2024年7月12日，美国商务部和国家半导体技术中心（NSTC）宣布了由芯片法案资助的首\n"
        "批三个研发设施。\n"
        "                      编    者    按\n"
        "   这是编者的说明。\n"
        "                        资                        （执笔：沈湘 王丽）\n"
        "                 内\n"
        "                                           部\n"
        "                            料\n"
        "欧盟宣布投资 3.25 亿欧元支持欧洲半导体创新生态系统\n"
        "   据欧盟委员会 2024年 6月 26日报道，欧盟将投资 3.25 亿欧元支持半导体创新生态系统的\n"
        "建设。                                               料\n"
        "                                             （执笔：沈湘）       料\n"
        "                   资\n"
        "\f"
    )
    first, second = parse_text(layout, Path("x.txt")).articles
    assert (first.title, first.authors) == ("美国宣布芯片法案资助的首批研发设施", ["沈湘", "王丽"])
    assert "编 者 按" in first.body or "编者按" in first.body
    assert (second.title, second.authors) == (
        "欧盟宣布投资 3.25 亿欧元支持欧洲半导体创新生态系统",
        ["沈湘"],
    )
    assert second.body.endswith("支持半导体创新生态系统的建设。")


def test_a_caption_after_a_full_line_is_a_paragraph_of_its_own() -> None:
    """A figure's caption under a paragraph whose last line is full: before, it ran into
    the paragraph ("…电子废弃物问题。图 1 基材的降解过程")."""
    text = (
        "美国研制出新型柔性电子基材\n"
        "美国麻省理工学院研究团队开发出一种可光刻、可降解的聚酰亚胺网络基材，有望替代目前难\n"
        "以回收的柔性电路基材，该基材在温和条件下即可降解，缓解日益严重的电子废弃物问题。\n"
        "图 1 基材的降解过程\n"
        "研究人员表示，这种基材可与现有的光刻工艺兼容，下一步将与企业合作开展中试验证。\n"
        "（执笔：吴文涛）\n"
        "\f"
    )
    (article,) = parse_text(text, Path("x.txt")).articles
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].endswith("缓解日益严重的电子废弃物问题。")
    assert "图 1 基材的降解过程" in paragraphs[1]
    assert paragraphs[-1].startswith("研究人员表示")


#: Two pages as pdftotext's plain mode writes them, a blank line between blocks: on the
#: first, a note's address broken across a blank line; on the second, a note that ends a
#: sentence ("(2023)."), then after one blank line the next section's name and title, which
#: close the page.
NOTES_AND_BLANKS = (
    "前沿研究\n"
    "美国研制出新型薄膜半导体\n"
    "研究人员通过分子束外延工艺成功研制出一种新型超薄晶体薄膜半导体1。\n"
    "\n"
    "1 https://www.anl.gov/article/xray-imagery-of-vibrating-diamond-opens-\n"
    "\n"
    "avenues-for-quantum-sensing\n"
    "- 1 -\n"
    "\f"
    "薄膜厚度仅 100 纳米，其电子迁移速度创下新纪录2。\n"
    "（执笔：沈湘）\n"
    "\n"
    "2 Taylor P J, Wooten B L. Magnetotransport of tetradymite films. Materials Today (2023).\n"
    "\n"
    "政策计划\n"
    "美国能源部成立关键和新兴技术办公室\n"
    "- 2 -\n"
    "\f"
    "据官网报道，美国能源部宣布成立新的办公室，协调人工智能和量子等领域的工作。\n"
    "（执笔：王丽）\n"
    "- 3 -\n"
    "\f"
)


def test_a_notes_address_goes_on_past_a_blank_line_and_a_finished_note_ends_there() -> None:
    first, second = parse_text(NOTES_AND_BLANKS, Path("x.txt")).articles
    assert [n.url for n in first.footnotes] == [
        "https://www.anl.gov/article/xray-imagery-of-vibrating-diamond-opens-avenues-for-quantum-sensing",
        None,
    ]
    assert first.footnotes[1].title == (
        "Taylor P J, Wooten B L. Magnetotransport of tetradymite films. Materials Today (2023)."
    )
    assert (second.section, second.title) == ("政策计划", "美国能源部成立关键和新兴技术办公室")
    assert second.body.startswith("据官网报道")
