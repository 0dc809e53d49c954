"""Footnotes that open with raised numbers: a note's next row opening with digits goes on it.

XeLaTeX raises each note's number; a note wrapped before "2D MoS2 field-effect transistors"
puts a row at the page bottom that opens with "2D". Read as a number glued to its text (as
cairo sets LibreOffice's notes: "1Darsith …"), it would open note 2 whenever a marker 2 is
printed on the page (notes numbered from 1 in each article: there is one).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import texgen
from briefgen.ingest import parse_issue
from briefgen.ingest.pdf import read_pdf
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD

pytestmark = pytest.mark.slow

ISSUE = "2024-07-jiwei-chips"


@pytest.fixture(scope="module")
def tex_print() -> Path:
    issue, layout = parsed(ISSUE), texgen.layout_for(ISSUE, 7)

    def make(out: Path) -> None:
        texgen.render_xelatex(issue, layout, MASTHEAD, out)

    code = ["texgen.py", "htmlgen.py", "pdfgen.py"]
    return printed_once(f"{ISSUE}-x2-notes", code, issue, (layout, MASTHEAD), make)


def test_a_note_row_opening_with_digits_goes_on_the_note(tex_print: Path) -> None:
    rows = [row for page in read_pdf(tex_print).pages for row in page.rows]
    # The evidence: notes open with raised numbers, and one note row opens with "2D".
    assert any(row.markers and row.markers[0].offset == 0 and row.size < 9 for row in rows)
    assert any(re.match(r"2D MoS2", row.text) and not row.markers for row in rows)
    expected = {a.id: a.footnotes for a in parsed(ISSUE).articles}
    got = {a.id: a.footnotes for a in parse_issue(tex_print).articles}
    assert got["a19"] == expected["a19"]
    assert got == expected
