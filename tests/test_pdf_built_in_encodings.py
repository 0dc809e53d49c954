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
from pypdf import PdfWriter
from pypdf.generic import NameObject

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


def test_a_damaged_font_program_leaves_the_page_readable(tmp_path: Path) -> None:
    """A font program that cannot be decoded, or a /Length1 that is no number, is no encoding
    to read: the page reads by the standard one, as before, and is not refused as damaged."""
    pdf = compile_tex(DOCUMENT, tmp_path / "old-pdftex.pdf", "pdflatex")
    writer = PdfWriter(clone_from=pdf)
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        program = font.get_object()["/FontDescriptor"].get_object()["/FontFile"].get_object()
        program.set_data(b"not a font")
        program[NameObject("/Filter")] = NameObject("/FlateDecode")  # data that will not inflate
        program[NameObject("/Length1")] = NameObject("/Bogus")
    damaged = tmp_path / "damaged.pdf"
    writer.write(damaged)
    (page,) = read_pdf(damaged).pages
    assert " ".join(row.text for row in page.rows).startswith("The di")


def test_a_symbol_font_under_a_named_encoding_reads_its_own_glyphs_where_that_has_none(
    tmp_path: Path,
) -> None:
    """Distiller 7 wrote TeX's symbol font CMSY10 as WinAnsiEncoding, its bullet at a code
    WinAnsi leaves undefined (before: a control character). The print here is pdfTeX's, its
    symbol font given that encoding as Distiller gave it."""
    document = DOCUMENT.replace("Contents", r"Items $\bullet$ one $\bullet$ two. Contents")
    pdf = compile_tex(document, tmp_path / "old-pdftex.pdf", "pdflatex")
    writer = PdfWriter(clone_from=pdf)
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        if "CMSY" in str(font.get_object()["/BaseFont"]):
            font.get_object()[NameObject("/Encoding")] = NameObject("/WinAnsiEncoding")
    distilled = tmp_path / "distilled.pdf"
    writer.write(distilled)
    (page,) = read_pdf(distilled).pages
    assert "Items • one • two." in " ".join(row.text for row in page.rows)
