"""The masthead and contents at the start of an issue's text are not read as articles.

Text extracted from a whole issue opens with its first page: the publication, the issue number
and date, often the contents (目录). Before, the first of those lines became a title that
swallowed the real first article. Here each seed issue's text is given such an opening, in the
seeds' own extracted form (a line per line, a blank line after each, a trailing space where a
paragraph ends), and must parse to the same articles; the masthead names the issue. So must a
colophon (主办：… 主编：…) under the masthead or ending the text, which names the publisher;
before, a closing one ran on as the last footnote's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.ingest import parse_issue
from briefgen.ingest.colophon import colophons, publisher
from briefgen.records import Issue
from conftest import SEED_IDS, parsed

BRIEFINGS = Path(__file__).resolve().parent.parent / "briefings"


def _paragraph(*lines: str) -> list[str]:
    """One paragraph as the seeds' extractor writes it: its last line ends in a space."""
    return [*lines[:-1], f"{lines[-1]} "]


def _contents(issue: Issue, style: str) -> list[list[str]]:
    out = [_paragraph(" 目  录")]
    section = None
    for k, article in enumerate(issue.articles):
        if article.section and article.section != section:
            section = article.section
            out.append(_paragraph(section))
        page = 2 + k // 3
        if style == "leaders":
            out.append(_paragraph(f"{article.title}{'.' * 12}{page}"))
        elif style == "spaced":  # pdftotext -layout: the number after a run of spaces
            out.append(_paragraph(f"{article.title}      {page}"))
        elif style == "wrapped":  # long titles wrap; the page number ends the second line
            head, tail = article.title[:14], article.title[14:]
            lines = (head, f"{tail}……………{page}") if tail else (f"{head}……………{page}",)
            out.append(_paragraph(*lines))
        else:  # titles only
            out.append(_paragraph(article.title))
    return out


MASTHEADS = {
    "two lines": ([" 信息科技快报", "2024年第7期"], ("信息科技快报", "7", None)),
    "one line": (["信息科技快报 2024年第7期 2024年7月15日"], ("信息科技快报", "7", "2024-07-15")),
    "date below": (
        [" 信息科技快报", "2024年第7期（总第132期）", "2024年7月15日"],
        ("信息科技快报", "7", "2024-07-15"),
    ),
}


def _with_opening(issue_id: str, masthead: list[str], contents: str | None) -> str:
    paragraphs = [_paragraph(line) for line in masthead]
    if contents:
        paragraphs += _contents(parsed(issue_id), contents)
    lines = [line for paragraph in paragraphs for line in paragraph]
    opening = "".join(f"{line}\n\n" for line in lines)
    return opening + (BRIEFINGS / issue_id / "source.txt").read_text(encoding="utf-8")


def _records(issue: Issue) -> list[tuple[object, ...]]:
    return [
        (a.section, a.title, a.authors, a.body, [(n.url, n.title) for n in a.footnotes])
        for a in issue.articles
    ]


@pytest.mark.parametrize("masthead", sorted(MASTHEADS))
@pytest.mark.parametrize("contents", [None, "leaders", "spaced", "wrapped", "titles"])
@pytest.mark.parametrize("issue_id", ["2024-07-jiwei-chips", "2024-03-casdc-tech-policy"])
def test_an_opening_masthead_and_contents_leave_the_articles_as_they_are(
    tmp_path: Path, issue_id: str, masthead: str, contents: str | None
) -> None:
    lines, (publication, number, date) = MASTHEADS[masthead]
    source = tmp_path / f"{issue_id}.txt"
    source.write_text(_with_opening(issue_id, lines, contents), encoding="utf-8")
    issue = parse_issue(source)
    assert _records(issue) == _records(parsed(issue_id))
    meta = issue.issue
    assert (meta.publication, meta.publication_from) == (publication, "text masthead")
    assert (meta.number, meta.number_from) == (number, "text masthead")
    if date:
        assert (meta.date, meta.date_from) == (date, "text masthead")


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_a_seed_that_opens_with_its_first_section_has_no_masthead(issue_id: str) -> None:
    assert "text masthead" not in (
        parsed(issue_id).issue.publication_from,
        parsed(issue_id).issue.number_from,
        parsed(issue_id).issue.date_from,
    )


COLOPHON = [
    "主办：中国科学院文献情报中心　　编辑出版：《信息科技快报》编辑部",
    "主　编：王丽　　责任编辑：沈湘　董金鑫",
    "地址：北京市海淀区北四环西路33号　邮编：100190",
    "电话：010-82626611　　邮箱：kjkb@mail.las.ac.cn",
]


@pytest.mark.parametrize("where", ["cover", "end"])
@pytest.mark.parametrize("issue_id", ["2024-07-jiwei-chips", "2024-08-chips-act-review"])
def test_a_colophon_under_the_masthead_or_ending_the_text_names_the_publisher(
    tmp_path: Path, issue_id: str, where: str
) -> None:
    colophon = "".join(f"{line} \n\n" for line in COLOPHON)
    masthead = [" 信息科技快报", "2024年第7期"]
    text = _with_opening(issue_id, masthead, None)
    if where == "cover":
        opening = "".join(f"{line} \n\n" for line in masthead)
        text = opening + colophon + text[len(opening) :]
    else:
        text += "\n" + colophon
    source = tmp_path / f"{issue_id}.txt"
    source.write_text(text, encoding="utf-8")
    issue = parse_issue(source)
    assert _records(issue) == _records(parsed(issue_id))
    meta = issue.issue
    assert (meta.publisher, meta.publisher_from) == ("中国科学院文献情报中心", "text masthead")
    assert (meta.publication, meta.number) == ("信息科技快报", "7")


def test_one_labelled_line_in_an_article_is_no_colophon() -> None:
    """An article may print one contact line; a colophon has two items at least."""
    texts = ["申报截止日期为2024年8月4日。", "联系人：张三", "项目将于年底公布评审结果。"]
    assert colophons(texts) == []
    assert colophons([*texts, *COLOPHON[2:]]) == [range(3, 5)]
    assert colophons(["联系人：张三　电话：010-82626611"]) == [range(0, 1)]


def test_a_colophon_in_other_publishers_words_is_one_with_its_notices() -> None:
    """Labels with a prefix or suffix (主办单位, 联系地址, 邮政编码, 投稿邮箱) and a notice
    line (内部资料 免费交流): before, only two lines of six were the colophon's, the rest ended
    the last note."""
    texts = [
        "文章结束。",
        "内部资料 免费交流",
        "主办单位：中国科学院文献情报中心",
        "编辑出版：《信息科技快报》编辑部",
        "联系地址：北京市海淀区北四环西路33号 邮政编码：100190",
        "联系电话：010-82626611 投稿邮箱：kjkb@mail.las.ac.cn",
    ]
    assert colophons(texts) == [range(1, 6)]
    assert publisher(texts) == "中国科学院文献情报中心"
    assert colophons(["内部资料", "注意保存"]) == []  # notices alone are no colophon
