"""Print issue records to PDF with reportlab, for the PDF ingest tests.

reportlab sets text its own way: its Paragraph wraps and justifies (word spacing, or character
spacing for CJK), ``<super>`` raises a marker with a text rise (``Ts``) in one text object with
the line, and the fonts are TrueType subsets (AR PL, WenQuanYi from Debian). Footnotes stand at
the page bottom under a short drawn rule, in a smaller font, numbered from 1 on every page.

The layout varies per issue under a fixed seed: font, sizes, margins, page size, justification,
marker style, header and footer, watermark, one- or two-line titles, attribution line breaks.
Numbers restart per page, so the page a marker lands on must be known before it is printed:
the document is laid out again until the pages of all markers stop changing.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from briefgen.ingest.text_signs import CIRCLED
from briefgen.records import Article, Issue
from pdfgen import Masthead, body_paragraphs

FONTS = {
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
_CIRCLED_OF = {number: char for char, number in CIRCLED.items()}
#: Fonts a reader supplies, never embedded: the PDF names the face, its collection (Adobe-GB1)
#: and a predefined CMap (UniGB-UCS2-H), and carries no ToUnicode map. Asked for by name
#: (``replace(layout, font=...)``), never drawn at random.
CID_FACES = frozenset({"STSong-Light"})


@dataclass(frozen=True)
class RlLayout:
    font: str
    page: tuple[float, float]
    margin: float
    body: float
    title: float
    section: float
    note: float
    justify: bool
    marker: str  # "super" (reportlab's default rise) or "small-rise" (explicit size and rise)
    header: bool
    footer: str
    watermark: bool
    title_width: float
    attribution: str  # "inline": name 供稿自 URL in one paragraph; "split": one line each
    author_style: str  # "执笔" or "plain"
    small_captions: bool  # figure and table captions (图 1 …) centred in the notes' size
    #: How notes are numbered: "digits", or "circled" (①②③, Word's choice in many Chinese
    #: documents). Asked for by name (``replace``), never drawn at random.
    numbers: str = "digits"


def layout_for(issue_id: str, seed: int = 12) -> RlLayout:
    """The layout this issue is printed in: random, but the same on every run."""
    rng = random.Random(f"reportlab/{issue_id}/{seed}")
    body = rng.choice([9.5, 10, 10.5, 11, 12])
    return RlLayout(
        font=rng.choice(sorted(FONTS)),
        page=rng.choice([A4, LETTER]),
        margin=rng.choice([54.0, 64.0, 72.0, 80.0]),
        body=body,
        title=body + rng.choice([3, 4, 5]),
        section=body + rng.choice([6, 8]),
        note=round(body * rng.choice([0.7, 0.75, 0.8]), 1),
        justify=rng.random() < 0.6,
        marker=rng.choice(["super", "small-rise"]),
        header=rng.random() < 0.7,
        footer=rng.choice(["- {page} -", "第 {page} 页", "{page}"]),
        watermark=rng.random() < 0.5,
        title_width=rng.choice([1.0, 1.0, 0.55]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
        small_captions=rng.random() < 0.7,
    )


def _register(name: str) -> None:
    if name in CID_FACES:
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    elif name not in pdfmetrics.getRegisteredFontNames():
        path, index = FONTS[name]
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))


@dataclass
class _Notes:
    """Where each note's marker was drawn in the last pass, and what each page prints."""

    page_of: dict[int, int] = field(default_factory=dict)


