"""Print an issue in two columns (CSS columns, WeasyPrint), for the PDF ingest tests.

htmlgen's WeasyPrint layout for the issue, its body set in two columns 8 mm apart, headings
kept with the text after them. Footnotes stand across the page under both columns.
"""

from __future__ import annotations

from pathlib import Path

import htmlgen
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
