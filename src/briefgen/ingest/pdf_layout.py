"""Find headings, body paragraphs and footnotes in the rows of a PDF by their typography.

Text sizes say what a row is: the most common size is body text, larger rows are headings,
smaller rows are footnotes. Rows that repeat at the page top or bottom are running headers and
footers; the masthead on the first page names the publication, issue number and date.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.ingest.articles import assemble_articles
from briefgen.ingest.pages import (
    MARK_CLOSE,
    MARK_OPEN,
    BodyLine,
    PageText,
    RawFootnote,
    attach_markers,
    is_wide,
)
from briefgen.ingest.pdf import SUP_CLOSE, SUP_OPEN, PdfDocument, Row, read_pdf
from briefgen.ingest.pdf_paragraphs import build_pdf_paragraphs, columns, wrapped_rows
from briefgen.ingest.structure import Paragraph, find_articles
from briefgen.records import Article

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-–—\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d+)?$",
    re.IGNORECASE,
)
_ISSUE_NUMBER = re.compile(r"(\d{4})\s*年\s*第\s*(\d{1,3})\s*期")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TOC_ENTRY = re.compile(r"[.…·・\s]{4,}\d{1,3}$")
_TOC_HEAD = re.compile(r"^(?:目\s*录|contents)$", re.IGNORECASE)
_NOTES_HEAD = re.compile(
    r"^(?:注释|注|参考文献|参考资料|notes|references)\s*[:：]?$", re.IGNORECASE
)
_ENTRY = re.compile(
    rf"^(?:{SUP_OPEN}(\d{{1,3}}){SUP_CLOSE}|[\[［(（]?(\d{{1,3}})[\]］)）.．、]|(\d{{1,3}})(?=\s|https?:))\s*"
)
_SUP = re.compile(f"{SUP_OPEN}(\\d+){SUP_CLOSE}")


@dataclass(frozen=True, slots=True)
class IssueLabel:
    """What a masthead or running header says about the issue."""

    publication: str | None = None
    number: str | None = None
    date: str | None = None


@dataclass(slots=True)
class PdfLayout:
    paragraphs: list[Paragraph]
    footnotes: list[RawFootnote]
    label: IssueLabel
    #: The page each line number is on: PDF records cite pages.
    pages: dict[int, int] = field(default_factory=dict)


def read_label(texts: list[str]) -> IssueLabel:
    """Publication, number and date from masthead or header lines ("信息科技快报 2024年第3期")."""
    publication = number = date = None
    for text in texts:
        issue = _ISSUE_NUMBER.search(text)
        if issue and number is None:
            number = issue.group(2)
            before = text[: issue.start()].strip(" ·|-—")
            if before and publication is None:
                publication = before
        day = _FULL_DATE.search(text)
        if day and date is None:
            y, m, d = (int(g) for g in day.groups())
            date = f"{y:04d}-{m:02d}-{d:02d}"
    return IssueLabel(publication, number, date)


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _running_rows(doc: PdfDocument) -> set[int]:
    """Rows that are page furniture: page numbers and text repeated at the page edge."""
    seen: Counter[str] = Counter()
    edge: list[tuple[Row, str]] = []
    for page in doc.pages:
        for row in page.rows:
            near_top = row.y > page.height * 0.9
            near_bottom = row.y < page.height * 0.08
            if near_top or near_bottom:
                key = ("t" if near_top else "b") + _norm(row.text)
                edge.append((row, key))
                seen[key] += 1
    repeated = max(2, len(doc.pages) // 3) if len(doc.pages) > 2 else 2
    return {
        id(row)
        for row, key in edge
        if _PAGE_NUMBER.match(row.text) or (seen[key] >= repeated and len(doc.pages) > 1)
    }


def _vertical_stack(rows: list[Row]) -> set[int]:
    """Single characters stacked in a column: a watermark printed without rotation."""
    singles = [r for r in rows if len(r.text) == 1 and is_wide(r.text)]
    by_x: dict[int, list[Row]] = {}
    for row in singles:
        by_x.setdefault(round(row.x), []).append(row)
    return {id(r) for column in by_x.values() if len(column) >= 4 for r in column}


def _body_size(rows: list[Row]) -> float:
    weight: Counter[float] = Counter()
    for row in rows:
        weight[round(row.size * 2) / 2] += len(row.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def _masthead(doc: PdfDocument, rows: list[Row], heading: float) -> tuple[set[int], IssueLabel]:
    """The first page's title block: rows above and beside the issue number line."""
    first = [r for r in rows if r.page == 1]
    page = doc.pages[0]
    top = [r for r in first if r.y > page.height * 0.6]
    numbered = [r for r in top if _ISSUE_NUMBER.search(r.text)]
    if not numbered:
        return set(), IssueLabel()
    last = numbered[-1]
    block = [r for r in top if r.y >= last.y - 2]
    label = read_label([r.text for r in block])
    biggest = max(block, key=lambda r: r.size)
    if biggest.size >= heading and not _ISSUE_NUMBER.search(biggest.text):
        label = IssueLabel(biggest.text.strip(), label.number, label.date)
    return {id(r) for r in block}, label