class _Printer:
    def __init__(self, issue: Issue, layout: RlLayout, masthead: Masthead) -> None:
        self.issue, self.lay, self.masthead = issue, layout, masthead
        _register(layout.font)
        self.texts: dict[int, str] = {}  # note key -> printed text
        self.previous = _Notes()
        self.notes = _Notes()
        #: Room kept for notes per page: it only grows between passes, so the layout settles.
        self.reserve: dict[int, float] = {}

    # ------------------------------------------------------------------ styles

    def style(self, size: float, **extra: object) -> ParagraphStyle:
        base = {
            "fontName": self.lay.font,
            "fontSize": size,
            "leading": size * 1.6,
            "wordWrap": "CJK",
        }
        base.update(extra)
        return ParagraphStyle(f"s{size}{sorted(extra.items())}", **base)

    def marker(self, key: int) -> str:
        """Markup for the marker of note ``key``: its number on the page it fell on last pass."""
        page = self.previous.page_of.get(key)
        order = [k for k, p in sorted(self.previous.page_of.items()) if p == page]
        number = order.index(key) + 1 if page is not None else 1
        hook = f'<onDraw name="note" label="{key}"/>'
        if self.lay.marker == "super":
            return f"<super>{self.numbered(number)}</super>{hook}"
        size, rise = round(self.lay.body * 0.58, 1), round(self.lay.body * 0.42, 1)
        return f'<super size="{size}" rise="{rise}">{self.numbered(number)}</super>{hook}'

    def numbered(self, number: int) -> str:
        """A note's number as the layout prints it: 1, or ①."""
        return _CIRCLED_OF[number] if self.lay.numbers == "circled" else str(number)

    # ------------------------------------------------------------------ content

    def story(self) -> list[Flowable]:
        lay, m = self.lay, self.masthead
        story: list[Flowable] = [
            Paragraph(
                escape(m.publication), self.style(lay.section + 8, leading=(lay.section + 8) * 1.4)
            ),
            Paragraph(f"{m.year}年第{m.number}期　　{escape(m.date)}", self.style(lay.body)),
        ]
        section = None
        key = 0
        for article in self.issue.articles:
            if article.section and article.section != section:
                section = article.section
                story.append(
                    Paragraph(
                        escape(section), self.style(lay.section, spaceBefore=lay.body, spaceAfter=4)
                    )
                )
            story += self.article(article, key)
            key += len(article.footnotes)
        return story

    def article(self, article: Article, first_key: int) -> list[Flowable]:
        lay = self.lay
        keys = {note.n: first_key + k for k, note in enumerate(article.footnotes)}
        for note in article.footnotes:
            self.texts[keys[note.n]] = " ".join(p for p in (note.title, note.url) if p)
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        right = (1 - lay.title_width) * (lay.page[0] - 2 * lay.margin)
        out: list[Flowable] = [
            Paragraph(
                escape(title),
                self.style(lay.title, spaceBefore=lay.body * 0.8, spaceAfter=4, rightIndent=right),
            )
        ]
        body = self.style(lay.body, firstLineIndent=2 * lay.body, alignment=4 if lay.justify else 0)
        caption = self.style(lay.note, alignment=1, spaceBefore=3, spaceAfter=6)
        cited: set[int] = set()
        for text in body_paragraphs(article):
            markup = escape(text)
            for n, key in keys.items():
                if f"[^{n}]" in markup:
                    cited.add(n)
                    markup = markup.replace(f"[^{n}]", self.marker(key))
            small = lay.small_captions and re.match(r"[图表]\s*\d", text)
            out.append(Paragraph(markup, caption if small else body))
        for n, key in keys.items():
            if n not in cited:  # a note no marker points to: printed with the article's end
                out.append(Paragraph(f'<onDraw name="note" label="{key}"/>', self.style(1)))
        out += self.ending(article)
        return out

    def ending(self, article: Article) -> list[Flowable]:
        lay = self.lay
        names = " ".join(article.authors)
        plain = self.style(lay.body)
        if article.source_urls or article.original_title:
            urls = " ".join(article.source_urls)
            if lay.attribution == "inline":
                lines = [f"{names} 供稿自 {urls}"]
            else:
                lines = [f"{names} 供稿自", urls]
            if article.original_title:
                lines.append(f"原文标题：{article.original_title}")
            return [Paragraph(escape(line), plain) for line in lines if line]
        if not article.authors:
            return []
        text = f"（执笔：{names}）" if lay.author_style == "执笔" else f"（{names}）"
        return [Paragraph(escape(text), self.style(lay.body, alignment=2))]

    # ------------------------------------------------------------------ pages

    def note_paragraphs(self, page: int) -> list[Paragraph]:
        style = self.style(self.lay.note, leading=self.lay.note * 1.4)
        return [
            Paragraph(
                f'<super size="{self.lay.note * 0.7:.1f}">{self.numbered(k + 1)}</super> '
                f"{escape(self.texts[key])}",
                style,
            )
            for k, key in enumerate(sorted(self.previous_keys(page)))
        ]

    def previous_keys(self, page: int) -> list[int]:
        return [k for k, p in self.previous.page_of.items() if p == page]

    def notes_height(self, page: int) -> float:
        width = self.lay.page[0] - 2 * self.lay.margin
        paras = self.note_paragraphs(page)
        return sum(p.wrap(width, 1000)[1] for p in paras) + (14 if paras else 0)

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        lay = self.lay
        page = canvas.getPageNumber()
        canvas.setNamedCB("note", self.record)
        w, h = lay.page
        reserve = self.reserve.get(page, 0.0)
        doc.pageTemplate.frames[0] = Frame(
            lay.margin,
            lay.margin + reserve,
            w - 2 * lay.margin,
            h - 2 * lay.margin - reserve,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        canvas.saveState()
        canvas.setFont(lay.font, 8)
        if lay.header and page > 1:
            m = self.masthead
            canvas.drawString(
                lay.margin, h - lay.margin + 18, f"{m.publication}  {m.year}年第{m.number}期"
            )
            canvas.line(lay.margin, h - lay.margin + 12, w - lay.margin, h - lay.margin + 12)
        canvas.drawCentredString(w / 2, lay.margin - 28, lay.footer.format(page=page))
        if lay.watermark:
            canvas.setFillGray(0.85)
            canvas.setFont(lay.font, 48)
            canvas.translate(w / 2, h / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, "内部资料")
        canvas.restoreState()

    def on_page_end(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        lay = self.lay
        page = canvas.getPageNumber()
        paras = self.note_paragraphs(page)
        if not paras:
            return
        width = lay.page[0] - 2 * lay.margin
        heights = [p.wrap(width, 1000)[1] for p in paras]
        y = lay.margin + sum(heights)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(lay.margin, y + 6, lay.margin + width * 0.3, y + 6)
        canvas.restoreState()
        for para, height in zip(paras, heights, strict=True):
            y -= height
            para.drawOn(canvas, lay.margin, y)

    def record(self, canvas: Canvas, kind: str, label: str) -> None:
        self.notes.page_of.setdefault(int(label), canvas.getPageNumber())

    def build(self, out: Path) -> None:
        lay = self.lay
        for _attempt in range(12):
            self.notes = _Notes()
            doc = BaseDocTemplate(
                str(out),
                pagesize=lay.page,
                leftMargin=lay.margin,
                rightMargin=lay.margin,
                topMargin=lay.margin,
                bottomMargin=lay.margin,
                invariant=1,
                title="",
                author="",
            )
            frame = Frame(
                lay.margin, lay.margin, lay.page[0] - 2 * lay.margin, lay.page[1] - 2 * lay.margin
            )
            doc.addPageTemplates(
                [PageTemplate("all", [frame], onPage=self.on_page, onPageEnd=self.on_page_end)]
            )
            doc.build(self.story())
            if self.notes.page_of == self.previous.page_of:
                return
            self.previous = self.notes
            for page in set(self.notes.page_of.values()):
                self.reserve[page] = max(self.reserve.get(page, 0.0), self.notes_height(page))
        raise RuntimeError("reportlab layout: footnote pages did not settle")


def render_issue(issue: Issue, layout: RlLayout, masthead: Masthead, out: Path) -> Path:
    _Printer(issue, layout, masthead).build(out)
    return out
