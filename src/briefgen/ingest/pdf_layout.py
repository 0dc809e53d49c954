"""Find headings, body paragraphs and footnotes in the rows of a PDF by their typography.

Text sizes say what a row is: the most common size is body text, larger rows are headings,
smaller rows are footnotes. Rows that are no part of the text (running headers and footers,
the masthead that names the publication, issue number and date) are set aside first, by
pdf_furniture.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.cache import Cache
from briefgen.errors import SourceError
from briefgen.ingest.articles import assemble_articles
from briefgen.ingest.colophon import publisher
from briefgen.ingest.layouts import BY_HEADINGS, Layout
from briefgen.ingest.marked import Marker
from briefgen.ingest.ocr_cleanup import clean_ocr_body, clean_ocr_text
from briefgen.ingest.ocr_rows import article_confidence, with_ocr
from briefgen.ingest.pages import (
    BodyLine,
    PageText,
    RawFootnote,
    attach_markers,
    continues_url,
)
from briefgen.ingest.pdf import PdfDocument, read_pdf
from briefgen.ingest.pdf_citations import mark_bracketed_citations
from briefgen.ingest.pdf_contents import drop_contents
from briefgen.ingest.pdf_furniture import (
    IssueLabel,
    mark_colophon,
    mark_furniture,
    mark_vertical_stack,
    masthead,
    read_label,
    running_title,
)
from briefgen.ingest.pdf_hyphens import Hyphenation
from briefgen.ingest.pdf_measures import columns
from briefgen.ingest.pdf_paragraphs import build_pdf_paragraphs, wrapped_rows
from briefgen.ingest.pdf_roles import ENTRY, classify, entry_number
from briefgen.ingest.pdf_rows import Row
from briefgen.ingest.pdf_subheadings import mark_subheadings
from briefgen.ingest.pdf_tables import find_tables, with_tables
from briefgen.ingest.structure import Paragraph, find_articles
from briefgen.records import Article

#: Leading digits glued to a word (see _glued_readings), not to a number's own punctuation.
_GLUED_ENTRY = re.compile(r"^(\d{1,7})(?=[^\d.,，、:：/%-])")


@dataclass(slots=True)
class PdfLayout:
    paragraphs: list[Paragraph]
    footnotes: list[RawFootnote]
    label: IssueLabel
    #: The page each line number is on: PDF records cite pages.
    pages: dict[int, int] = field(default_factory=dict)


def _body_size(rows: list[Row]) -> float:
    weight: Counter[float] = Counter()
    for row in rows:
        weight[round(row.size * 2) / 2] += len(row.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def mark_rows(doc: PdfDocument) -> tuple[list[Row], IssueLabel, float]:
    """Give every row of the document its role; the rows that carry the issue's text.

    Returns those rows, what the masthead or running header says, and the body text size.
    """
    for row in (row for page in doc.pages for row in page.rows):
        row.role, row.why, row.line = "", "", 0
    mark_furniture(doc)
    for page in doc.pages:
        mark_vertical_stack(page.rows)
    rows = [row for page in doc.pages for row in page.rows]
    header_texts = [r.text for r in rows if r.role == "header or footer"]
    rows = [r for r in rows if not r.role and r.text.strip()]
    body = _body_size(rows)
    heading = body * 1.12
    label = masthead(doc, rows, heading)
    if label == IssueLabel():
        label = read_label(header_texts)
    if label.publication is None:
        label = running_title(doc, label)
    rows = drop_contents([r for r in rows if not r.role], heading)
    colophon = mark_colophon(rows)
    label = replace(label, publisher=publisher(colophon))
    rows = [r for r in rows if not r.role]
    classify(rows, body, heading, {page.number: page.rules for page in doc.pages})
    mark_subheadings(rows)
    mark_bracketed_citations(rows)
    return rows, label, body


def layout_pdf(doc: PdfDocument) -> PdfLayout:
    rows, label, body = mark_rows(doc)
    if not rows:
        raise SourceError(
            doc.path,
            None,
            "no article text: every printed line is page furniture (running headers, page "
            "numbers, the masthead, contents or colophon)",
        )
    kinds = [row.role for row in rows]
    notes: list[RawFootnote] = []
    texts: list[tuple[int, Row]] = []
    headings: dict[int, float] = {}
    cols = columns(rows, kinds)
    full = wrapped_rows(rows, kinds, cols)
    pages: dict[int, int] = {}
    cited: dict[int, set[int]] = {}
    for row in rows:
        if row.role != "footnote":
            cited.setdefault(row.page, set()).update(m.number for m in row.markers)
    # Where notes open with a raised number (TeX's), a number glued to a note row's text
    # ("2D MoS2 …" going on from the row before) opens none.
    glued = not any(r.role == "footnote" and r.markers and r.markers[0].offset == 0 for r in rows)
    hyphens = Hyphenation.measure([row.text for row in rows])
    for no, row in enumerate(rows, start=1):
        row.line = no
        pages[no] = row.page
        if row.role == "notes label":
            continue
        if row.role == "footnote":
            near = cited.get(row.page, set()) | cited.get(row.page - 1, set())
            trailing = row.space_after or not full[no]
            _add_note_row(notes, row, no, trailing, near, glued, hyphens)
            continue
        texts.append((no, row))
        if row.role == "heading":
            headings[no] = row.size
    lines = _body_lines(texts, notes, full)
    paragraphs = build_pdf_paragraphs(lines, rows, headings, cols, body, full, hyphens)
    tables = find_tables(rows, {page.number: page.rules for page in doc.pages})
    paragraphs = with_tables(paragraphs, tables) if tables else paragraphs
    return PdfLayout(paragraphs=paragraphs, footnotes=notes, label=label, pages=pages)


def _entry_start(
    row: Row, expected: int | None, cited: set[int], gluable: set[int] | None
) -> tuple[int, str] | None:
    """The number a footnote row opens with and the text after it, if it opens one.

    The number is superscript, bracketed, followed by a space or URL, or printed as runs of
    its own right before the text (LibreOffice sets "1FACT SHEET", "92020 年…" with no space
    between): then the reading that continues the numbering wins. A number that breaks the
    sequence still opens a note when a marker of that number is printed on this page or the
    one before (a long note moved to the next page puts the notes out of order). Glued to the
    text in one run (_glued_readings), it is read only when so cited (``gluable``: the numbers
    that may be so read; None where notes open with raised numbers).
    """
    text = row.text.strip()
    if row.markers and row.markers[0].offset == 0:
        return row.markers[0].number, text
    candidates: dict[int, str] = {}
    entry = ENTRY.match(text)
    if entry:
        number = entry_number(entry)
        if number in (1, expected) or expected is None or number in cited:
            return number, text[entry.end() :]
        candidates[number] = text[entry.end() :]
    digits = ""
    for run in row.runs[:-1]:
        if not run.text.strip().isdigit() or len(digits + run.text.strip()) > 3:
            break
        digits += run.text.strip()
        if text.startswith(digits):
            candidates.setdefault(int(digits), text[len(digits) :])
    for reading in (expected, 1):
        if reading in candidates:
            return reading, candidates[reading]
    return _glued_readings(text, expected, gluable) if gluable is not None else None


def _glued_readings(text: str, expected: int | None, cited: set[int]) -> tuple[int, str] | None:
    """A note's number glued to its text in one run, as a PDF printed through cairo
    (pdftocairo; Firefox's and GTK's print to file) sets LibreOffice's notes: "1Darsith…",
    "10Jonas…", "92020 年 10 月…". Read only when a marker of that number is printed on
    this page or the one before, and never where the digits could be the note's own:
    "2024, 627: 73" wrapped onto a note's next line is not note 2 (a year is read after
    the number only when it continues the numbering: "9" + "2020")."""
    glued = _GLUED_ENTRY.match(text)
    if glued is None:
        return None
    digits = glued.group(1)
    if len(digits) <= 3 and int(digits) in cited:
        return int(digits), text[len(digits) :]
    year = len(digits) - 4
    if 1 <= year <= 3 and int(digits[:year]) == expected and expected in cited:
        return expected, text[year:]
    return None


def _add_note_row(
    notes: list[RawFootnote],
    row: Row,
    no: int,
    space_at_end: bool,
    cited: set[int],
    glued: bool,
    hyphens: Hyphenation,
) -> None:
    """Start a note with ``row`` or carry the last one on; ``glued``: may a number glued to
    the row's text open a note (not where notes open with raised numbers)."""
    last = notes[-1] if notes else None
    expected = last.number + 1 if last else None
    gluable = cited
    if last is not None and last.parts and continues_url(last.parts[-1], row.text, True):
        # The row may carry on a web address broken at the line end: digits glued to its text
        # are the address's ("…5d8419e7" "8d5&recommendId=…", a marker 8 on the page), unless
        # they are the next note's number (cairo glues "2Darsith…" to the note's text).
        gluable = cited & {expected}
    entry = _entry_start(row, expected, cited, gluable if glued else None)
    trailing = space_at_end
    if entry is not None:
        note = RawFootnote(number=entry[0], page=row.page, line=no)
        rest = entry[1].strip()
        if rest:
            note.parts.append(rest)
            note.trailing.append(trailing)
        notes.append(note)
    elif last is not None and last.parts and hyphens.hyphenated(last.parts[-1], row.text):
        last.parts[-1] = last.parts[-1][:-1] + row.text.strip()  # "manufac-" "turing"
        last.trailing[-1] = trailing
    elif last is not None:
        last.parts.append(row.text.strip())  # carries on, maybe from the last page
        last.trailing.append(trailing)


