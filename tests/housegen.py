"""Issues printed as houses the declared layouts do not describe would print them, for the
tests of other houses' conventions: the seeds' HTML (htmlgen.py) with its author lines,
section headings and titles set otherwise, or written anew citing sources in brackets.
Printed by WeasyPrint (``render``)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import htmlgen
import pdfgen
from briefgen.records import Article, Issue
from producers import MASTHEAD


def render(html: str, out: Path) -> None:
    """Print ``html`` with WeasyPrint, imported here: a print is made only when the PDF cache
    lacks it (see htmlgen.render_weasyprint)."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(out))


#: How other houses end an article, as a byline: what each writes around the names.
BYLINES = [
    "（编辑：{}）",
    "编译：{}",
    "文/{}",
    "（撰稿人：{}）",
    "（撰稿：{} 审核：李明）",
    "——{}",
]


def bylined_html(issue: Issue, seed: int) -> str:
    """The issue's HTML with each author line in one of ``BYLINES``, drawn under ``seed``."""
    rng = random.Random(seed)
    html = htmlgen.issue_html(
        issue, htmlgen.layout_for(issue.issue.id, "weasyprint", seed), MASTHEAD
    )

    def byline(match: re.Match[str]) -> str:
        names = match.group(1).removeprefix("执笔：")
        return f'<p class="author">{rng.choice(BYLINES).format(names)}</p>'

    return re.sub(r'<p class="author">[（(]([^）)]*)[）)]</p>', byline, html)


_NUMERALS = "一二三四五六七八九十"


def decorated_html(issue: Issue, mark: str, seed: int) -> str:
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


def numbered_html(issue: Issue, number: str, dateline: str) -> str:
    """The issue's HTML with its titles numbered through the issue and ``dateline`` under
    each."""
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", 12)
    count = iter(range(1, 100))

    def numbered(title: re.Match[str]) -> str:
        heading = f"<h2>{number.format(next(count))}{title.group(1)}</h2>"
        return f'{heading}<p class="plain">{dateline}</p>'

    return re.sub(r"<h2>([^<]*)</h2>", numbered, htmlgen.issue_html(issue, layout, MASTHEAD))


def small_bylines_html(issue: Issue) -> str:
    """The issue's HTML with each author line moved under its title, set small with the
    authors' institution: 沈湘 王丽 / 中国科学院成都文献情报中心."""
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", 12)
    style = f"font-size:{layout.note}pt;text-indent:0;text-align:center"

    def byline(ending: re.Match[str]) -> tuple[str, bool]:
        return f'<p style="{style}">{ending.group(1)} / 中国科学院成都文献情报中心</p>', True

    return _bylined_under_titles(htmlgen.issue_html(issue, layout, MASTHEAD), byline)


#: Headings of an article's parts, as longer articles number them.
PART_HEADINGS = {
    "bracketed": ["（一）背景", "（二）主要内容"],
    "listed": ["1. 背景", "2. 主要进展"],
}


def parted_html(issue: Issue, numbers: str, size: str) -> str:
    """The issue's HTML with two numbered part headings (PART_HEADINGS[numbers]) in every
    article of four paragraphs or more, before its second and fourth, set bold at the titles'
    size (``size`` "title") or halfway between the text's and theirs ("between")."""
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", 12)
    points = layout.title if size == "title" else (layout.body + layout.title) / 2
    css = f"h3 {{ font-size: {points}pt; font-weight: bold; margin: 0.6em 0 0.3em }}"
    html = htmlgen.issue_html(issue, layout, MASTHEAD).replace("</style>", css + "</style>", 1)

    def parted(article: str) -> str:
        if article.startswith("<h2>") or article.count("<p>") < 4:
            return article
        paragraphs = iter(range(1, 100))
        headings = iter(PART_HEADINGS[numbers])

        def opening(_: re.Match[str]) -> str:
            return f"<h3>{next(headings)}</h3><p>" if next(paragraphs) in (2, 4) else "<p>"

        return re.sub("<p>", opening, article)

    return "".join(parted(part) for part in re.split(r"(<h2>.*?</h2>)", html))


_CITED_CSS = """
@page { size: A4; margin: 22mm; @bottom-center { content: "- " counter(page) " -" } }
body { font-family: "Noto Serif CJK SC"; font-size: 10.5pt; line-height: 1.6 }
h1 { font-size: 17pt } h2 { font-size: 14pt }
p { margin: 0 0 0.2em; text-indent: 2em; text-align: justify }
p.author { text-align: right } p.plain, p.refs, p.entry { text-indent: 0; text-align: left }
"""


def cited_html(issue: Issue, at_end: bool) -> str:
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
