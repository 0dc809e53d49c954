"""Print issue records to PDF with MuPDF's own HTML layout engine (PyMuPDF's Story), for the
PDF ingest tests.

It prints the HTML htmlgen.py writes for chromium (notes at each article's end, numbered
through the issue) in chromium's per-issue layout, laid out page by page by ``pymupdf.Story``
through a ``DocumentWriter``; the pages are then reopened to draw a running header, a footer
"第 n 页" and the watermark. MuPDF writes each font's ToUnicode and widths for every glyph of
the font, used or not, gives a character past U+FFFF as its bare code point ("<20086>", not
UTF-16), sets spaces as U+00A0, justifies with TJ shifts and keeps no heading with the text
after it.

MuPDF's HTML engine knows no ``@page``, ``position`` or ``transform``: page size and margins
come from the layout here, the watermark is drawn, not laid out, and the "raised" marker style
is set with ``vertical-align: super``. Fonts are the system's, declared by ``@font-face`` from
an ``Archive`` of their folders. MuPDF takes a .ttc's first face, which for Noto CJK is the
Japanese one, whose locl feature swaps digits after Latin letters for glyphs no cmap names
(read as unmapped codes: "NXT:2050i" comes out "NXT:����i"); AR PL and WenQuanYi are used
instead.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import htmlgen
from briefgen.records import Issue
from htmlgen import HtmlLayout, issue_html
from pdfgen import Masthead

ARPHIC = "/usr/share/fonts/truetype/arphic"
WQY = "/usr/share/fonts/truetype/wqy"
#: family -> (font file, its folder); MuPDF emboldens these (no bold face).
FONTS = {
    "AR PL UMing CN": ("uming.ttc", ARPHIC),
    "AR PL UKai CN": ("ukai.ttc", ARPHIC),
    "WenQuanYi Zen Hei": ("wqy-zenhei.ttc", WQY),
}
PAPER = {"A4": "a4", "Letter": "letter"}
MM = 72 / 25.4

#: What MuPDF cannot lay out as the browsers do, said the way it can.
_OVERRIDES = """
.raised { position: static; vertical-align: super; font-size: 60% }
sup { vertical-align: super; font-size: 60% }
.wm { display: none }
"""


def layout_for(issue_id: str, seed: int = 12) -> HtmlLayout:
    """Chromium's layout for the issue, in one of the fonts MuPDF reads whole (see above)."""
    lay = htmlgen.layout_for(issue_id, "chromium", seed)
    if lay.family in FONTS:
        return lay
    return replace(lay, family=random.Random(f"mupdf/{issue_id}/{seed}").choice(sorted(FONTS)))


def _css_and_body(html: str) -> tuple[str, str]:
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    body = re.search(r"<body>(.*)</body>", html, re.S)
    assert css is not None and body is not None
    # @page rules (nested braces) mean nothing to MuPDF.
    return re.sub(r"@page[^{]*\{(?:[^{}]|\{[^{}]*\})*\}", "", css.group(1)), body.group(1)


def render_mupdf(issue: Issue, lay: HtmlLayout, masthead: Masthead, out: Path) -> Path:
    # Imported here, as WeasyPrint in htmlgen: a print is made only when the PDF cache lacks it.
    import pymupdf

    css, body = _css_and_body(issue_html(issue, lay, masthead))
    font_file, folder = FONTS[lay.family]
    face = f'@font-face {{ font-family: "{lay.family}"; src: url({font_file}); }}\n'
    story = pymupdf.Story(
        html=body, user_css=face + css + _OVERRIDES, archive=pymupdf.Archive(folder)
    )
    page_box = pymupdf.paper_rect(PAPER[lay.page])
    margin = lay.margin_mm * MM
    text_box = pymupdf.Rect(
        page_box.x0 + margin, page_box.y0 + margin, page_box.x1 - margin, page_box.y1 - margin
    )
    scratch = out.with_suffix(".laid-out.pdf")
    writer = pymupdf.DocumentWriter(str(scratch))
    more = 1
    while more:
        device = writer.begin_page(page_box)
        more, _filled = story.place(text_box)
        story.draw(device)
        writer.end_page()
    writer.close()
    doc = pymupdf.open(scratch)
    _furniture(doc, lay, masthead, f"{folder}/{font_file}")
    doc.subset_fonts()
    doc.save(out, garbage=3, deflate=True)
    doc.close()
    scratch.unlink()
    return out


def _furniture(doc: object, lay: HtmlLayout, masthead: Masthead, font_file: str) -> None:
    """Header, footer and watermark drawn on each page, as chromium's templates print them."""
    import pymupdf

    margin = lay.margin_mm * MM
    for number, page in enumerate(doc, start=1):  # type: ignore[call-overload]
        page.insert_font(fontname="furniture", fontfile=font_file)
        width, height = page.rect.width, page.rect.height
        if lay.header:
            page.insert_text(
                (margin, margin * 0.6), masthead.publication, fontsize=8, fontname="furniture"
            )
        footer = f"第 {number} 页"
        wide = pymupdf.Font(fontfile=font_file).text_length(footer, fontsize=8)
        at = ((width - wide) / 2, height - margin * 0.45)
        page.insert_text(at, footer, fontsize=8, fontname="furniture")
        if lay.watermark:
            pivot = pymupdf.Point(width * 0.15, height * 0.45)
            page.insert_text(
                pivot,
                "内部资料",
                fontsize=54,
                fontname="furniture",
                color=(0.87, 0.87, 0.87),
                morph=(pivot, pymupdf.Matrix(-35)),
                overlay=False,
            )