def _body_lines(
    texts: list[tuple[int, Row]], notes: list[RawFootnote], full: dict[int, bool]
) -> list[BodyLine]:
    """Body lines with each superscript marker tied to its footnote.

    A marker gets the first unused footnote of its number printed after it: that one rule
    serves footnotes at the page bottom (the entry follows on the same page) and notes collected
    at the article's end; but the last note of the page before comes first, unused and of its
    number (Typst sets a note there when the line citing it moves on to the next page).
    Without superscripts, markers are looked for in the text the way the text ingest does.
    """
    lines: list[BodyLine] = []
    for no, row in texts:
        markers: list[Marker] = []
        for printed in row.markers:
            k = _note_of(printed.number, no, row.page, notes)
            if k is not None:  # else a marker with no footnote printed: nothing to link to
                notes[k].matched = True
                markers.append(Marker(printed.offset, printed.number, k))
        lines.append(
            BodyLine(
                no=no,
                text=row.text,
                page=row.page,
                trailing_space=not full[no],
                markers=tuple(markers),
            )
        )
    if not any(row.markers for _no, row in texts):
        attach_markers(PageText(body=lines, footnotes=notes, running_header=None))
    return lines


def _note_of(number: int, line: int, page: int, notes: list[RawFootnote]) -> int | None:
    """The footnote a marker printed at ``line`` on ``page`` cites (see _body_lines)."""
    before = [k for k, n in enumerate(notes) if n.page == page - 1 and n.line < line]
    if before and not notes[before[-1]].matched and notes[before[-1]].number == number:
        return before[-1]
    return next(
        (k for k, n in enumerate(notes) if not n.matched and n.number == number and n.line > line),
        None,
    )


