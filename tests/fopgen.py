"""Print issue records to PDF with Apache FOP (XSL-FO), for the PDF ingest tests.

FOP is the XSL-FO formatter behind DocBook and DITA toolchains and many Java report
writers. The seeds are written as XSL-FO, each note an ``fo:footnote`` (its URL after its
title) set at the page bottom, markers raised by ``baseline-shift``; FOP embeds the TrueType
CJK font as a CID font of its own glyph subset, and prints the header and page number as
static content in the page's before and after regions.

FOP 2.8 cannot read the CFF outlines of Noto CJK's collections, so the families are the
TrueType ones (WenQuanYi Zen Hei, AR PL UMing and UKai), found with fontconfig and named
in a FOP configuration written for each run. Latin text is set either in the CJK font or in
the base-14 Times (not embedded), in an ``fo:inline`` of its own: with Times first in a
``font-family`` list FOP would set CJK punctuation after Latin text in Times, as "#".

The layout varies per issue under a fixed seed: font family, Latin font, page, margins,
sizes, justification, footnotes numbered through the issue or from 1 in each article, how
markers and note numbers are raised, the rule above the notes, header and footer, title width,
author line and 供稿自 line breaks.
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from briefgen.records import Article, Issue
from htmlgen import ending_lines, heading_sizes
from pdfgen import Masthead, body_paragraphs

#: TrueType CJK families FOP can embed (scripts/system-deps.sh installs them).
FOP_FAMILIES = ("WenQuanYi Zen Hei", "AR PL UMing CN", "AR PL UKai CN")
PAGES = {"A4": ("210mm", "297mm"), "Letter": ("8.5in", "11in")}


@dataclass(frozen=True)
class FoLayout:
    family: str  # the CJK family, one of FOP_FAMILIES
    latin: str  # "same" (the CJK family's Latin letters) or "Times" (base-14, not embedded)
    page: str  # "A4" or "Letter"
    margin_mm: int
    body: float
    title: float
    section: float
    note: float
    justify: bool
    notes_per_article: bool  # footnotes counted from 1 in each article, or through the issue
    marker: str  # "super" (baseline-shift="super") or "points" (a shift in points)
    note_number: str  # how a note opens: "raised" (a superscript number) or "plain" ("1 ")
    separator: bool  # a rule above the footnotes
    header: bool
    footer: str  # "- n -" or "第 n 页"
    title_width: int  # percent of the text width a title may use
    attribution: str  # "inline" or "split"
    author_style: str  # "执笔" or "plain"


def layout_for(issue_id: str, seed: int = 12) -> FoLayout:
    """The layout this issue is printed in: random, the same on every run."""
    rng = random.Random(f"fop/{issue_id}/{seed}")
    body = rng.choice([10.0, 10.5, 11.0, 12.0])
    return FoLayout(
        family=rng.choice(FOP_FAMILIES),
        latin=rng.choice(["same", "Times"]),
        page=rng.choice(["A4", "Letter"]),
        margin_mm=rng.choice([18, 22, 25]),
        body=body,
        **heading_sizes(rng, body),
        justify=rng.random() < 0.6,
        notes_per_article=rng.random() < 0.5,
        marker=rng.choice(["super", "points"]),
        note_number=rng.choice(["raised", "plain"]),
        separator=rng.random() < 0.6,
        header=rng.random() < 0.7,
        footer=rng.choice(["- n -", "第 n 页"]),
        title_width=rng.choice([100, 100, 55]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
    )


def _triplet(family: str) -> str:
    """The family's name in the FOP configuration: without spaces, so that ``font-family``
    needs no quoting."""
    return family.replace(" ", "")


#: A run of Latin text: printable ASCII, with the single spaces between its words.
_LATIN = re.compile(r"([!-~]+(?: [!-~]+)*)")


class _Fo:
    def __init__(self, issue: Issue, lay: FoLayout, masthead: Masthead) -> None:
        self.issue, self.lay, self.masthead = issue, lay, masthead
        self.through = 0  # notes numbered so far in the issue
        self.local = 0  # notes numbered so far in the article
        self.cited: set[int] = set()  # the article's notes set so far, by their own numbers

    def text(self, text: str) -> str:
        """``text`` escaped, its Latin runs in Times when the layout sets them so."""
        if self.lay.latin == "same":
            return escape(text)
        inline = '<fo:inline font-family="Times">{}</fo:inline>'
        return "".join(
            inline.format(escape(piece)) if k % 2 else escape(piece)
            for k, piece in enumerate(_LATIN.split(text))
        )

    def document(self) -> str:
        lay = self.lay
        align = "justify" if lay.justify else "start"
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" font-family="{_triplet(lay.family)}"
 language="zh" country="CN">
{self.masters()}
<fo:page-sequence master-reference="issue">
{self.header()}
<fo:static-content flow-name="xsl-region-after">
<fo:block font-size="8pt" text-align="center">{self.footer()}</fo:block>
</fo:static-content>
{self.separator()}
<fo:flow flow-name="xsl-region-body" font-size="{lay.body}pt" line-height="1.65"
 text-align="{align}">
{chr(10).join(self.blocks())}
</fo:flow>
</fo:page-sequence>
</fo:root>
"""

    def masters(self) -> str:
        """The first page without the header, the rest with it."""
        width, height = PAGES[self.lay.page]
        page = (
            '<fo:simple-page-master master-name="{0}" page-width="{1}" page-height="{2}"'
            ' margin="{3}mm"><fo:region-body margin-top="6mm" margin-bottom="10mm"/>'
            '<fo:region-before extent="6mm" region-name="{0}-before"/>'
            '<fo:region-after extent="8mm"/></fo:simple-page-master>'
        )
        first = page.format("first", width, height, self.lay.margin_mm)
        rest = page.format("rest", width, height, self.lay.margin_mm)
        return f"""<fo:layout-master-set>{first}{rest}
<fo:page-sequence-master master-name="issue"><fo:repeatable-page-master-alternatives>
<fo:conditional-page-master-reference master-reference="first" page-position="first"/>
<fo:conditional-page-master-reference master-reference="rest" page-position="rest"/>
</fo:repeatable-page-master-alternatives></fo:page-sequence-master>
</fo:layout-master-set>"""

    def header(self) -> str:
        if not self.lay.header:
            return ""
        m = self.masthead
        return (
            '<fo:static-content flow-name="rest-before"><fo:block font-size="8pt">'
            f"{self.text(f'{m.publication}  {m.year}年第{m.number}期')}</fo:block>"
            "</fo:static-content>"
        )

    def footer(self) -> str:
        if self.lay.footer == "- n -":
            return "- <fo:page-number/> -"
        return "第 <fo:page-number/> 页"

    def separator(self) -> str:
        if not self.lay.separator:
            return ""
        return (
            '<fo:static-content flow-name="xsl-footnote-separator"><fo:block>'
            '<fo:leader leader-pattern="rule" leader-length="35%" rule-thickness="0.5pt"/>'
            "</fo:block></fo:static-content>"
        )

    def masthead_blocks(self) -> list[str]:
        m = self.masthead
        return [
            '<fo:block font-size="26pt" font-weight="bold" space-after="4pt">'
            f"{self.text(m.publication)}</fo:block>",
            f'<fo:block space-after="12pt">{self.text(f"{m.year}年第{m.number}期　　{m.date}")}'
            "</fo:block>",
        ]

    def blocks(self) -> list[str]:
        lay, out = self.lay, self.masthead_blocks()
        section = None
        for article in self.issue.articles:
            if article.section and article.section != section:
                section = article.section
                out.append(
                    f'<fo:block font-size="{lay.section}pt" font-weight="bold"'
                    ' space-before="14pt" space-after="6pt" keep-with-next="always">'
                    f"{self.text(section)}</fo:block>"
                )
            out += self.article(article)
        return out

    def article(self, article: Article) -> list[str]:
        lay = self.lay
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        out = [
            f'<fo:block font-size="{lay.title}pt" font-weight="bold" text-align="start"'
            f' space-before="10pt" space-after="6pt" end-indent="{100 - lay.title_width}%"'
            f' keep-with-next="always">{self.text(title)}</fo:block>'
        ]
        notes = {
            note.n: " ".join(p for p in (note.title, note.url) if p) for note in article.footnotes
        }
        self.local, self.cited = 0, set()
        paragraphs = [self.paragraph(text, notes) for text in body_paragraphs(article)]
        silent = [n for n in notes if n not in self.cited]
        if silent and paragraphs:
            # A note no marker cites still prints at the page bottom, numbered.
            paragraphs[-1] += "".join(
                f"<fo:footnote><fo:inline/>{self.note(self.number(n), notes[n])}</fo:footnote>"
                for n in silent
            )
        out += [f'<fo:block text-indent="2em" space-after="2pt">{p}</fo:block>' for p in paragraphs]
        return out + self.ending(article)

    def number(self, n: int) -> int:
        """The number note n prints with, set now: from 1 in the article or through the issue."""
        self.cited.add(n)
        self.local += 1
        self.through += 1
        return self.local if self.lay.notes_per_article else self.through

    def paragraph(self, text: str, notes: dict[int, str]) -> str:
        """A body paragraph, each ``[^n]`` a raised marker and note n at the page bottom."""
        out, at = [], 0
        for match in re.finditer(r"\[\^(\d+)\]", text):
            out.append(self.text(text[at : match.start()]))
            n = int(match.group(1))
            shown = self.number(n)
            out.append(
                f"<fo:footnote>{self.marker(shown)}{self.note(shown, notes[n])}</fo:footnote>"
            )
            at = match.end()
        out.append(self.text(text[at:]))
        return "".join(out)

    def marker(self, number: int) -> str:
        if self.lay.marker == "super":
            return f'<fo:inline font-size="60%" baseline-shift="super">{number}</fo:inline>'
        size, rise = self.lay.body * 0.6, self.lay.body * 0.4
        shift = f'font-size="{size:.1f}pt" baseline-shift="{rise:.1f}pt"'
        return f"<fo:inline {shift}>{number}</fo:inline>"

    def note(self, number: int, text: str) -> str:
        """A footnote's body: its number, raised or on the baseline, then its text."""
        if self.lay.note_number == "raised":
            opening = f'<fo:inline font-size="60%" baseline-shift="super">{number}</fo:inline> '
        else:
            opening = f"{number} "
        return (
            f'<fo:footnote-body><fo:block font-size="{self.lay.note}pt" line-height="1.35"'
            ' text-align="start" text-indent="0" space-after="1pt">'
            f"{opening}{self.text(text)}</fo:block></fo:footnote-body>"
        )

    def ending(self, article: Article) -> list[str]:
        plain, author = ending_lines(article, self.lay.attribution, self.lay.author_style)
        if author:
            return [f'<fo:block text-align="end">{self.text(author)}</fo:block>']
        return [f'<fo:block text-align="start">{self.text(line)}</fo:block>' for line in plain]


