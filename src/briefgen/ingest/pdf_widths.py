"""Glyph widths by character, pooled per font family, for judging whether a word would have
fit at the end of a row (``pdf.read_pdf`` asks once per page)."""

from __future__ import annotations

from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_glyphs import FontCodes

#: The widths of a font never read (a span's font missing from the page's resources).
UNKNOWN_FONT = FontWidths({}, 500.0)


class WidthPool:
    """Widths by character per font, for judging whether a word would have fit at a row's end.

    Subsets of one font (reportlab cuts a TrueType font into 256-glyph subsets, "ABCDEF+Name")
    pool their widths: one printed word may take its letters from several of them. Each font
    is pooled once, when first read (MuPDF gives every text block a font of its own, 24,000
    codes each: pooling them all again for every page took most of a minute).
    """

    def __init__(self) -> None:
        self._family: dict[str, dict[str, float]] = {}
        self._pooled: set[str] = set()

    def of(self, fonts: dict[str, FontCodes]) -> dict[str, FontWidths]:
        """The widths of each font read so far (a page's own copy: later pages add to it)."""
        for key, codes in fonts.items():
            if key in self._pooled:
                continue
            self._pooled.add(key)
            by_char = self._family.setdefault(_family(codes), {})
            for code, text in codes.text.items():
                if len(text) == 1 and code in codes.widths:
                    by_char.setdefault(text, codes.widths[code] * 1000)
        pooled = {
            name: FontWidths(dict(by_char), UNKNOWN_FONT.default)
            for name, by_char in self._family.items()
        }
        return {key: pooled[_family(codes)] for key, codes in fonts.items()}


def _family(codes: FontCodes) -> str:
    return codes.name.split("+")[-1]
