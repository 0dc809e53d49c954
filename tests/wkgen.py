"""Print issue records to PDF with wkhtmltopdf, for the PDF ingest tests.

wkhtmltopdf (Debian's package, Qt WebKit without the patched Qt: no running headers or
footers) is the writer behind many report generators. It prints the HTML that htmlgen.py
writes for WeasyPrint and chromium, notes at each article's end; the layout varies per issue
under a fixed seed (htmlgen's), and the page and margins are given on the command line, as
WebKit ignores CSS ``@page``.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from briefgen.records import Issue
from htmlgen import HtmlLayout, issue_html
from htmlgen import layout_for as html_layout
from pdfgen import Masthead


def layout_for(issue_id: str, seed: int = 12) -> HtmlLayout:
    """The layout this issue is printed in: random, the same on every run."""
    return html_layout(issue_id, "wkhtmltopdf", seed)


def render_wkhtmltopdf(issue: Issue, lay: HtmlLayout, masthead: Masthead, out: Path) -> Path:
    """Print the issue's HTML with wkhtmltopdf."""
    margin = f"{lay.margin_mm}mm"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "issue.html"
        page.write_text(issue_html(issue, lay, masthead), encoding="utf-8")
        subprocess.run(
            [
                "wkhtmltopdf",
                "--quiet",
                "--encoding",
                "utf-8",
                "--page-size",
                lay.page,
                *("-T", margin, "-B", margin, "-L", margin, "-R", margin),
                str(page),
                str(out),
            ],
            check=True,
            capture_output=True,
        )
    return out
