"""Print an issue in two columns, for the PDF ingest tests.

- WeasyPrint (CSS columns): htmlgen's layout for the issue, its body set in two columns 8 mm
  apart, headings kept with the text after them. Footnotes stand across the page under both
  columns.
- XeLaTeX (the class option ``twocolumn``): texgen's source for the issue. Footnotes stand at
  the foot of each column, a long one broken over two; titles set ragged, by the paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import htmlgen
import texgen
from briefgen.records import Issue
from pdfgen import Masthead

_CSS = "body { column-count: 2; column-gap: 8mm } h1, h2 { break-after: avoid }"


def render_two_columns(issue: Issue, seed: int, masthead: Masthead, out: Path) -> Path:
    # Imported here as in htmlgen.render_weasyprint: a print is made only when the PDF cache
    # lacks it, and the import costs every process that collects the tests 0.6 s.
    from weasyprint import HTML

    lay = htmlgen.layout_for(issue.issue.id, "weasyprint", seed)
    html = htmlgen.issue_html(issue, lay, masthead).replace("</style>", _CSS + "</style>", 1)
    HTML(string=html).write_pdf(str(out))
    return out


def render_tex_two_columns(issue: Issue, seed: int, masthead: Masthead, out: Path) -> Path:
    lay = texgen.layout_for(issue.issue.id, seed)
    document = texgen.issue_tex(issue, lay, masthead, "xelatex")
    document, classes = re.subn(
        r"\\documentclass\[([^\]]*)\]", r"\\documentclass[\1,twocolumn]", document, count=1
    )
    assert classes == 1, "texgen's source names no document class with options"
    return texgen.compile_tex(document.replace(r"\begin{document}", _TEX_GAP, 1), out)


_TEX_GAP = r"\setlength{\columnsep}{7mm}" "\n" r"\begin{document}"
