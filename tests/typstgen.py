"""Print issue records to PDF with Typst, for the PDF ingest tests.

Typst (the ``typst`` package from PyPI, its compiler in a wheel) lays out CJK text itself:
it justifies by stretching the gaps between characters, sets a quarter em between Chinese and
Latin (``cjk-latin-spacing``), shows each line's glyphs with positions of their own, and puts
footnotes at the page bottom under a rule, each entry opening with a raised number. Nothing in
the other producers prints like that.

The layout varies per issue under a fixed seed: font family, page, margins, sizes,
justification, footnotes numbered through the issue or from 1 in each article, header and
footer, watermark, title width, author line and 供稿自 line breaks.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.records import Article, Issue
from htmlgen import FAMILIES, ending_lines, heading_sizes
from pdfgen import Masthead, body_paragraphs


@dataclass(frozen=True)
class TypstLayout:
    family: str
    page: str  # "a4" or "us-letter"
    margin_mm: int
    body: float
    title: float
    section: float
    note: float
    justify: bool
    leading_em: float  # the gap between lines
    notes_per_article: bool  # footnotes counted from 1 in each article, or through the issue
    header: bool
    footer: str  # "- n -" or "第 n 页"
    watermark: bool
    title_width: int  # percent of the text width a title may use
    attribution: str  # "inline" or "split"
    author_style: str  # "执笔" or "plain"


def layout_for(issue_id: str, seed: int = 12) -> TypstLayout:
    """The layout this issue is printed in: random, the same on every run."""
    rng = random.Random(f"typst/{issue_id}/{seed}")
    body = rng.choice([10.0, 10.5, 11.0, 12.0])
    return TypstLayout(
        family=rng.choice(FAMILIES),
        page=rng.choice(["a4", "us-letter"]),
        margin_mm=rng.choice([18, 22, 25]),
        body=body,
        **heading_sizes(rng, body),
        justify=rng.random() < 0.6,
        leading_em=rng.choice([0.65, 0.8, 1.0]),
        notes_per_article=rng.random() < 0.5,
        header=rng.random() < 0.7,
        footer=rng.choice(["- n -", "第 n 页"]),
        watermark=rng.random() < 0.5,
        title_width=rng.choice([100, 100, 55]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
    )


def _text(text: str) -> str:
    """``text`` as a Typst string literal put in the document: read as text, never as markup
    (no smart quotes, no ``--`` dashes, no ``//`` comments)."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _preamble(lay: TypstLayout, masthead: Masthead) -> str:
    header = (
        f"{_text(f'{masthead.publication}  {masthead.year}年第{masthead.number}期')}"
        if lay.header
        else ""
    )
    page_number = '"- 1 -"' if lay.footer == "- n -" else '"第 1 页"'
    watermark = (
        "place(center + horizon, rotate(-35deg, text(54pt, fill: luma(221))[内部资料]))"
        if lay.watermark
        else "none"
    )
    return f"""
#set page(paper: "{lay.page}", margin: {lay.margin_mm}mm,
  header: context {{ if counter(page).get().first() > 1 [#text(8pt)[{header}]] }},
  footer: align(center, text(8pt, context counter(page).display({page_number}))),
  background: {watermark})
#set text(font: "{lay.family}", size: {lay.body}pt, lang: "zh", region: "cn")
#set par(justify: {str(lay.justify).lower()}, leading: {lay.leading_em}em,
  first-line-indent: (amount: 2em, all: true), spacing: {lay.leading_em + 0.3}em)
#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt))
#show footnote.entry: set text(size: {lay.note}pt)
#show footnote.entry: set par(justify: false, first-line-indent: 0em)
"""


def _paragraph(text: str, notes: dict[int, str]) -> str:
    """A body paragraph, each ``[^n]`` a Typst footnote holding note n's text."""
    out, at = [], 0
    for start, end, n in _references(text):
        out.append(_text(text[at:start]))
        out.append(f"#footnote[{_text(notes[n])}]")
        at = end
    out.append(_text(text[at:]))
    return "".join(piece for piece in out if piece != '#""')


def _references(text: str) -> list[tuple[int, int, int]]:
    return [(m.start(), m.end(), int(m.group(1))) for m in re.finditer(r"\[\^(\d+)\]", text)]


class _Typst:
    def __init__(self, issue: Issue, lay: TypstLayout, masthead: Masthead) -> None:
        self.issue, self.lay, self.masthead = issue, lay, masthead

    def document(self) -> str:
        m, lay = self.masthead, self.lay
        parts = [
            _preamble(lay, m),
            f'#par(first-line-indent: 0em)[#text(26pt, weight: "bold")[{_text(m.publication)}]]',
            f"#par(first-line-indent: 0em)[{_text(f'{m.year}年第{m.number}期　　{m.date}')}]",
        ]
        section = None
        for article in self.issue.articles:
            if article.section and article.section != section:
                section = article.section
                parts.append(
                    f'#par(first-line-indent: 0em)[#text({lay.section}pt, weight: "bold")'
                    f"[{_text(section)}]]"
                )
            parts += self.article(article)
        return "\n\n".join(parts) + "\n"

    def article(self, article: Article) -> list[str]:
        lay = self.lay
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        out = []
        if lay.notes_per_article:
            out.append("#counter(footnote).update(0)")
        out.append(
            f"#block(width: {lay.title_width}%)[#par(first-line-indent: 0em, justify: false)"
            f'[#text({lay.title}pt, weight: "bold")[{_text(title)}]]]'
        )
        notes = {
            note.n: " ".join(p for p in (note.title, note.url) if p) for note in article.footnotes
        }
        cited = {n for text in body_paragraphs(article) for _s, _e, n in _references(text)}
        paragraphs = [_paragraph(text, notes) for text in body_paragraphs(article)]
        silent = [n for n in notes if n not in cited]
        if silent and paragraphs:
            # A note no marker cites still prints at the page bottom, numbered (WeasyPrint's
            # silent calls do the same).
            paragraphs[-1] += "".join(f"#hide[#footnote[{_text(notes[n])}]]" for n in silent)
        out += paragraphs
        out += self.ending(article)
        return out

    def ending(self, article: Article) -> list[str]:
        plain, author = ending_lines(article, self.lay.attribution, self.lay.author_style)
        if author:
            return [f"#align(right)[{_text(author)}]"]
        return [f"#par(first-line-indent: 0em, justify: false)[{_text(line)}]" for line in plain]


def issue_typst(issue: Issue, lay: TypstLayout, masthead: Masthead) -> str:
    return _Typst(issue, lay, masthead).document()


def render_typst(issue: Issue, lay: TypstLayout, masthead: Masthead, out: Path) -> Path:
    """Print with Typst, imported here: a print is made only when the PDF cache lacks it."""
    import typst

    out.write_bytes(typst.compile(issue_typst(issue, lay, masthead).encode(), format="pdf"))
    return out
