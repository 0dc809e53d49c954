"""Issues printed by XeLaTeX in ctex's own fonts (``fontset=fandol``, TeX Live's Fandol).

xdvipdfmx writes CID-keyed OpenType fonts with no ToUnicode map: the font names its character
collection (Adobe-GB1), whose published table poppler-data installs (pdf_collections.py).
Before, every such page was refused as garbled ("43 of 58 characters are unmapped").
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import texgen
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with xelatex (cached between runs)


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, re.sub(r"\s+", "", article.title), article.authors, notes, body)


@pytest.mark.parametrize("issue_id", ["2024-03-casdc-tech-policy", "2024-07-jiwei-chips"])
def test_an_issue_set_in_ctexs_fandol_fonts_reads_as_its_text(issue_id: str) -> None:
    issue = parsed(issue_id)
    layout = replace(texgen.layout_for(issue_id, 5), family=texgen.FANDOL)
    pdf = printed_once(
        f"{issue_id}-xelatex-fandol",
        ("texgen.py", "htmlgen.py", "pdfgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: texgen.render_xelatex(issue, layout, MASTHEAD, out),
    )
    got = parsed_pdf(pdf).articles
    want = issue.articles
    assert [a.title.replace(" ", "") for a in got] == [a.title.replace(" ", "") for a in want]
    same = sum(_record(g) == _record(w) for g, w in zip(got, want, strict=True))
    assert same >= 0.9 * len(want), f"{same} of {len(want)} articles read as printed"
