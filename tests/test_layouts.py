"""House layouts are data: each seed is read in its layout, and another layout is one entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.errors import ParseError
from briefgen.ingest.layouts import KNOWN, LAYOUTS, Layout, LayoutSet, Notes, section_name
from briefgen.ingest.text import parse_text
from conftest import BRIEFINGS, parsed

SEED = "2024-01-jiwei-semiconductors"

#: A layout briefgen does not ship: articles end with a label "执笔人 沈湘 王丽".
LABELLED = Layout(
    name="labelled",
    description="labels: articles end with '执笔人 沈湘 王丽'",
    attribution=re.compile(r"^执笔人\s+(?P<names>[\u4e00-\u9fff·][\u4e00-\u9fff·\s、]{0,30})$"),
    notes=Notes.PAGE_BOTTOM_PER_PAGE,
)


def _labelled() -> str:
    source = (BRIEFINGS / SEED / "source.txt").read_text(encoding="utf-8")
    return re.sub(r"[（(]执笔：([^）)]*)[）)]", r"执笔人 \1", source)


@pytest.mark.parametrize(
    ("issue", "layout"),
    [
        ("2024-01-jiwei-semiconductors", "jiwei"),
        ("2024-03-jiwei-microelectronics", "jiwei"),
        ("2024-07-jiwei-chips", "jiwei"),
        ("2024-03-casdc-tech-policy", "casdc"),
        ("2024-08-chips-act-review", "topical"),
    ],
)
def test_each_seed_is_read_in_its_house_layout(issue: str, layout: str) -> None:
    assert parsed(issue).issue.layout == layout
    assert layout in {entry.name for entry in LAYOUTS}


def test_an_unknown_layout_says_what_it_found_on_the_first_pages() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text(_labelled(), Path("labelled.txt"))
    message = str(caught.value)
    assert message.startswith("labelled.txt:1: no article found")
    for description in (layout.description for layout in LAYOUTS):
        assert description in message
    # The first article's title, the byline that did not match, and the page's footnotes.
    assert "line 3 '荷兰政府撤销 ASML部分 DUV光刻机出口许可证'" in message
    assert "author lines: line 31 '执笔人 沈湘 王丽'" in message
    assert "footnotes: 3 on page 1" in message


def test_another_layout_is_one_entry() -> None:
    fifth = LayoutSet((*KNOWN.layouts, LABELLED))
    articles = parse_text(_labelled(), Path("labelled.txt"), fifth)
    assert articles.layout is LABELLED
    expected = parsed(SEED).articles
    assert [(a.title, a.authors) for a in articles.articles] == [
        (a.title, a.authors) for a in expected
    ]
    assert [a.footnotes for a in articles.articles] == [a.footnotes for a in expected]
    assert [a.body for a in articles.articles] == [a.body for a in expected]


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("政策计划", "政策计划"),
        ("专  题", "专题"),
        ("一、政策计划", "政策计划"),
        ("（二）产业洞察", "产业洞察"),
        ("01 前沿研究", "前沿研究"),
        ("【政策计划】", "政策计划"),
        ("◆ 产业洞察", "产业洞察"),
        ("■■ 专题", "专题"),
        # Numbered headings inside an article, a sentence, a year: no section's names.
        ("一、当前美国政府参与半导体和微电子标准制定相关的组织", None),
        ("政策计划。", None),
        ("2024年", None),
    ],
)
def test_a_section_heading_names_its_section_without_its_number_or_mark(
    heading: str, name: str | None
) -> None:
    assert section_name(heading) == name


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("（张三 编译）", ["张三"]),  # a role word among names names no one
        ("（吴 文 涛）", ["吴文涛"]),  # but a single 文 is a letter-spaced name's
        ("（李 文）", ["李文"]),
        ("（撰稿：张三 审核：李四）", ["张三"]),  # the reviewer is no author
    ],
)
def test_role_words_among_names(line: str, names: list[str]) -> None:
    found = KNOWN.attribution(line)
    assert found is not None and found.names == names
