"""Render issue records to PDF the way briefing publishers do, for the PDF ingest tests.

House layouts that differ where real publishers differ: footnotes at the page bottom with
numbers restarting on each page, or collected at the article's end with numbers running through
the issue; a vertical or a diagonal watermark; different fonts, page sizes, headers and footers;
sections larger or smaller than titles, or both only bold at body size.
Fonts are Debian's fonts-noto-cjk (CFF-based OpenType), embedded by fpdf2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from fpdf import FPDF

from briefgen.records import Article, Issue

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
_SC = 2  # Simplified Chinese face inside the Noto CJK collections


@dataclass(frozen=True)
class Layout:
    name: str
    page: tuple[float, float]
    margin: float
    face: str  # "Sans" or "Serif"
    body: float
    title: float
    section: float
    note: float
    notes_at: str  # "page" or "article"
    indent: bool  # paragraphs open with a two-character indent, else with space above
    header: str
    footer: str
    watermark: str  # "vertical" or "diagonal"
    section_on_new_page: bool
    title_width: float  # share of the text width a title may use: narrow gives two-line titles
    author_style: str  # "执笔" or "plain"
    note_label: str = ""


PAGE_BOTTOM = Layout(
    name="page-bottom",
    page=(595.28, 841.89),
    margin=64,
    face="Sans",
    body=10.5,
    title=14,
    section=17,
    note=7.5,
    notes_at="page",
    indent=True,
    header="{publication}  {year}年第{number}期",
    footer="- {page} -",
    watermark="vertical",
    section_on_new_page=True,
    title_width=0.72,
    author_style="执笔",
)
ARTICLE_END = Layout(
    name="article-end",
    page=(612, 792),
    margin=72,
    face="Serif",
    body=11,
    title=15,
    section=13,
    note=8.5,
    notes_at="article",
    indent=False,
    header="{publication}",
    footer="第 {page} 页",
    watermark="diagonal",
    section_on_new_page=False,
    title_width=1.0,
    author_style="plain",
    note_label="注释：",
)
#: Sections and titles only in bold, at body size: typography gives no size to go by.
BODY_SIZE_TITLES = replace(
    PAGE_BOTTOM,
    name="body-size-titles",
    face="Serif",
    title=PAGE_BOTTOM.body,
    section=PAGE_BOTTOM.body,
    watermark="diagonal",
    section_on_new_page=False,
)
LAYOUTS = (PAGE_BOTTOM, ARTICLE_END, BODY_SIZE_TITLES)


@dataclass(frozen=True)
class Masthead:
    publication: str
    year: int
    number: int
    date: str  # 2024年3月15日


@dataclass
class _Note:
    number: int
    text: str
    lines: list[str]


@dataclass
class _Page:
    notes: list[_Note] = field(default_factory=list)
    note_lines: int = 0


_REF = re.compile(r"\[\^(\d+)\]")
#: Noto CJK has no subscript digits (Ga₂O₃): print them as digits, as a typesetter would.
#: The generators print a subscript digit as a plain one (tests comparing bodies fold them).
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def body_paragraphs(article: Article) -> list[str]:
    """The article's paragraphs as printed: Markdown marks gone, ``[^n]`` kept for markers.

    A figure placeholder (``![图 1 …]()``) prints as its caption, as the issue printed it.
    """
    paragraphs = []
    if article.editor_note:
        paragraphs.append("编者按：" + article.editor_note)
    # A quoted box is one block whose paragraphs are joined by a quoted blank line (">").
    blocks = [part for block in article.body.split("\n\n") for part in block.split("\n>\n")]
    for block in blocks:
        text = re.sub(r"^(?:> |#+ )", "", block.strip()).replace("**", "")
        text = re.sub(r"^!\[(.*)\]\(\)$", r"\1", text)  # a figure the archive lacks: its caption
        text = re.sub(r"\\(.)", r"\1", text)
        if text:
            paragraphs.append(text)
    return [re.sub(r"\\(.)", r"\1", p).translate(SUBSCRIPTS) for p in paragraphs]


_NARROW = r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]"


def _atoms(text: str) -> list[str]:
    """Breakable pieces: one CJK character, one Latin word, a space or a ``[^n]`` reference."""
    return re.findall(rf"\[\^\d+\]|{_NARROW}(?:(?!\[\^){_NARROW})*|\s|.", text)


class Writer:
    """Lays out one issue; ``continued_notes`` counts footnotes split across pages."""

    def __init__(self, issue: Issue, layout: Layout, masthead: Masthead) -> None:
        self.issue, self.layout, self.masthead = issue, layout, masthead
        pdf = FPDF(unit="pt", format=layout.page)
        pdf.set_auto_page_break(False)
        for style, weight in (("", "Regular"), ("B", "Bold")):
            font = FONT_DIR / f"Noto{layout.face}CJK-{weight}.ttc"
            pdf.add_font("cjk", style, str(font), collection_font_number=_SC)
        self.pdf = pdf
        self.width = layout.page[0] - 2 * layout.margin
        self.bottom = layout.page[1] - layout.margin
        self.page = _Page()
        self.carry: list[str] = []  # footnote lines that did not fit on the previous page
        self.issue_note = 0
        self.article_notes: list[_Note] = []
        self.y = 0.0
        self.continued_notes = 0

    # ------------------------------------------------------------------ pages

    def new_page(self) -> None:
        if self.pdf.page:
            self.finish_page()
        self.pdf.add_page()
        self.page = _Page()
        lay, pdf = self.layout, self.pdf
        page_no = pdf.page
        self.y = lay.margin
        if page_no > 1:
            pdf.set_font("cjk", "", 8)
            header = lay.header.format(**vars(self.masthead))
            pdf.text(lay.margin, lay.margin - 22, header)
            pdf.line(lay.margin, lay.margin - 16, lay.margin + self.width, lay.margin - 16)
        pdf.set_font("cjk", "", 8)
        footer = lay.footer.format(page=page_no)
        pdf.text(lay.page[0] / 2 - pdf.get_string_width(footer) / 2, self.bottom + 30, footer)
        self.watermark()
        if self.carry:
            self.page.note_lines += len(self.carry)

    def watermark(self) -> None:
        pdf, lay = self.pdf, self.layout
        pdf.set_text_color(200, 200, 200)
        if lay.watermark == "vertical":
            pdf.set_font("cjk", "", 12)
            x, y = lay.page[0] - 30, lay.page[1] / 2 + 60
            with pdf.rotation(90, x, y):
                pdf.text(x, y, "内部资料 注意保存")
        else:
            pdf.set_font("cjk", "B", 54)
            x, y = lay.page[0] / 2 - 160, lay.page[1] / 2 + 60
            with pdf.rotation(40, x, y):
                pdf.text(x, y, "仅供内部参考")
        pdf.set_text_color(0, 0, 0)

    def finish_page(self) -> None:
        """Draw the page's footnotes bottom-up; lines that do not fit carry to the next page."""
        lay, pdf = self.layout, self.pdf
        lines = self.carry + [
            line
            for note in self.page.notes
            for line in [f"\x01{note.number}\x02{note.lines[0]}", *note.lines[1:]]
        ]
        self.carry = []
        if not lines:
            return
        step = lay.note * 1.5
        room = int((self.bottom - self.y - 10) // step)
        shown, self.carry = lines[: max(room, 1)], lines[max(room, 1) :]
        if self.carry and not self.carry[0].startswith("\x01"):
            self.continued_notes += 1
        top = self.bottom - step * len(shown)
        pdf.line(lay.margin, top - 6, lay.margin + self.width * 0.3, top - 6)
        for k, line in enumerate(shown):
            self.note_line(line, top + step * (k + 1) - 3)

    def note_line(self, line: str, y: float) -> None:
        pdf, lay = self.pdf, self.layout
        x = lay.margin
        if line.startswith("\x01"):
            number, line = line[1:].split("\x02", 1)
            pdf.set_font("cjk", "", lay.note * 0.7)
            pdf.text(x, y - lay.note * 0.35, number)
            x += pdf.get_string_width(number) + 2
        pdf.set_font("cjk", "", lay.note)
        pdf.text(x, y, line)

    def ensure(self, height: float, notes_needed: int = 0) -> None:
        step = self.layout.note * 1.5
        reserved = (self.page.note_lines + notes_needed) * step + (16 if notes_needed else 0)
        if self.page.note_lines:
            reserved += 16
        if self.y + height + reserved > self.bottom:
            self.new_page()

    # ------------------------------------------------------------------ text

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[list[str]]:
        pdf = self.pdf
        pdf.set_font("cjk", "B" if bold else "", size)
        lines: list[list[str]] = [[]]
        used = 0.0
        for atom in _atoms(text):
            w = size * 0.45 if atom.startswith("[^") else pdf.get_string_width(atom)
            if used + w > width and lines[-1]:
                if atom == " ":
                    # Kept at the end of the line, as word processors do: invisible, but the
                    # extracted text then says a space stood there.
                    lines[-1].append(atom)
                    continue
                if w > width:  # a URL longer than the line: break it anywhere
                    for ch in atom:
                        cw = pdf.get_string_width(ch)
                        if used + cw > width:
                            lines.append([])
                            used = 0.0
                        lines[-1].append(ch)
                        used += cw
                    continue
                lines.append([])
                used = 0.0
            lines[-1].append(atom)
            used += w
        return lines

    def draw_line(self, atoms: list[str], x: float, size: float, bold: bool = False) -> list[int]:
        """Print one line at the current y; return the footnote references it holds."""
        pdf = self.pdf
        refs: list[int] = []
        chunk = ""
        for atom in [*atoms, None]:
            if atom is not None and not atom.startswith("[^"):
                chunk += atom
                continue
            if chunk:
                pdf.set_font("cjk", "B" if bold else "", size)
                pdf.text(x, self.y, chunk)
                x += pdf.get_string_width(chunk)
                chunk = ""
            if atom is None:
                break
            refs.append(int(_REF.match(atom).group(1)))
            label = self.marker(refs[-1])
            pdf.set_font("cjk", "", size * 0.6)
            pdf.text(x + 0.5, self.y - size * 0.38, label)
            x += pdf.get_string_width(label) + 1
        return refs

    def marker(self, ref: int) -> str:
        """The printed number of a reference; numbering depends on the layout."""
        article_note = self.current_refs.setdefault(ref, None)
        if article_note is None:
            if self.layout.notes_at == "page":
                number = len(self.page.notes) + 1
            else:
                self.issue_note += 1
                number = self.issue_note
            self.current_refs[ref] = number
            note = self.footnote(ref, number)
            if self.layout.notes_at == "page":
                self.page.notes.append(note)
                self.page.note_lines += len(note.lines)
            else:
                self.article_notes.append(note)
        number = self.current_refs[ref]
        return f"[{number}]" if self.layout.notes_at == "article" else str(number)

    def footnote(self, ref: int, number: int) -> _Note:
        note = next(n for n in self.current.footnotes if n.n == ref)
        text = " ".join(part for part in (note.title, note.url) if part)
        lines = self.wrap(text, self.layout.note, self.width - 12)
        return _Note(number, text, ["".join(line).rstrip() for line in lines])

    def paragraph(self, text: str, size: float, bold: bool = False, indent: bool = True) -> None:
        lay = self.layout
        lead = size * 2 if lay.indent and indent else 0
        step = size * 1.65
        if not lay.indent:
            self.y += size * 0.6
        lines = self.wrap("\u3000\u3000" + text if lead else text, size, self.width, bold)
        for line in lines:
            pending = [a for a in line if a.startswith("[^") and self.is_new(a)]
            first_lines = len(pending)
            self.ensure(step, first_lines)
            self.y += step
            x = lay.margin
            if line and line[0] == "\u3000":
                line = line[2:] if line[:2] == ["\u3000", "\u3000"] else line
                x += lead
            self.draw_line(line, x, size, bold)

    def is_new(self, atom: str) -> bool:
        return int(_REF.match(atom).group(1)) not in self.current_refs

    # ------------------------------------------------------------------ issue

    def masthead_block(self) -> None:
        pdf, lay, m = self.pdf, self.layout, self.masthead
        pdf.set_font("cjk", "B", 26)
        pdf.text(lay.margin, lay.margin + 20, m.publication)
        pdf.set_font("cjk", "", 11)
        pdf.text(lay.margin, lay.margin + 48, f"{m.year}年第{m.number}期")
        pdf.text(lay.margin + self.width - pdf.get_string_width(m.date), lay.margin + 48, m.date)
        pdf.line(lay.margin, lay.margin + 58, lay.margin + self.width, lay.margin + 58)
        self.y = lay.margin + 70

    def article(self, article: Article) -> None:
        lay = self.layout
        self.current = article
        self.current_refs: dict[int, int | None] = {}
        self.article_notes = []
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        self.y += lay.title * 0.8
        lines = self.wrap(title, lay.title, self.width * lay.title_width, bold=True)
        self.ensure(lay.title * 1.5 * len(lines) + lay.body * 4)
        for line in lines:
            self.y += lay.title * 1.5
            self.draw_line(line, lay.margin, lay.title, bold=True)
        self.y += 4
        for text in body_paragraphs(article):
            self.paragraph(text, lay.body)
        for ref in sorted(n.n for n in article.footnotes if n.n not in self.current_refs):
            self.marker_only(ref)
        self.author_block(article)
        if self.article_notes:
            if lay.note_label:
                self.paragraph(lay.note_label, lay.note, indent=False)
            for note in self.article_notes:
                self.paragraph(f"[{note.number}] {note.text}", lay.note, indent=False)

    def marker_only(self, ref: int) -> None:
        """A footnote no marker in the body points to: printed all the same."""
        self.marker(ref)

    def author_block(self, article: Article) -> None:
        lay = self.layout
        if article.source_urls or article.original_title:
            names = " ".join(article.authors)
            self.paragraph(f"{names} 供稿自 {' '.join(article.source_urls)}", lay.body)
            if article.original_title:
                self.paragraph(f"原文标题：{article.original_title}", lay.body)
            return
        if not article.authors:
            return
        names = " ".join(article.authors)
        text = f"（执笔：{names}）" if lay.author_style == "执笔" else f"（{names}）"
        self.ensure(lay.body * 1.65)
        self.y += lay.body * 1.65
        self.pdf.set_font("cjk", "", lay.body)
        width = self.pdf.get_string_width(text)
        self.pdf.text(lay.margin + self.width - width, self.y, text)

    def section(self, name: str, first: bool) -> None:
        lay = self.layout
        if lay.section_on_new_page and not first:
            self.new_page()
        self.ensure(lay.section * 2 + lay.title * 3 + lay.body * 4)
        self.y += lay.section * 1.6
        self.pdf.set_font("cjk", "B", lay.section)
        self.pdf.text(lay.margin, self.y, name)
        self.y += 4

    def render(self) -> FPDF:
        self.new_page()
        self.masthead_block()
        section = None
        for article in self.issue.articles:
            if article.section and article.section != section:
                self.section(article.section, first=section is None)
                section = article.section
            self.article(article)
        self.finish_page()
        while self.carry:
            self.pdf.add_page()
            self.page, self.y = _Page(), self.layout.margin
            self.finish_page()
        return self.pdf


def render_issue(issue: Issue, layout: Layout, masthead: Masthead, out: Path) -> Path:
    """Write the issue as a PDF in ``layout`` to ``out``."""
    Writer(issue, layout, masthead).render().output(str(out))
    return out
