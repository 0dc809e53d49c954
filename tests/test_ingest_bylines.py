"""Author lines in text, where no type tells a byline from the body around it.

Other houses' bylines (作者：张三, 张三 / 某研究所, ——张三) are read, under a title or closing an
article, only where the houses' own author lines end none: in a house's issue a picture credit
"图片来源 / 新华社" is text. Bylines under the titles give each article its own names, a
dateline above them or not; a source line is never taken for the next title.
"""

from __future__ import annotations

from pathlib import Path

from briefgen.ingest.structure import Paragraph, find_articles
from briefgen.ingest.text import parse_text

BODY = "美国白宫发布国家量子计划，将在五年内投入十亿美元支持量子计算研究。"
MORE = "该计划还涉及人才培养与国际合作等多个方面，并设立专门的协调机构。"
TITLES = [
    "美国白宫发布新版国家量子计划",
    "欧盟理事会通过芯片法案修订案",
    "日本经济产业省发布半导体战略",
]


def _read(paragraphs: list[str]) -> list[tuple[str, list[str], str | None, str]]:
    text = "\n\n".join(p for p in paragraphs if p) + "\n"
    articles = parse_text(text, Path("x.txt")).articles
    return [(a.title, a.authors, a.date, a.body.split("\n\n")[0]) for a in articles]


def test_a_picture_credit_in_a_houses_issue_is_text() -> None:
    """Before, "图片来源 / 新华社" ended the article with the author "图片来源", and the next
    paragraph opened an article of its own."""
    paragraphs = ["政策计划"]
    credits = ["图片来源 / 新华社", "", ""]
    for title, who, credit in zip(TITLES, ["张三", "李四", "王五"], credits, strict=True):
        paragraphs += [title, BODY, credit, MORE, f"（执笔：{who}）"]
    got = _read(paragraphs)
    assert [(title, authors) for title, authors, _, _ in got] == [
        (TITLES[0], ["张三"]),
        (TITLES[1], ["李四"]),
        (TITLES[2], ["王五"]),
    ]


def test_bylines_under_the_titles_give_each_article_its_own_names() -> None:
    """Before, each byline after the first closed the article before it: every article had
    the next one's names, and the last none. A dateline above the byline is the date."""
    for dateline in ("", "2024年7月12日"):
        paragraphs = ["政策计划"]
        for title, who in zip(TITLES, ["张三", "李四", "王五"], strict=True):
            paragraphs += [title, dateline, f"作者：{who}　审核：赵六", BODY, MORE]
        got = _read(paragraphs)
        date = "2024-07-12" if dateline else None
        assert got == [
            (TITLES[0], ["张三"], date, BODY),
            (TITLES[1], ["李四"], date, BODY),
            (TITLES[2], ["王五"], date, BODY),
        ], dateline


def test_a_source_line_before_an_author_line_is_no_title() -> None:
    """pdftotext reads a right-aligned author line after the next title, and the line before
    it is taken for that title: never a source line ("信息来源：…"), which a next title
    long enough to read as text made one before."""
    title = (
        "美国国家科学基金会宣布投入两亿美元建设国家人工智能研究资源试点\n"
        "并联合多家企业与高校提供算力数据与人才支持以推动负责任创新发展"
    )
    text = (
        "量子科技\n美国能源部资助量子计算应用研究\n"
        "美国能源部宣布资助 12 个量子计算应用研究项目，总金额 6500 万美元，覆盖化学、材料和\n"
        "流体力学等领域。\n信息来源：美国能源部官网\n（沈湘 王丽）\n"
        f"{title}\n"
        "美国国家科学基金会当地时间周四宣布，将联合多家企业建设国家人工智能研究资源试点，首批\n"
        "向研究人员开放算力与数据。\n（于杰平）\n- 1 -\n\f"
    )
    first, second = parse_text(text, Path("x.txt")).articles
    assert first.authors == ["沈湘", "王丽"] and first.body.endswith("信息来源：美国能源部官网")
    assert second.title == title.replace("\n", "") and second.authors == ["于杰平"]


def test_in_a_pdf_a_short_last_paragraph_before_the_author_line_stays_in_the_body() -> None:
    """Where the type told the titles (a PDF's paragraphs carry roles), no title hides in a
    body: before, in an issue whose bylines stand under the titles, an article's short last
    paragraph before its closing author line was taken for the next article's title."""
    roles = [
        ("title", TITLES[0]),
        ("body", "作者：张三　审核：赵六"),
        ("body", BODY),
        ("body", "美国能源部相关人士介绍"),
        ("body", "（执笔：张三）"),
        ("title", TITLES[1]),
        ("body", "作者：李四"),
        ("body", MORE),
        ("body", "（执笔：李四）"),
    ]
    paragraphs = [Paragraph(text, k + 1, k + 1, role) for k, (role, text) in enumerate(roles)]
    first, second = find_articles(paragraphs)
    assert (first.title, first.authors) == (TITLES[0], ["张三"])
    assert [p.text for p in first.body] == [BODY, "美国能源部相关人士介绍"]
    assert (second.title, second.authors) == (TITLES[1], ["李四"])
