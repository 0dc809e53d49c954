"""The hard parts of the three layouts, each checked on the seed text where it occurs."""

from __future__ import annotations

import re

from briefgen.labels import plain_text
from briefgen.render.markdown import render_markdown
from conftest import parsed


def test_footnote_marker_replaces_the_digit_where_it_stood() -> None:
    article = parsed("2024-01-jiwei-semiconductors").articles[0]
    assert "影响了少数中国客户[^1]。" in article.body
    # "NXT:1980Di2。" ends in marker 2; "2023 年" and "NXT:2050i" are not markers.
    assert "NXT:1980Di[^2]。" in article.body
    assert "2023 年 NXT:2050i" in article.body


def test_numbers_in_the_body_are_not_markers() -> None:
    article = parsed("2024-01-jiwei-semiconductors").articles[1]
    assert "622 万亿韩元" in article.body
    assert "到 2047年" in article.body
    assert re.findall(r"\[\^\d+\]", article.body) == ["[^1]"]


def test_figure_numbers_and_product_names_are_not_markers() -> None:
    imec = parsed("2024-07-jiwei-chips").articles[14]
    assert "图 1 器件制造和接口表征" in imec.body
    assert "成为现实[^2]。" in imec.body
    cxmt = parsed("2024-01-jiwei-semiconductors").articles[13]
    assert "4F2 设计" in cxmt.body


def test_footnote_numbering_restarts_per_page_and_is_renumbered_per_article() -> None:
    tsmc = parsed("2024-03-jiwei-microelectronics").articles[18]
    # Both markers are printed "1" on different pages; the article numbers them 1 and 2.
    assert [f.url for f in tsmc.footnotes] == [
        "https://pr.tsmc.com/english/news/3105",
        "https://pr.tsmc.com/english/news/3113",
    ]


def test_running_footnote_numbers_are_renumbered_per_article() -> None:
    article = parsed("2024-08-chips-act-review").articles[13]  # printed as footnote 15
    assert article.footnotes[0].n == 1
    assert article.footnotes[0].url == (
        "https://www.anl.gov/article/xray-imagery-of-vibrating-diamond-opens-avenues-for-"
        "quantum-sensing"
    )
    assert article.footnotes[0].title == (
        "X-ray imagery of vibrating diamond opens avenues for quantum sensing."
    )


def test_urls_broken_across_lines_are_rejoined() -> None:
    rand = parsed("2024-03-jiwei-microelectronics").articles[8]
    assert rand.footnotes[0].url.endswith("/CTA3189-1/RAND_CTA3189-1.pdf")
    # The truncated copy left below the footnotes is not a second source.
    assert rand.footnotes[1].url is None


def test_a_footnote_url_continuing_on_the_next_page_is_rejoined() -> None:
    eu = parsed("2024-07-jiwei-chips").articles[2]
    assert eu.footnotes[0].url == (
        "https://digital-strategy.ec.europa.eu/en/news/eu-invests-eu325-million-support-"
        "europes-semiconductor-innovation-ecosystem"
    )


def test_letter_spaced_section_and_author_names_are_closed_up() -> None:
    articles = parsed("2024-08-chips-act-review").articles
    assert articles[0].section == "专题"
    assert articles[1].section == "项目资助"
    assert articles[1].authors == ["袁洁"]
    assert articles[3].authors == ["黄健"]


def test_editor_note_and_extension_block() -> None:
    articles = parsed("2024-08-chips-act-review").articles
    assert articles[0].editor_note.startswith("8 月 9 日，美国白宫发布《芯片与科学法案》")
    assert "编者按" not in articles[0].body
    assert "> **【快报延伸】**" in articles[1].body
    assert "> 融合加速器计划于 2019 年启动" in articles[1].body


def test_layout_b_tags_sources_and_original_titles() -> None:
    article = parsed("2024-03-casdc-tech-policy").articles[1]
    assert article.tags == ["信息技术"]
    assert article.title == "英国政府投资超 11 亿英镑促进人才培养"
    assert article.source_urls == [
        "https://www.gov.uk/government/news/thousands-more-to-train-in-future-tech-like-ai-as-"
        "government-unveils-over-11-billion-package-to-skill-up-uk"
    ]
    assert article.original_title == (
        "Thousands more to train in future tech like AI as government unveils over £1.1 billion "
        "package to skill-up UK"
    )