def _read_by_ocr(article: Article, confidence: int | None) -> Article:
    """An article read by OCR: its confidence, and its whole text cleaned up again (what rows
    split: a bracket opened at one row's end and closed on the next, a list's numbers)."""
    return replace(
        article,
        title=clean_ocr_text(article.title),
        body=clean_ocr_body(article.body),
        ocr_confidence=confidence,
    )


@dataclass(frozen=True, slots=True)
class ParsedPdf:
    articles: list[Article]
    label: IssueLabel
    sha256: str
    layout: Layout
    #: Pages of it were read by OCR.
    ocr: bool = False


def parse_pdf(path: Path, ocr: bool = False, cache: Cache | None = None) -> ParsedPdf:
    """Records for every article of a PDF issue; SourceError or ParseError naming the page.

    With ``ocr``, pages with no text layer are read by OCR (its words kept in ``cache``).
    """
    doc = with_ocr(read_pdf(path, scanned_ok=True), cache) if ocr else read_pdf(path)
    typeset = layout_pdf(doc)
    raw_articles = find_articles(typeset.paragraphs)
    first = typeset.paragraphs[0].first_line if typeset.paragraphs else 1
    found = assemble_articles(
        raw_articles,
        typeset.footnotes,
        path,
        first,
        page_of=lambda no: typeset.pages.get(no, 1),
        fallback=BY_HEADINGS if _titles_by_type(typeset.paragraphs) else None,
    )
    articles = found.articles
    if doc.ocr_pages:
        articles = [_read_by_ocr(a, article_confidence(doc, a.lines)) for a in articles]
    # A PDF record's ``lines`` are the pages the article is printed on.
    articles = [replace(a, lines=[typeset.pages.get(n, 1) for n in a.lines]) for a in articles]
    return ParsedPdf(
        articles=articles,
        label=typeset.label,
        sha256=doc.sha256,
        layout=found.layout,
        ocr=bool(doc.ocr_pages),
    )


def _titles_by_type(paragraphs: list[Paragraph]) -> bool:
    """The type told two or more titles (or headings) apart from the body text."""
    return sum(p.role in ("title", "heading") for p in paragraphs) >= 2
