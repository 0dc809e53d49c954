"""Print an article whose body holds a table as a real HTML table, for the PDF tests.

The text of 2024-03-jiwei-microelectronics flattens 表 1 (the technology list, article a07)
into paragraphs: a header "关键与新兴技术 相应细分技术", then per technology its name and its
numbered sub-fields, on one line or two. Here they become table rows again, printed by
WeasyPrint with cell borders (or none), the way a publisher's PDF shows them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import htmlgen
from briefgen.records import Article, Issue
from pdfgen import Masthead, body_paragraphs

HEADER = ("关键与新兴技术", "相应细分技术")
_TABLE_CSS = (
    "table{border-collapse:collapse;width:100%;margin:0.4em 0 0.8em;font-size:0.9em}"
    "td,th{border:BORDER;padding:3pt 4pt;vertical-align:top;text-align:left}"
    "td:first-child,th:first-child{width:28%}"
)


def table_rows(article: Article) -> list[tuple[str, str]]:
    """(technology, sub-fields) pairs of the article's flattened table, in order."""
    paragraphs = body_paragraphs(article)
    start = paragraphs.index(" ".join(HEADER)) + 1
    rows: list[tuple[str, str]] = []
    pending = ""
    for text in paragraphs[start:]:
        if text.startswith("（1）") and pending:
            rows.append((pending, text))
            pending = ""
        elif "（1）" in text:
            name, _, rest = text.partition(" （1）")
            rows.append((name.strip(), "（1）" + rest))
        else:
            pending = text.strip()
    return rows


def _table_html(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{name}</td><td>{fields}</td></tr>" for name, fields in rows)
    return f"<table><tr><th>{HEADER[0]}</th><th>{HEADER[1]}</th></tr>{cells}</table>"


def render_table_article(
    issue: Issue, article_id: str, masthead: Masthead, out: Path, ruled: bool = True
) -> Path:
    """The one article printed with its table as a table (WeasyPrint, the seed's layout),
    with cell borders or, ``ruled=False``, only aligned in columns."""
    article = next(a for a in issue.articles if a.id == article_id)
    lay = replace(htmlgen.layout_for(issue.issue.id, "weasyprint"), small_captions=True)
    html = htmlgen.issue_html(replace(issue, articles=[article]), lay, masthead)
    head = f"<p>{HEADER[0]} {HEADER[1]}</p>"
    first, _, rest = html.partition(head)
    # The table runs from its header to the article's author line.
    _flattened, author, tail = re.split(r'(<p class="author">)', rest, maxsplit=1)
    html = first + _table_html(table_rows(article)) + author + tail
    css = _TABLE_CSS.replace("BORDER", "0.6pt solid #000" if ruled else "none")
    html = html.replace("</style>", css + "</style>", 1)
    # WeasyPrint only here, as in htmlgen.render_weasyprint: a print is made only when the PDF
    # cache lacks it, and the import cost every process that collects this module 0.6 s.
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(out))
    return out
