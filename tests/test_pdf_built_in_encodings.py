"""Type 1 fonts read by the encoding their embedded program holds, where the PDF names none.

pdfTeX wrote TeX's fonts (Computer Modern: OT1 text, OML math italic) with no /Encoding and,
before TeX Live 2021 made it the default, no ToUnicode map: older issues were printed so. Their
ligatures, dashes and quotes sit at codes where the standard encoding has other characters or
none. The print here is pdfTeX's own, with ``\\pdfgentounicode=0`` as those were made.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.ingest.pdf import read_pdf
from texgen import compile_tex

pytestmark = pytest.mark.slow  # runs pdflatex

DOCUMENT = r"""\pdfgentounicode=0
\documentclass{article}
\begin{document}
The different efficient first office ``quoted'' text -- an en dash --- an em dash, and
pages 3--5. Contents $\mathord{.}\mkern4.5mu\mathord{.}\mkern4.5mu\mathord{.}$ 4
\end{document}
"""


def test_tex_fonts_without_maps_read_their_ligatures_dashes_and_quotes(tmp_path: Path) -> None:
    """Before: "The di erent e\\x0ecient rst o\\x0ece \\quoted" text { an en dash | …"."""
    pdf = compile_tex(DOCUMENT, tmp_path / "old-pdftex.pdf", "pdflatex")
    (page,) = read_pdf(pdf).pages
    text = " ".join(row.text for row in page.rows)
    assert text.startswith("The different efficient first office “quoted” text – an en dash")
    assert "— an em dash, and pages 3–5." in text
    # Leaders as LaTeX sets a contents line's: periods of the math italic font (OML: ":").
    assert re.search(r"Contents \. ?\. ?\. 4", text), text