def layout_pdf(doc: PdfDocument) -> PdfLayout:
    rows = [row for page in doc.pages for row in page.rows]
    furniture = _running_rows(doc)
    for page in doc.pages:
        furniture |= _vertical_stack(page.rows)
    header_texts = [r.text for r in rows if id(r) in furniture]
    rows = [r for r in rows if id(r) not in furniture and r.text.strip()]
    body = _body_size(rows)
    heading = body * 1.12
    masthead, label = _masthead(doc, rows, heading)
    rows = [r for r in rows if id(r) not in masthead]
    if label == IssueLabel():
        label = read_label(header_texts)
    rows = _drop_toc(rows)

    kinds = _classify(rows, body, heading)
    lines: list[BodyLine] = []
    notes: list[RawFootnote] = []
    headings: dict[int, float] = {}
    cols = columns(rows, kinds)
    full = wrapped_rows(rows, kinds, cols)
    pages: dict[int, int] = {}
    for no, (row, kind) in enumerate(zip(rows, kinds, strict=True), start=1):
        pages[no] = row.page
        if kind == "label":
            continue
        if kind == "note":
            _add_note_row(notes, row, no, space_at_end=row.space_after or not full[no])
            continue
        text = _SUP.sub(lambda m: f"{MARK_OPEN}?{m.group(1)}{MARK_CLOSE}", row.text)
        lines.append(BodyLine(no=no, text=text, page=row.page, trailing_space=not full[no]))
        if kind == "heading":
            headings[no] = row.size
    _match_markers(lines, notes)
    paragraphs = build_pdf_paragraphs(lines, rows, headings, cols, body, full)
    return PdfLayout(paragraphs=paragraphs, footnotes=notes, label=label, pages=pages)


def _drop_toc(rows: list[Row]) -> list[Row]:
    if not any(_TOC_HEAD.match(r.text.strip()) for r in rows[:80]):
        return rows
    return [r for r in rows if not (_TOC_HEAD.match(r.text.strip()) or _TOC_ENTRY.search(r.text))]


def _classify(rows: list[Row], body: float, heading: float) -> list[str]:
    """Each row's kind: "heading", "note" (footnote text), "label" (注释：) or "body"."""
    kinds: list[str] = []
    in_notes = False
    for row in rows:
        text = row.text.strip()
        if row.size >= heading:
            kinds.append("heading")
            in_notes = False
        elif _NOTES_HEAD.match(text):
            kinds.append("label")
            in_notes = True
        elif row.size <= body * 0.9:
            kinds.append("note")
        elif in_notes and (_ENTRY.match(text) or (kinds[-1] == "note" and not row.bold)):
            # Notes set in body size after a 注释 label: entries and their continuations.
            kinds.append("note")
        else:
            kinds.append("body")
            in_notes = False
    return kinds


