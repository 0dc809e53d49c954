"""A table in a PDF, ruled or aligned in columns, comes out as a Markdown table.

The table is 表 1 of 2024-03-jiwei-microelectronics (article a07), printed as a real table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.ingest import parse_issue
from conftest import parsed
from pdfcache import cache_path, cached_pdf, pdf_key
from producers import MASTHEAD
from tablegen import HEADER, render_table_article, table_rows

pytestmark = pytest.mark.slow  # prints the table as PDF (WeasyPrint; cached between runs)

ISSUE, ARTICLE = "2024-03-jiwei-microelectronics", "a07"


@pytest.fixture(scope="module", params=[True, False], ids=["ruled", "aligned"])
def table_pdf(request: pytest.FixtureRequest) -> Path:
    issue, ruled = parsed(ISSUE), request.param
    key = pdf_key(("tablegen.py", "htmlgen.py", "pdfgen.py"), issue, (ARTICLE, MASTHEAD, ruled))
    out = cache_path(f"{ISSUE}-{ARTICLE}-table-{'ruled' if ruled else 'aligned'}", key)
    return cached_pdf(
        out, lambda path: render_table_article(issue, ARTICLE, MASTHEAD, path, ruled=ruled)
    )


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_technology_table_is_a_markdown_table(table_pdf: Path) -> None:
    text_article = next(a for a in parsed(ISSUE).articles if a.id == ARTICLE)
    (article,) = parse_issue(table_pdf).articles
    assert (article.title, article.authors) == (text_article.title, text_article.authors)
    assert [n.url for n in article.footnotes] == [n.url for n in text_article.footnotes]
    lines = [line for line in article.body.split("\n") if line.startswith("|")]
    cells = [tuple(c.strip() for c in line.strip("|").split(" | ")) for line in lines]
    assert cells[0] == HEADER
    assert cells[1] == ("---", "---")
    expected = table_rows(text_article)
    assert len(expected) == 18
    assert [(_compact(a), _compact(b)) for a, b in cells[2:]] == [
        (_compact(a), _compact(b)) for a, b in expected
    ]
    # The text around the table is the article's text, the caption included.
    before = article.body.split("\n| ")[0]
    assert _compact(before) in _compact(text_article.body)
    assert "表 1" in before