def test_paragraphs_are_reflowed_without_spaces_between_chinese() -> None:
    first = parsed("2024-03-jiwei-microelectronics").articles[0]
    assert first.body.startswith(
        "2024年 3月 15日，美国白宫科技政策办公室（OSTP）发布《国家微电子研究"
    )
    assert "### 一、促进并加速未来微电子技术研究进展的关键目标及行动" in first.body
    assert "\n\n1. 新功能或功能增强材料\n\n" in first.body
    # A Latin word broken at a line end keeps its space; a short item heading ends its paragraph.
    chips = parsed("2024-07-jiwei-chips").articles
    assert "罗伯特·加弗里克（Robert Garverick）宣布" in chips[5].body
    assert "\n\n（3）ReCreateIt\n\n" in parsed("2024-08-chips-act-review").articles[1].body


def test_wrapped_titles_are_joined() -> None:
    article = parsed("2024-07-jiwei-chips").articles[22]
    assert article.title == (
        "美国商务部拟投资 670万美元资助 Rogue Valley Microdevices公司开展 MEMS和传感器代工设施建设"
    )


def test_dates_are_iso_in_first_mention_order_and_issue_date_is_inferred() -> None:
    issue = parsed("2024-07-jiwei-chips")
    assert issue.articles[8].dates == ["2024-06-21", "2023-08-09", "2024-08-04"]
    # 2024-08-04 is a comment deadline; the newest news is of 2024-07-17 (tests/test_news_dates).
    assert issue.issue.date == "2024-07-17"
    assert issue.issue.date_inferred is True


def test_running_header_becomes_the_publication() -> None:
    assert parsed("2024-03-jiwei-microelectronics").issue.publication == "集微技术信息简报"


HAND_TYPED = """专题

美 CHIPS 法案两年成果回顾

编者按：8 月 9 日，美国白宫发布《芯片与科学法案》两周年成果回顾。

美国商务部已与 15 家公司达成初步协议，
已经承诺提供超过 300 亿美元的补贴。

目前，美国已与全球五大顶尖的逻辑芯片供应商达成初步协议。

（董金鑫）

项目资助

美 DOC 投资 4.5 亿美元增强先进 AI 供应链安全

2024年8月6日，美国商务部（DOC）和 SK 海力士公司签署了一份初步
条款备忘录（PMT），将向其提供高达 4.5 亿美元的拟议资金。

（袁 洁）
"""


def test_hand_typed_text_with_blank_line_paragraphs() -> None:
    from pathlib import Path

    from briefgen.ingest.text import parse_text

    first, second = parse_text(HAND_TYPED, Path("hand.txt")).articles
    assert (first.section, first.title, first.authors) == (
        "专题",
        "美 CHIPS 法案两年成果回顾",
        ["董金鑫"],
    )
    assert first.editor_note == "8 月 9 日，美国白宫发布《芯片与科学法案》两周年成果回顾。"
    assert first.body.split("\n\n") == [
        "美国商务部已与 15 家公司达成初步协议，已经承诺提供超过 300 亿美元的补贴。",
        "目前，美国已与全球五大顶尖的逻辑芯片供应商达成初步协议。",
    ]
    assert (second.section, second.authors, second.dates) == ("项目资助", ["袁洁"], ["2024-08-06"])
    assert "签署了一份初步条款备忘录（PMT）" in second.body


def test_a_figure_caption_becomes_a_figure_placeholder() -> None:
    article = next(
        a
        for a in parsed("2024-01-jiwei-semiconductors").articles
        if "全球新建半导体晶圆厂数" in a.body
    )
    assert "\n\n![图 1 全球新建半导体晶圆厂数]()\n\n" in article.body
    html = render_markdown(article.body, set())
    assert (
        '<figure id="p-4" class="figure-missing">'  # the body's fourth block keeps its anchor
        '<span class="figure-box" aria-hidden="true">▨</span>'
        "<figcaption>图 1 全球新建半导体晶圆厂数</figcaption></figure>"
    ) in html
    assert "图 1 全球新建半导体晶圆厂数" in plain_text(article.body, limit=10**6)
    assert "![" not in plain_text(article.body, limit=10**6)
    # "如图 1 所示" in a sentence is no caption.
    assert all("![" not in p or p.startswith("![图") for p in article.body.split("\n\n"))
