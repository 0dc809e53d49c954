"""Issues printed by XeLaTeX in ctex's own fonts (``fontset=fandol``, TeX Live's Fandol).

xdvipdfmx writes CID-keyed OpenType fonts with no ToUnicode map: the font names its character
collection (Adobe-GB1), whose published table poppler-data installs (pdf_collections.py).
Before, every such page was refused as garbled ("43 of 58 characters are unmapped").
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import texgen
from briefgen.errors import SourceError
from briefgen.ingest import pdf_collections
from briefgen.ingest.pdf import read_pdf
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with xelatex (cached between runs)


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, re.sub(r"\s+", "", article.title), article.authors, notes, body)


def _printed(issue_id: str) -> Path:
    issue = parsed(issue_id)
    layout = replace(texgen.layout_for(issue_id, 5), family=texgen.FANDOL)
    return printed_once(
        f"{issue_id}-xelatex-fandol",
        ("texgen.py", "htmlgen.py", "pdfgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: texgen.render_xelatex(issue, layout, MASTHEAD, out),
    )


@pytest.mark.parametrize("issue_id", ["2024-03-casdc-tech-policy", "2024-07-jiwei-chips"])
def test_an_issue_set_in_ctexs_fandol_fonts_reads_as_its_text(issue_id: str) -> None:
    issue = parsed(issue_id)
    got = parsed_pdf(_printed(issue_id)).articles
    want = issue.articles
    assert [a.title.replace(" ", "") for a in got] == [a.title.replace(" ", "") for a in want]
    same = sum(_record(g) == _record(w) for g, w in zip(got, want, strict=True))
    assert same >= 0.9 * len(want), f"{same} of {len(want)} articles read as printed"


def test_without_the_collections_tables_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Where poppler-data is missing, the page is refused as before, and the message names
    the package instead of sending the editor to OCR."""
    pdf = _printed("2024-07-jiwei-chips")
    monkeypatch.setattr(pdf_collections, "TABLES", tmp_path / "no-poppler-data")
    pdf_collections.collection_text.cache_clear()
    try:
        with pytest.raises(SourceError, match=r"Adobe-GB1.*apt-get install poppler-data"):
            read_pdf(pdf)
    finally:
        pdf_collections.collection_text.cache_clear()
