"""The content-stream reader: character and word spacing, text rise, look-alike code points."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from briefgen.ingest.pdf import read_pdf
from briefgen.ingest.pdf_chars import clean_text
from pdfgen import FONT_DIR

pytestmark = pytest.mark.slow  # prints a PDF with the CJK font for each test

_SC = 2  # Simplified Chinese face of the Noto CJK collection


def _pdf(tmp_path: Path, draw) -> Path:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("cjk", "", str(FONT_DIR / "NotoSansCJK-Regular.ttc"), collection_font_number=_SC)
    pdf.add_page()
    pdf.set_font("cjk", "", 10)
    draw(pdf)
    out = tmp_path / "x.pdf"
    pdf.output(str(out))
    return out


def _texts(path: Path) -> list[str]:
    return [row.text for row in read_pdf(path).pages[0].rows]


def test_character_spacing_invents_no_space_between_cjk(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.set_char_spacing(4)  # Tc: 0.4 em between every two characters
        pdf.text(72, 100, "字符间距拉开的一行中文")
        pdf.set_char_spacing(1.5)
        pdf.text(72, 130, "Latin words stay apart")

    assert _texts(_pdf(tmp_path, draw)) == ["字符间距拉开的一行中文", "Latin words stay apart"]


@pytest.mark.parametrize("font", ["cjk", "helvetica"])
def test_justified_latin_keeps_one_space_between_words(tmp_path: Path, font: str) -> None:
    """fpdf2 justifies an embedded CJK font with TJ shifts, a standard font with Tw."""
    text = "Justified lines stretch the space between words " * 4

    def draw(pdf: FPDF) -> None:
        pdf.set_font(font, "", 10)
        pdf.set_xy(72, 100)
        pdf.multi_cell(300, 14, text.strip(), align="J")

    rows = read_pdf(_pdf(tmp_path, draw)).pages[0].rows
    assert len(rows) > 1
    assert " ".join(row.text for row in rows).split() == text.split()
    assert all("  " not in row.text for row in rows)
    # Glyph widths and the stretch are measured: justified rows end at the cell's edge (its
    # right side, 372, less fpdf2's cell margin), the last row short of it.
    assert all(366 < row.right < 372 and abs(row.right - rows[0].right) < 0.5 for row in rows[:-1])
    assert rows[-1].right < rows[0].right - 5


def test_a_raised_smaller_number_is_a_marker_not_text(tmp_path: Path) -> None:
    def draw(pdf: FPDF) -> None:
        pdf.text(72, 100, "影响了少数中国客户")
        x = 72 + pdf.get_string_width("影响了少数中国客户")
        pdf.set_font("cjk", "", 6)
        pdf.text(x + 0.5, 96, "12")
        pdf.set_font("cjk", "", 10)
        pdf.text(x + 5, 100, "。")

    row = read_pdf(_pdf(tmp_path, draw)).pages[0].rows[0]
    assert row.text == "影响了少数中国客户。"
    assert [(m.number, m.offset) for m in row.markers] == [(12, 9)]


def test_radicals_and_compatibility_ideographs_read_as_characters() -> None:
    # ⻓ ⻅ ⻩: CJK Radicals Supplement; ⽂: a Kangxi radical; 戶 U+F9A7-style compatibility
    # ideographs fold by their decomposition; 戶 U+6236 is a character of its own and stays.
    assert clean_text("⻓江⻅闻⻩河⽂化\uf900") == "长江见闻黄河文化豈"
    assert clean_text("戶口") == "戶口"
    assert clean_text("ﬁle\x00") == "file"


def test_the_two_em_dash_of_a_joined_pair_reads_as_the_pair() -> None:
    # Noto CJK draws "——" as one glyph, which LuaLaTeX maps to U+2E3A: a record, its search
    # and its note markers' offsets count the two dashes the text has.
    assert clean_text("两大技术挑战\u2e3a扩大") == "两大技术挑战——扩大"
    assert clean_text("\u2e3b") == "———"


def test_digits_set_small_and_lowered_after_a_letter_read_as_subscripts(tmp_path: Path) -> None:
    """A formula printed with subscripts (Word's, LibreOffice's, HTML's <sub>) reads as a text
    source writes it: 氧化镓（Ga₂O₃）. Before, "Ga2O3"."""

    def draw(pdf: FPDF) -> None:
        x = 72.0
        for text, size, lowered in [
            ("氧化镓（Ga", 10, 0), ("2", 6.5, 2.5), ("O", 10, 0), ("3", 6.5, 2.5),
            ("）和 CO", 10, 0), ("2", 6.5, 2.5), ("，共 ", 10, 0), ("3", 6.5, 2.5), (" 种", 10, 0),
        ]:  # fmt: skip
            pdf.set_font("cjk", "", size)
            pdf.text(x, 100 + lowered, text)
            x += pdf.get_string_width(text)

    # A lowered digit after a Chinese character or a space is no formula's: it stays a digit.
    assert _texts(_pdf(tmp_path, draw)) == ["氧化镓（Ga₂O₃）和 CO₂，共 3 种"]
