"""Which glyphs of a font are a digit's superior form, by their advances alone.

A font with two glyphs of one digit may hold its superior form (a footnote marker drawn at the
text's size) or two ordinary forms: a tabular and a proportional "1". The advances measured
in the fonts the producers print with tell them apart.
"""

from __future__ import annotations

from briefgen.ingest.pdf_glyphs import superiors


def test_superior_digits_are_about_two_thirds_as_wide_as_the_full_ones() -> None:
    # Libertinus Serif as Typst embeds it: superior digits 0.307 em against a full 0.465.
    text = {6: "1", 17: "1", 23: "2", 30: "2"}
    widths = {6: 0.465, 17: 0.307, 23: 0.307, 30: 0.465}
    assert superiors(text, widths) == {17, 23}


def test_a_proportional_one_beside_a_tabular_one_is_no_superior() -> None:
    # Noto Serif CJK SC Bold as WeasyPrint subsets it for titles: "1" at 0.466 em and at 0.588.
    # Read as a superior, every "1" of a title became a footnote marker: "提供 15亿" read
    # "提供5亿", "10个" read "0个".
    assert superiors({18: "1", 63036: "1"}, {18: 0.466, 63036: 0.588}) == frozenset()
