"""PDF issues from a house none of the declared layouts describes.

A research centre whose articles end with no author line briefgen knows (or none at all) was
refused whole as "unknown layout", although the type told every title apart. Now such an issue
is read by its titles' type: the articles, their sections, bodies and notes as printed, the
authors left for the editor, and one warning that says so.
"""

from __future__ import annotations

import logging
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import htmlgen
import pdfgen
from briefgen.ingest import parse_issue
from briefgen.records import Article, Issue
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD


def _without_authors(issue: Issue) -> Issue:
    """The issue as a house that prints no author line would: no names, no 供稿自 block."""
    articles = [replace(a, authors=[], source_urls=[], original_title=None) for a in issue.articles]
    return replace(issue, articles=articles)


def _print(issue: Issue, name: str, seed: int) -> Path:
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", seed)
    return printed_once(
        name,
        ("htmlgen.py", "pdfgen.py"),
        issue,
        (seed, MASTHEAD),
        lambda path: htmlgen.render_weasyprint(issue, layout, MASTHEAD, path),
    )


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("issue_id", ["2024-01-jiwei-semiconductors", "2024-08-chips-act-review"])
def test_an_issue_with_no_author_lines_is_read_by_its_titles_type(
    issue_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    issue = _without_authors(parsed(issue_id))
    pdf = _print(issue, f"{issue_id}-no-authors", 12)
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        got = parse_issue(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    assert got.issue.layout == "headings"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    told = [w for w in warnings if "no article ends with an author line" in w]
    assert len(told) == 1 and str(pdf) in told[0], warnings
    assert not [w for w in warnings if "has no author line" in w]


#: How other houses end an article, as a byline: what each writes around the names.
BYLINES = [
    "（编辑：{}）",
    "编译：{}",
    "文/{}",
    "（撰稿人：{}）",
    "（撰稿：{} 审核：李明）",
    "——{}",
    "（{} 编译）",
]


def _bylined_html(issue: Issue, seed: int) -> str:
    """The issue's HTML with each author line in one of ``BYLINES``, drawn under ``seed``."""
    rng = random.Random(seed)
    html = htmlgen.issue_html(
        issue, htmlgen.layout_for(issue.issue.id, "weasyprint", seed), MASTHEAD
    )

    def byline(match: re.Match[str]) -> str:
        names = match.group(1).removeprefix("执笔：")
        return f'<p class="author">{rng.choice(BYLINES).format(names)}</p>'

    return re.sub(r'<p class="author">[（(]([^）)]*)[）)]</p>', byline, html)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("issue_id", ["2024-01-jiwei-semiconductors", "2024-08-chips-act-review"])
def test_bylines_in_other_words_give_the_authors_and_stay_out_of_the_body(issue_id: str) -> None:
    """Before, the names were lost and each byline ended its article's body."""
    issue = parsed(issue_id)

    def make(path: Path) -> None:
        from weasyprint import HTML  # only when the print is not cached: see htmlgen

        HTML(string=_bylined_html(issue, 5)).write_pdf(str(path))

    code = ("htmlgen.py", "test_ingest_pdf_other_houses.py")  # BYLINES are here
    pdf = printed_once(f"{issue_id}-bylines", code, issue, (5, MASTHEAD), make)
    got = parse_issue(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    assert got.issue.layout == "byline"


_NUMERALS = "一二三四五六七八九十"


def _decorated_html(issue: Issue, mark: str, seed: int) -> str:
    """The issue's HTML with its section headings decorated by ``mark`` and a byline under
    each title that has authors (作者：… 审核：…), its closing author line kept or dropped at
    random."""
    rng = random.Random(seed)
    html = htmlgen.issue_html(
        issue, htmlgen.layout_for(issue.issue.id, "weasyprint", seed), MASTHEAD
    )
    count = iter(_NUMERALS)
    html = re.sub(
        r"<h1>([^<]*)</h1>",
        lambda m: f"<h1>{mark.format(n=next(count), name=m.group(1))}</h1>",
        html,
    )

    def byline(ending: re.Match[str]) -> tuple[str, bool]:
        return f'<p class="plain">作者：{ending.group(1)}　审核：李明</p>', rng.random() < 0.5

    return _bylined_under_titles(html, byline)


def _bylined_under_titles(html: str, byline: Callable[[re.Match[str]], tuple[str, bool]]) -> str:
    """``html`` with a byline under each title whose article has an author line: ``byline``
    gives it from the author line's match, and whether the author line goes."""
    head, *articles = html.split("<h2>")
    out = [head]
    for chunk in articles:
        ending = re.search(r'<p class="author">[（(](?:执笔：)?([^）)]*)[）)]</p>', chunk)
        if ending is not None:
            line, moved = byline(ending)
            chunk = chunk.replace(ending.group(0), "") if moved else chunk
            chunk = chunk.replace("</h2>", "</h2>" + line, 1)
        out.append(chunk)
    return "<h2>".join(out)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize(
    ("issue_id", "mark"),
    [
        ("2024-03-jiwei-microelectronics", "{n}、{name}"),
        ("2024-01-jiwei-semiconductors", "【{name}】"),
    ],
)
def test_decorated_sections_and_bylines_under_titles_read_as_names_and_authors(
    issue_id: str, mark: str
) -> None:
    """Before, each decorated section heading ("一、政策计划") opened an empty article and
    the section was lost; a byline under a title was the body's first paragraph."""
    issue = parsed(issue_id)

    def make(path: Path) -> None:
        from weasyprint import HTML  # only when the print is not cached: see htmlgen

        HTML(string=_decorated_html(issue, mark, 3)).write_pdf(str(path))

    code = ("htmlgen.py", "test_ingest_pdf_other_houses.py")
    pdf = printed_once(f"{issue_id}-decorated", code, issue, (mark, MASTHEAD), make)
    got = parse_issue(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]


def _numbered_html(issue: Issue, number: str, dateline: str) -> str:
    """The issue's HTML with its titles numbered through the issue and ``dateline`` under
    each."""
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", 12)
    count = iter(range(1, 100))

    def numbered(title: re.Match[str]) -> str:
        heading = f"<h2>{number.format(next(count))}{title.group(1)}</h2>"
        return f'{heading}<p class="plain">{dateline}</p>'

    return re.sub(r"<h2>([^<]*)</h2>", numbered, htmlgen.issue_html(issue, layout, MASTHEAD))


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize(
    ("issue_id", "number"),
    [("2024-03-casdc-tech-policy", "{}. "), ("2024-08-chips-act-review", "{:02d} ")],
)
def test_numbered_titles_and_a_dateline_under_each(issue_id: str, number: str) -> None:
    """The numbers come off the titles (and the tags after them are read); the dateline is
    the article's date, not a paragraph of its body. Before, "01 美 CHIPS 法案…" was the
    title, "[半导体]" stayed in it, and "2024-03-15" opened every body."""
    issue = parsed(issue_id)

    def make(path: Path) -> None:
        from weasyprint import HTML  # only when the print is not cached: see htmlgen

        HTML(string=_numbered_html(issue, number, "2024-03-15")).write_pdf(str(path))

    code = ("htmlgen.py", "test_ingest_pdf_other_houses.py")
    pdf = printed_once(f"{issue_id}-numbered", code, issue, (number, MASTHEAD), make)
    got = parse_issue(pdf).articles
    # NFKC: the test prints set Ga₂O₃ as "Ga2O3" (pdfgen.body_paragraphs).
    assert [_folded(a) for a in got] == [_folded(a) for a in issue.articles]
    assert [a.tags for a in got] == [a.tags for a in issue.articles]
    assert {a.date for a in got} == {"2024-03-15"}


def _folded(article: Article) -> tuple[object, ...]:
    return tuple(unicodedata.normalize("NFKC", str(field)) for field in _record(article))


def _small_bylines_html(issue: Issue) -> str:
    """The issue's HTML with each author line moved under its title, set small with the
    authors' institution: 沈湘 王丽 / 中国科学院成都文献情报中心."""
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", 12)
    style = f"font-size:{layout.note}pt;text-indent:0;text-align:center"

    def byline(ending: re.Match[str]) -> tuple[str, bool]:
        return f'<p style="{style}">{ending.group(1)} / 中国科学院成都文献情报中心</p>', True

    return _bylined_under_titles(htmlgen.issue_html(issue, layout, MASTHEAD), byline)


@pytest.mark.slow  # prints a PDF with WeasyPrint (cached between runs)
def test_a_small_byline_under_each_title_gives_the_authors() -> None:
    """Before, the byline rows, set in the notes' size, were read as notes: glued onto the
    page's footnotes ("…and沈湘 王丽 / 中国科学院…"), the authors lost."""
    issue = parsed("2024-07-jiwei-chips")

    def make(path: Path) -> None:
        from weasyprint import HTML  # only when the print is not cached: see htmlgen

        HTML(string=_small_bylines_html(issue)).write_pdf(str(path))

    code = ("htmlgen.py", "test_ingest_pdf_other_houses.py")
    pdf = printed_once("2024-07-jiwei-chips-small-bylines", code, issue, MASTHEAD, make)
    got = parse_issue(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    notes = [note.title or "" for a in got.articles for note in a.footnotes]
    assert not [title for title in notes if "文献情报中心" in title]


_CITED_CSS = """
@page { size: A4; margin: 22mm; @bottom-center { content: "- " counter(page) " -" } }
body { font-family: "Noto Serif CJK SC"; font-size: 10.5pt; line-height: 1.6 }
h1 { font-size: 17pt } h2 { font-size: 14pt }
p { margin: 0 0 0.2em; text-indent: 2em; text-align: justify }
p.author { text-align: right } p.plain, p.refs, p.entry { text-indent: 0; text-align: left }
"""


def _cited_html(issue: Issue, at_end: bool) -> str:
    """The issue as a house that cites as papers do: bracketed numbers at the text's size,
    the sources under 参考文献 after each article, or under 参考资料 at the issue's end,
    numbered through it."""
    parts = ['<p class="plain">信息科技快报</p>']
    listed: list[str] = []
    section = None
    for article in issue.articles:
        if article.section != section:
            section = article.section
            parts.append(f"<h1>{section}</h1>")
        parts.append(f"<h2>{article.title}</h2>")
        paragraphs, entries = _cited(article, len(listed) if at_end else 0)
        parts += [f"<p>{text}</p>" for text in paragraphs]
        if article.authors:
            parts.append(f'<p class="author">（执笔：{" ".join(article.authors)}）</p>')
        listed += entries
        if entries and not at_end:
            parts.append('<p class="refs">参考文献</p>')
            parts += [f'<p class="entry">{entry}</p>' for entry in entries]
    if at_end:
        parts.append('<p class="refs">参考资料</p>')
        parts += [f'<p class="entry">{entry}</p>' for entry in listed]
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_CITED_CSS}'
        f"</style></head><body>{''.join(parts)}</body></html>"
    )


def _cited(article: Article, before: int) -> tuple[list[str], list[str]]:
    """The article's paragraphs citing "[n]", numbered on from ``before``, and its sources."""
    numbers: dict[int, int] = {}

    def cite(marker: re.Match[str]) -> str:
        return f"[{numbers.setdefault(int(marker.group(1)), before + len(numbers) + 1)}]"

    paragraphs = [re.sub(r"\[\^(\d+)\]", cite, p) for p in pdfgen.body_paragraphs(article)]
    urls = {note.n: note.url for note in article.footnotes}
    return paragraphs, [f"[{numbers[n]}] {urls[n]}" for n in sorted(numbers, key=numbers.get)]


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("at_end", [False, True], ids=["after-each-article", "at-the-issue-end"])
def test_bracketed_citations_link_to_the_sources_listed_under_them(
    at_end: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """Before, "[1]" stayed in the text as "\\[[^1]\\]" or "\\[1\\]", each article's sources
    went to the article after it, and a list at the issue's end went to its last article
    (and its page of addresses was taken for a misread font)."""
    issue = parsed("2024-03-jiwei-microelectronics")

    def make(path: Path) -> None:
        from weasyprint import HTML  # only when the print is not cached: see htmlgen

        HTML(string=_cited_html(issue, at_end)).write_pdf(str(path))

    code = ("pdfgen.py", "test_ingest_pdf_other_houses.py")
    pdf = printed_once(f"2024-03-jiwei-microelectronics-cited-{at_end}", code, issue, at_end, make)
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        got = parse_issue(pdf).articles
    assert [_record(a) for a in got] == [_record(a) for a in issue.articles]
    assert "hardly any Chinese" not in caplog.text
