"""Print issue records to PDF from HTML and CSS, for the PDF ingest tests.

Two printers read the same page: WeasyPrint, whose CSS ``float: footnote`` sets real footnotes
at the page bottom under a rule (numbered through the issue: WeasyPrint has no per-page reset;
a note too long for its page moves to the next, out of order), and Debian's chromium through
Playwright's ``page.pdf()``, with notes at each article's end numbered through the issue.
Chromium prints through Skia: glyphs that a font shares between an ideograph and a radical are
mapped to the radical, with the real text in ``/ActualText``.

The layout varies per issue under a fixed seed: font family, sizes, margins, justification,
marker style, notes heading, header and footer, watermark, one- or two-line titles.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from briefgen.records import Article, Issue
from browser import launch
from pdfgen import Masthead, body_paragraphs

FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "WenQuanYi Zen Hei",
)


@dataclass(frozen=True)
class HtmlLayout:
    printer: str  # "weasyprint" or "chromium"
    family: str
    page: str  # "A4" or "Letter"
    margin_mm: int
    body: float
    title: float
    section: float
    note: float
    justify: bool
    marker: str  # "sup" (<sup>) or "raised" (a span set smaller on a raised baseline)
    notes: str  # "footnote" (page bottom), "end" (after the article)
    notes_heading: str  # "" or "注释："
    entry: str  # how an end note opens: "[n]" or "n."
    header: bool
    watermark: bool
    title_width: int  # percent of the text width a title may use
    attribution: str  # "inline" or "split"
    author_style: str  # "执笔" or "plain"
    small_captions: bool  # figure and table captions (图 1 …) centred in the notes' size


def heading_sizes(rng: random.Random, body: float) -> dict[str, float]:
    """A layout's title, section and note sizes, drawn after its body size: the same draws in
    every generator that takes them, in the order each layout_for always drew them."""
    return {
        "title": body + rng.choice([3, 4, 6]),
        "section": body + rng.choice([7, 9]),
        "note": round(body * rng.choice([0.72, 0.8]), 1),
    }


def layout_for(issue_id: str, printer: str, seed: int = 12) -> HtmlLayout:
    """The layout this issue is printed in by ``printer``: random, the same on every run."""
    rng = random.Random(f"{printer}/{issue_id}/{seed}")
    body = rng.choice([10.0, 10.5, 11.0, 12.0])
    return HtmlLayout(
        printer=printer,
        family=rng.choice(FAMILIES),
        page=rng.choice(["A4", "Letter"]),
        margin_mm=rng.choice([18, 22, 25]),
        body=body,
        **heading_sizes(rng, body),
        justify=rng.random() < 0.6,
        marker=rng.choice(["sup", "raised"]),
        notes="footnote" if printer == "weasyprint" else "end",
        notes_heading=rng.choice(["", "注释："]),
        entry=rng.choice(["[n]", "n."]),
        header=rng.random() < 0.7,
        watermark=rng.random() < 0.5,
        title_width=rng.choice([100, 100, 55]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
        small_captions=rng.random() < 0.7,
    )


_CSS = """
@page {{ size: {page}; margin: {margin}mm;
  {page_boxes} }}
@page :first {{ @top-left {{ content: none }} }}
body {{ font-family: "{family}"; font-size: {body}pt; line-height: 1.65; margin: 0 }}
h1 {{ font-size: {section}pt; margin: 1.2em 0 0.4em; font-weight: bold }}
h2 {{ font-size: {title}pt; margin: 1em 0 0.4em; font-weight: bold; max-width: {title_width}% }}
p {{ margin: 0 0 0.2em; text-indent: 2em; text-align: {align} }}
p.plain {{ text-indent: 0; text-align: left }}
p.author {{ text-align: right; text-indent: 0 }}
p.caption {{ font-size: {note}pt; text-align: center; text-indent: 0; margin: 0.3em 0 0.6em }}
.masthead {{ font-size: 26pt; font-weight: bold; text-indent: 0 }}
sup, .raised {{ font-size: 60%; line-height: 0 }}
.raised {{ position: relative; top: -0.55em }}
.fn {{ float: footnote; font-size: {note}pt; line-height: 1.4; text-indent: 0; text-align: left }}
.fn::footnote-call {{ content: counter(footnote); font-size: 60%; vertical-align: super;
  line-height: 0 }}
.fn.silent::footnote-call {{ content: none }}
.fn::footnote-marker {{ content: counter(footnote) " " }}
@page {{ @footnote {{ border-top: 0.5pt solid black; padding-top: 3pt }} }}
.notes {{ font-size: {note}pt; line-height: 1.45; text-indent: 0; margin: 0.5em 0 }}
.notes p {{ text-indent: 0; text-align: left; margin: 0 }}
.wm {{ position: fixed; top: 45%; left: 15%; font-size: 54pt; color: #ddd;
  transform: rotate(-35deg); z-index: -1 }}
