"""Print an issue with a table of contents (目录) after its masthead, for the PDF tests.

Publishers open an issue with its contents: a row per article with its title and page, the
section names between. The styles differ in what tells an entry from text:

- ``leaders``: dot leaders to the real page number (WeasyPrint's ``leader()`` and
  ``target-counter()``), sections in body size;
- ``right``: the page number at the right margin, no leaders (a flex row), as a table would be;
- ``titles``: titles only, no page numbers, section names in the articles' title size;
- ``wrapped``: leaders in a column half the text's width, so long titles wrap onto a second
  row, section names in the sections' size.

The issue's pages are WeasyPrint's layout of htmlgen, the contents on a page of their own.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import htmlgen
from briefgen.records import Issue
from pdfgen import Masthead

STYLES = ("leaders", "right", "titles", "wrapped")

_CSS = """
.toc { page-break-after: always } .toc p { text-indent: 0; text-align: left; margin: 0.25em 0 }
.toc .head { font-size: 16pt; text-align: center; font-weight: bold; margin-bottom: 0.8em }
.toc .section { font-weight: bold } .toc a { color: black; text-decoration: none }
"""
_STYLE_CSS = {
    "leaders": ".toc a::after { content: leader('.') target-counter(attr(href), page) }",
    "right": ".toc p.entry { display: flex; justify-content: space-between }",
    "titles": ".toc .section { font-size: {title}pt }",
    "wrapped": ".toc a::after { content: leader('.') target-counter(attr(href), page) }"
    " .toc { width: 50% } .toc .section { font-size: {section}pt }",
}


def _contents(issue: Issue, style: str) -> str:
    rows = ['<div class="toc"><p class="head">目　录</p>']
    section = None
    for k, article in enumerate(issue.articles):
        if article.section and article.section != section:
            section = article.section
            rows.append(f'<p class="section">{escape(section)}</p>')
        title = escape(article.title)
        if style == "right":  # page numbers as a publisher's template guesses them
            rows.append(f'<p class="entry"><span>{title}</span><span>{2 + k // 3}</span></p>')
        elif style == "titles":
            rows.append(f'<p class="entry">{title}</p>')
        else:
            rows.append(f'<p class="entry"><a href="#article-{k}">{title}</a></p>')
    return "".join(rows) + "</div>"


def contents_html(issue: Issue, style: str, masthead: Masthead) -> str:
    """The issue's HTML (htmlgen, WeasyPrint's layout) with its contents after the masthead."""
    lay = htmlgen.layout_for(issue.issue.id, "weasyprint")
    html = htmlgen.issue_html(issue, lay, masthead)
    numbers = iter(range(len(issue.articles)))
    html = re.sub("<h2>", lambda _: f'<h2 id="article-{next(numbers)}">', html)
    masthead_end = html.index("</p>", html.index('<p class="plain">')) + len("</p>")
    html = html[:masthead_end] + _contents(issue, style) + html[masthead_end:]
    sizes = _STYLE_CSS[style].replace("{section}", str(lay.section))
    css = _CSS + sizes.replace("{title}", str(lay.title))
    return html.replace("</style>", css + "</style>", 1)


def render_contents_issue(issue: Issue, style: str, masthead: Masthead, out: Path) -> Path:
    # Imported here as in htmlgen.render_weasyprint: a print is made only when the PDF cache
    # lacks it, and the import costs every process that collects the tests 0.6 s.
    from weasyprint import HTML

    HTML(string=contents_html(issue, style, masthead)).write_pdf(str(out))
    return out