def issue_fo(issue: Issue, lay: FoLayout, masthead: Masthead) -> str:
    return _Fo(issue, lay, masthead).document()


def fop_config(family: str) -> str:
    """A FOP configuration naming the family's font file, as fontconfig finds it here.

    The bold weight is the same face: these families have no bold, and FOP would otherwise
    fall back to a base-14 font that has no CJK glyphs.
    """
    found = subprocess.run(
        ["fc-list", "--format", "%{file}\n", f":family={family}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not found:
        raise FileNotFoundError(f"font family {family!r} is not installed")
    path = Path(found[0])
    sub_font = f' sub-font="{escape(family)}"' if path.suffix == ".ttc" else ""
    triplets = "".join(
        f'<font-triplet name="{_triplet(family)}" style="normal" weight="{weight}"/>'
        for weight in ("normal", "bold")
    )
    return f"""<?xml version="1.0"?>
<fop version="1.0"><renderers><renderer mime="application/pdf"><fonts>
<font embed-url="{path.as_uri()}"{sub_font}>{triplets}</font>
</fonts></renderer></renderers></fop>
"""


def render_fop(issue: Issue, lay: FoLayout, masthead: Masthead, out: Path) -> Path:
    """Print with fop (one JVM per issue: one to three seconds).

    FOP's font cache is kept in the run's folder: the shared one in ``~/.fop`` would be
    written by both workers at once.
    """
    with tempfile.TemporaryDirectory() as tmp:
        config, source = Path(tmp) / "fop.xconf", Path(tmp) / "issue.fo"
        config.write_text(fop_config(lay.family), encoding="utf-8")
        source.write_text(issue_fo(issue, lay, masthead), encoding="utf-8")
        fonts = ("-cache", str(Path(tmp) / "fonts.cache"), "-c", str(config))
        run = subprocess.run(
            ["fop", *fonts, "-fo", str(source), "-pdf", str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
    # FOP prints a character its font lacks as "#" and only warns: such a print would test
    # the font, not the parser.
    if "not available in font" in run.stderr + run.stdout:
        raise RuntimeError(f"fop lacked glyphs in {lay.family}:\n{run.stderr[-2000:]}")
    return out
