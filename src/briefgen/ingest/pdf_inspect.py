"""Show what the PDF reader made of each page: every printed line, its role and why.

When a new publisher's PDF does not parse, an editor needs to see where it went wrong: which
line was taken for a title, which for a footnote, which was dropped as a running header or a
watermark. ``briefgen inspect`` writes one plain HTML page per PDF page (no scripts, no
external assets) and an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from briefgen.ingest.pdf import PdfDocument, PdfPage, read_pdf
from briefgen.ingest.pdf_layout import PdfLayout, layout_pdf
from briefgen.ingest.pdf_rows import Row
from briefgen.ingest.structure import find_articles

#: Colours by role, so a wrong role stands out on the page.
_COLOURS = {
    "section": "#fde2c8",
    "title": "#ffd2d2",
    "author line": "#e7d7fb",
    "body": "#ffffff",
    "footnote": "#d9ecff",
    "notes label": "#d9ecff",
    "header or footer": "#eeeeee",
    "watermark": "#eeeeee",
    "masthead": "#e3f6e3",
    "contents": "#eeeeee",
    "colophon": "#e3f6e3",
    "cover": "#eeeeee",
}
_STYLE = (
    "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;font-size:13px}"
    "th{background:#f4f4f4;text-align:left}sup.marker{color:#b00;font-weight:bold}"
    ".num{text-align:right;white-space:nowrap;color:#555}"
)


@dataclass(frozen=True, slots=True)
class LineView:
    """One printed line as the inspect page shows it."""

    y: float
    x: float
    size: float
    role: str
    why: str
    html: str


def parse_page_range(spec: str | None, count: int) -> list[int]:
    """Pages named by "1-3", "2", "1,4-5" (1-based, clipped to the document); all for None."""
    if not spec:
        return list(range(1, count + 1))
    pages: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        start = int(first)
        end = int(last) if last else start
        pages.update(range(max(start, 1), min(end, count) + 1))
    return sorted(pages)


def _article_roles(layout: PdfLayout) -> dict[int, tuple[str, str]]:
    """Roles that only the article structure tells: section, title, author line (by line)."""
    roles: dict[int, tuple[str, str]] = {}
    titles = {a.first_line for a in find_articles(layout.paragraphs)}
    endings = {a.last_line: a.ending for a in find_articles(layout.paragraphs) if a.ending}
    for para in layout.paragraphs:
        lines = range(para.first_line, para.last_line + 1)
        if para.first_line in titles:
            role = ("title", "the paragraph opens an article: a heading or a tagged title")
        elif para.role in ("section", "heading"):
            role = ("section", "a heading that names a section, not an article")
        elif para.last_line in endings:
            role = ("author line", f"ends the article ({endings[para.last_line]} line)")
        else:
            continue
        for no in lines:
            roles[no] = role
    return roles


def _row_html(row: Row) -> str:
    """The row's text, its superscript markers shown raised where they were printed."""
    parts: list[str] = []
    start = 0
    for marker in row.markers:
        parts.append(escape(row.text[start : marker.offset]))
        parts.append(f'<sup class="marker" title="footnote marker">{marker.number}</sup>')
        start = marker.offset
    parts.append(escape(row.text[start:]))
    return "".join(parts)


def _views(page: PdfPage, roles: dict[int, tuple[str, str]]) -> list[LineView]:
    views: list[LineView] = []
    for row in page.rows:
        role, why = row.role or "unused", row.why or "empty or not reached"
        if row.line in roles and role in ("heading", "body"):
            role, why = roles[row.line][0], f"{roles[row.line][1]}; {why}"
        elif role == "heading":
            role = "title"
        if row.markers:
            found = ", ".join(str(m.number) for m in row.markers)
            why += f"; markers {found}: smaller and raised above the baseline"
        views.append(LineView(row.y, row.x, row.size, role, why, _row_html(row)))
    return views


def _page_html(source: Path, page: PdfPage, views: list[LineView], total: int) -> str:
    rows = "".join(
        f'<tr style="background:{_COLOURS.get(v.role, "#fff6c8")}">'
        f'<td class="num">{v.y:.0f}</td><td class="num">{v.x:.0f}</td>'
        f'<td class="num">{v.size:g}</td><td>{escape(v.role)}</td><td>{v.html}</td>'
        f"<td>{escape(v.why)}</td></tr>"
        for v in views
    )
    notes = []
    if page.rotated:
        notes.append(f"{page.rotated} rotated text run(s) dropped as a watermark.")
    for rule in page.rules:
        notes.append(f"Drawn line from x={rule.x0:.0f} to {rule.x1:.0f} at y={rule.y:.0f}.")
    extra = "".join(f"<li>{escape(n)}</li>" for n in notes)
    nav = " ".join(
        f'<a href="page-{n:03d}.html">{n}</a>' if n != page.number else f"<b>{n}</b>"
        for n in range(1, total + 1)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(source.name)}: page {page.number}</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(source.name)}: page {page.number} of {total}</h1>"
        f'<p>Pages: {nav} · <a href="index.html">index</a></p>'
        f"<p>Page {page.width:.0f} × {page.height:.0f} pt; y counts up from the bottom.</p>"
        f"<ul>{extra}</ul><table><tr><th>y</th><th>x</th><th>size</th><th>role</th>"
        f"<th>text</th><th>why</th></tr>{rows}</table></body></html>"
    )


def inspect_pdf(source: Path, out: Path, pages: str | None = None) -> list[Path]:
    """Write ``out/page-NNN.html`` for the chosen pages and ``out/index.html``; their paths."""
    doc: PdfDocument = read_pdf(source)
    layout = layout_pdf(doc)
    roles = _article_roles(layout)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for number in parse_page_range(pages, len(doc.pages)):
        page = doc.pages[number - 1]
        path = out / f"page-{number:03d}.html"
        html = _page_html(source, page, _views(page, roles), len(doc.pages))
        path.write_text(html, encoding="utf-8")
        written.append(path)
    links = "".join(f'<li><a href="{p.name}">page {int(p.stem[5:])}</a></li>' for p in written)
    index = out / "index.html"
    index.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(source.name)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(source.name)}</h1><p>{len(doc.pages)} pages; publication "
        f"{escape(layout.label.publication or '?')}, number {escape(layout.label.number or '?')}"
        f", date {escape(layout.label.date or '?')}.</p><ul>{links}</ul></body></html>",
        encoding="utf-8",
    )
    return [index, *written]