"""


def _css(lay: HtmlLayout, masthead: Masthead) -> str:
    boxes = ""
    if lay.printer == "weasyprint":
        boxes = '@bottom-center { content: "- " counter(page) " -"; font-size: 8pt }'
        if lay.header:
            header = f"{masthead.publication}  {masthead.year}年第{masthead.number}期"
            boxes += f' @top-left {{ content: "{header}"; font-size: 8pt }}'
    return _CSS.format(
        page=lay.page,
        margin=lay.margin_mm,
        page_boxes=boxes,
        family=lay.family,
        body=lay.body,
        section=lay.section,
        title=lay.title,
        title_width=lay.title_width,
        note=lay.note,
        align="justify" if lay.justify else "left",
    )


def _marker(lay: HtmlLayout, number: int) -> str:
    if lay.marker == "sup":
        return f"<sup>{number}</sup>"
    return f'<span class="raised">{number}</span>'


class _Html:
    def __init__(self, issue: Issue, lay: HtmlLayout, masthead: Masthead) -> None:
        self.issue, self.lay, self.masthead = issue, lay, masthead
        self.through = 0  # end notes are numbered through the issue

    def document(self) -> str:
        m, lay = self.masthead, self.lay
        parts = [
            f'<p class="masthead">{escape(m.publication)}</p>',
            f'<p class="plain">{m.year}年第{m.number}期　　{escape(m.date)}</p>',
        ]
        if lay.watermark:
            parts.append('<div class="wm">内部资料</div>')
        section = None
        for article in self.issue.articles:
            if article.section and article.section != section:
                section = article.section
                parts.append(f"<h1>{escape(section)}</h1>")
            parts += self.article(article)
        return (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<style>{_css(lay, m)}</style></head><body>{''.join(parts)}</body></html>"
        )

    def article(self, article: Article) -> list[str]:
        lay = self.lay
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        out = [f"<h2>{escape(title)}</h2>"]
        notes = {note.n: note for note in article.footnotes}
        numbers: dict[int, int] = {}
        cited: set[int] = set()

        def note_text(n: int) -> str:
            note = notes[n]
            return escape(" ".join(p for p in (note.title, note.url) if p))

        def call(match: re.Match[str]) -> str:
            n = int(match.group(1))
            cited.add(n)
            if lay.notes == "footnote":
                return f'<span class="fn">{note_text(n)}</span>'
            self.through += 1
            numbers[n] = self.through
            return _marker(lay, self.through)

        paragraphs: list[str] = []
        for text in body_paragraphs(article):
            html = re.sub(r"\[\^(\d+)\]", call, escape(text))
            caption = lay.small_captions and re.match(r"[图表]\s*\d", text)
            paragraphs.append(f'<p class="caption">{html}</p>' if caption else f"<p>{html}</p>")
        silent = [n for n in notes if n not in cited]
        if lay.notes == "footnote" and silent:
            extra = "".join(f'<span class="fn silent">{note_text(n)}</span>' for n in silent)
            paragraphs[-1] = paragraphs[-1].replace("</p>", extra + "</p>")
        for n in silent:
            if lay.notes == "end":
                self.through += 1
                numbers[n] = self.through
        out += paragraphs
        out += self.ending(article)
        if lay.notes == "end" and numbers:
            entries = []
            for n, number in sorted(numbers.items(), key=lambda item: item[1]):
                opening = f"[{number}]" if lay.entry == "[n]" else f"{number}."
                entries.append(f"<p>{opening} {note_text(n)}</p>")
            heading = f"<p>{lay.notes_heading}</p>" if lay.notes_heading else ""
            out.append(f'<div class="notes">{heading}{"".join(entries)}</div>')
        return out

    def ending(self, article: Article) -> list[str]:
        plain, author = ending_lines(article, self.lay.attribution, self.lay.author_style)
        if author:
            return [f'<p class="author">{escape(author)}</p>']
        return [f'<p class="plain">{escape(line)}</p>' for line in plain]


def ending_lines(article: Article, attribution: str, author_style: str) -> tuple[list[str], str]:
    """How an article ends: its 供稿自 lines, set flush left ("inline": names and URLs on one
    line, "split": URLs on the next), or else its author line set flush right ("执笔" style
    or names alone in brackets; "" when it has no author)."""
    names = " ".join(article.authors)
    if article.source_urls or article.original_title:
        urls = " ".join(article.source_urls)
        lines = [f"{names} 供稿自 {urls}"] if attribution == "inline" else [f"{names} 供稿自", urls]
        if article.original_title:
            lines.append(f"原文标题：{article.original_title}")
        return [line for line in lines if line], ""
    if not article.authors:
        return [], ""
    return [], f"（执笔：{names}）" if author_style == "执笔" else f"（{names}）"


def issue_html(issue: Issue, lay: HtmlLayout, masthead: Masthead) -> str:
    return _Html(issue, lay, masthead).document()


def render_weasyprint(issue: Issue, lay: HtmlLayout, masthead: Masthead, out: Path) -> Path:
    """Print with WeasyPrint, imported here: a print is made only when the PDF cache lacks it,
    and importing WeasyPrint (Pango through cffi) cost every test process that imports this
    module some 0.6 s of CPU, in every run, the cache warm or not."""
    from weasyprint import HTML

    HTML(string=issue_html(issue, lay, masthead)).write_pdf(str(out))
    return out


def render_chromium(issue: Issue, lay: HtmlLayout, masthead: Masthead, out: Path) -> Path:
    """Print with Debian's chromium; call it in a process of its own (Playwright's sync API)."""
    margin = f"{lay.margin_mm}mm"
    header = (
        f"<div style=\"font-size:8pt;margin-left:{margin};font-family:'{lay.family}'\">"
        f"{escape(masthead.publication)}</div>"
        if lay.header
        else "<div></div>"
    )
    footer = (
        '<div style="font-size:8pt;width:100%;text-align:center">'
        '第 <span class="pageNumber"></span> 页</div>'
    )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.set_content(issue_html(issue, lay, masthead), wait_until="load")
        page.pdf(
            path=str(out),
            format=lay.page,
            margin={"top": margin, "bottom": margin, "left": margin, "right": margin},
            display_header_footer=True,
            header_template=header,
            footer_template=footer,
        )
        browser.close()
    return out
