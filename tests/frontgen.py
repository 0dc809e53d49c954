"""Print an issue with front and back matter: a table of contents (目录), a colophon.

Publishers open an issue with its contents: a row per article with its title and page, the
section names between. The contents styles differ in what tells an entry from text:

- ``leaders``: dot leaders to the real page number (WeasyPrint's ``leader()`` and
  ``target-counter()``), sections in body size;
- ``right``: the page number at the right margin, no leaders (a flex row), as a table would be;
- ``titles``: titles only, no page numbers, section names in the articles' title size;
- ``wrapped``: leaders in a column half the text's width, so long titles wrap onto a second
  row, section names in the sections' size.

The colophon (主办：… 主编：… 地址：… 电话：…) stands under the masthead (``cover``, its first
two lines: with four, WeasyPrint printed jiwei-chips' note 24's marker but not the note) or after
the last article in the notes' size, above the last page's footnotes (``back``), or in the
body's size (``back-body``).

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
COLOPHONS = ("cover", "back", "back-body")
PUBLISHER = "中国科学院文献情报中心"

_COLOPHON = (
    f'<div style="margin-top: 2em; font-size: {{size}}pt"><p class="plain">主办：{PUBLISHER}'
    "　　　编辑出版：《信息科技快报》编辑部</p>"
    '<p class="plain">主　编：王丽　　　责任编辑：沈湘　董金鑫</p>'
    '<p class="plain">地址：北京市海淀区北四环西路33号　邮编：100190</p>'
    '<p class="plain">电话：010-82626611　　邮箱：kjkb@mail.las.ac.cn</p></div>'
)

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


def front_matter_html(issue: Issue, matter: str, masthead: Masthead) -> str:
    """The issue's HTML (htmlgen, WeasyPrint's layout) with contents in the style ``matter``
    after the masthead, or with a colophon where ``matter`` says."""
    lay = htmlgen.layout_for(issue.issue.id, "weasyprint")
    html = htmlgen.issue_html(issue, lay, masthead)
    numbers = iter(range(len(issue.articles)))
    html = re.sub("<h2>", lambda _: f'<h2 id="article-{next(numbers)}">', html)
    masthead_end = html.index("</p>", html.index('<p class="plain">')) + len("</p>")
    if matter in COLOPHONS:
        colophon = _COLOPHON.format(size=lay.note if matter == "back" else lay.body)
        if matter == "cover":  # its first two lines (four pushed WeasyPrint to drop a note)
            cover = colophon.split("<p")
            cover = "<p".join(cover[:3]) + "</div>"
            return html[:masthead_end] + cover + html[masthead_end:]
        return html.replace("</body>", colophon + "</body>")
    html = html[:masthead_end] + _contents(issue, matter) + html[masthead_end:]
    sizes = _STYLE_CSS[matter].replace("{section}", str(lay.section))
    css = _CSS + sizes.replace("{title}", str(lay.title))
    return html.replace("</style>", css + "</style>", 1)


def render_front_matter_issue(issue: Issue, matter: str, masthead: Masthead, out: Path) -> Path:
    # Imported here as in htmlgen.render_weasyprint: a print is made only when the PDF cache
    # lacks it, and the import costs every process that collects the tests 0.6 s.
    from weasyprint import HTML

    HTML(string=front_matter_html(issue, matter, masthead)).write_pdf(str(out))
    return out
