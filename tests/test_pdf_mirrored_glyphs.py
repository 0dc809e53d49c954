"""A glyph drawn mirrored left to right is text, not a watermark (pdf_state.show).

The XeTeX logo reverses its E with a negative horizontal scale (``\\reflectbox``): before, any
text matrix with a negative x scale was taken for text turned round, and dropped ("X TEX").
Text turned half round (both scales negative) is still dropped as turned.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from briefgen.ingest.pdf import read_pdf


def _print(path: Path, a: float, d: float) -> Path:
    """ "The XETeX engine reads fonts.", its E drawn by the matrix (a, 0, 0, d)."""
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 12)
    page.drawString(72, 700, "The X")
    start = 72 + page.stringWidth("The X", "Helvetica", 12)
    e_width = page.stringWidth("E", "Helvetica", 12)
    page.saveState()
    # Mirrored, the glyph is drawn leftwards of its origin: put the origin at its right edge.
    page.transform(a, 0, 0, d, start + (e_width if a < 0 else 0), 700 + (8 if d < 0 else 0))
    page.drawString(0, 0, "E")
    page.restoreState()
    page.drawString(start + e_width, 700, "TeX engine reads fonts.")
    page.drawString(72, 600, "A line under it keeps the page's text upright.")
    page.save()
    return path


def test_a_glyph_mirrored_left_to_right_is_read_in_its_place(tmp_path: Path) -> None:
    (page,) = read_pdf(_print(tmp_path / "mirrored.pdf", -1, 1)).pages
    assert page.rows[0].text == "The XETeX engine reads fonts."
    assert page.rotated == 0


def test_a_glyph_turned_half_round_is_still_left_out(tmp_path: Path) -> None:
    (page,) = read_pdf(_print(tmp_path / "turned.pdf", -1, -1)).pages
    assert page.rows[0].text.replace(" ", "") == "TheXTeXenginereadsfonts."
    assert page.rotated == 1