def _entry_start(row: Row, expected: int | None) -> tuple[int, str] | None:
    """The number a footnote row opens with and the text after it, if it opens one.

    The number is superscript, bracketed, followed by a space or URL, or printed as runs of
    its own right before the text (LibreOffice sets "1FACT SHEET", "92020 年…" with no space
    between): then the reading that continues the numbering wins.
    """
    text = row.text.strip()
    candidates: dict[int, str] = {}
    entry = _ENTRY.match(text)
    if entry:
        number = int(next(g for g in entry.groups() if g))
        if text.startswith(SUP_OPEN) or number in (1, expected) or expected is None:
            return number, _SUP.sub("", text[entry.end() :])
        candidates[number] = _SUP.sub("", text[entry.end() :])
    digits = ""
    for run in row.runs[:-1]:
        if not run.text.strip().isdigit() or len(digits + run.text.strip()) > 3:
            break
        digits += run.text.strip()
        if text.startswith(digits):
            candidates.setdefault(int(digits), _SUP.sub("", text[len(digits) :]))
    for reading in (expected, 1):
        if reading in candidates:
            return reading, candidates[reading]
    return None


def _add_note_row(notes: list[RawFootnote], row: Row, no: int, space_at_end: bool) -> None:
    last = notes[-1] if notes else None
    entry = _entry_start(row, last.number + 1 if last else None)
    trailing = space_at_end
    if entry is not None:
        note = RawFootnote(number=entry[0], page=row.page, line=no)
        rest = entry[1].strip()
        if rest:
            note.parts.append(rest)
            note.trailing.append(trailing)
        notes.append(note)
    elif last is not None:
        last.parts.append(_SUP.sub("", row.text.strip()))  # carries on, maybe from the last page
        last.trailing.append(trailing)


def _match_markers(lines: list[BodyLine], notes: list[RawFootnote]) -> None:
    """Give each superscript marker the first unused footnote of its number printed after it.

    That one rule serves footnotes at the page bottom (the entry follows on the same page) and
    notes collected at the article's end. Without superscripts, markers are looked for in the
    text the way the text ingest does.
    """
    placeholder = re.compile(f"{MARK_OPEN}\\?(\\d+){MARK_CLOSE}")
    if not any(placeholder.search(line.text) for line in lines):
        attach_markers(PageText(body=lines, footnotes=notes, running_header=None))
        return
    fid = 0
    for line in lines:

        def replace(match: re.Match[str], line: BodyLine = line) -> str:
            nonlocal fid
            number = int(match.group(1))
            note = next(
                (n for n in notes if n.fid is None and n.number == number and n.line > line.no),
                None,
            )
            if note is None:
                return ""  # a marker with no footnote printed: nothing to link to
            note.fid, fid = fid, fid + 1
            return f"{MARK_OPEN}{note.fid}{MARK_CLOSE}"

        line.text = placeholder.sub(replace, line.text)


@dataclass(frozen=True, slots=True)
class ParsedPdf:
    articles: list[Article]
    label: IssueLabel
    sha256: str


def parse_pdf(path: Path) -> ParsedPdf:
    """Records for every article of a PDF issue; SourceError or ParseError naming the page."""
    doc = read_pdf(path)
    layout = layout_pdf(doc)
    raw_articles = find_articles(layout.paragraphs)
    first = layout.paragraphs[0].first_line if layout.paragraphs else 1
    articles = assemble_articles(
        raw_articles, layout.footnotes, path, first, page_of=lambda no: layout.pages.get(no, 1)
    )
    # A PDF record's ``lines`` are the pages the article is printed on.
    articles = [replace(a, lines=[layout.pages.get(n, 1) for n in a.lines]) for a in articles]
    return ParsedPdf(articles=articles, label=layout.label, sha256=doc.sha256)
