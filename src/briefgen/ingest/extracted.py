"""Read the pages of text a PDF text extractor wrote in its own way (pdftotext and the like).

``pages.py`` reads one extractor's conventions (a blank line after every line, a trailing space
ending each paragraph, a page starting with a one-space indent). Other extractors give other
signals, and this module reads those instead:

* a form feed between pages (text copied out of a viewer has none: a page number alone on a
  line, ``- 2 -``, ``第 2 页``, then ends a page);
* page numbers and running headers at a page's top or bottom, told by where they stand and by
  repeating from page to page (a header's issue number and a page's number may change);
* a watermark's characters scattered over the page, one CJK character alone on a line;
* footnotes at the page bottom, ``1 https://…`` or ``1https://…`` or the number on its own line,
  numbered on from the page's first;
* superscript markers glued to the text (``客户1。``) or put on a line of their own.

Where paragraphs end is read from the lines' widths and indents (``reflow.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from briefgen.ingest.endnotes import take_end_notes
from briefgen.ingest.pages import CJK, URL_TAIL, BodyLine, PageText, RawFootnote
from briefgen.ingest.reflow import Line, collapse_spaces, paragraph_ends
from briefgen.ingest.text_signs import WEB_ADDRESS

#: A page number standing alone: "2", "- 2 -", "-2-", "第2页", "第 2 页", "2 / 10".
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}(?:\s*/\s*\d{1,4})?)$"
)
#: Decorated page numbers only: a bare number may be a marker or a list item's number.
_DECORATED_NUMBER = re.compile(r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页)$")
#: A page number printed before or after a running header on the same line.
_NUMBER_PREFIX = re.compile(r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页)\s*")
_NUMBER_SUFFIX = re.compile(r"\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|第\s*\d{1,4}\s*页)$")
_SINGLE_CJK = re.compile(rf"^[{CJK}]$")
_HAS_CJK = re.compile(rf"[{CJK}]")
#: A footnote's first line: its number (maybe in brackets), then its text, a URL or a word
#: glued to the number ("1https://…", "26Patrick J. …", "15X-ray …"), or nothing (the text is
#: on the next line).
_ENTRY = re.compile(
    r"^[\[［]?(\d{1,3})[\]］]?"
    r"(?:\s+(\S.*)|(?=(?:https?|ftp)://|www\.|[A-Za-z]{2}|[A-Z][.-])(\S.*))?$"
)
#: After a number, these make it a quantity in running text ("2 倍", "30 亿美元"), no footnote.
_UNIT_START = set("年月日号时分秒万亿千百十个家项名位次倍款条种期座台部片件届度%％.．")
#: A Latin unit between a number and Chinese text ("200 mm 的晶片", "5 nm 工艺"): a quantity.
_LATIN_UNIT = re.compile(rf"^[a-zµμ]{{1,3}}\s*[{CJK}]")
_MARKER_LINE = re.compile(r"^\d{1,2}$")
#: A space left where a superscript marker stood, before the punctuation after it.
_MARKER_GAP = re.compile(r"(?<=\S) (?=[。，；、：！？）”])")
#: How many lines a footnote may run to, and how many a page's footnotes together.
_NOTE_LINES = 4
_BLOCK_LINES = 24
#: So many lines of one CJK character each, set this many columns in (``-layout``), are a
#: watermark's, whatever the characters.
_SCATTERED = 3
_FAR = 10
#: Lines a page may hold under its notes: a heading that opens the next page's article.
_LINES_UNDER_NOTES = 3
#: A header or footer repeats on at least this share of the pages.
_HEADER_SHARE = 0.4
#: So many lines with trailing spaces make the text pages.py's, however long it is.
_TRAILING = 50


def looks_extracted(text: str) -> bool:
    """Whether ``text`` is a PDF extractor's output that ``pages.py``'s signals do not fit.

    Trailing spaces (which end paragraphs in the other convention) say it is not, whatever
    else the text holds (a form feed at its end). Else a form feed says it is (MuPDF and
    pdfminer write a blank line after every line too); without one, a blank line after every
    line is pages.py's convention, and otherwise the blank lines fall inside sentences: after
    full lines that end in no punctuation (a hand-typed text's blank lines separate
    paragraphs).
    """
    lines = text.split("\n")
    filled = [k for k, line in enumerate(lines) if line.strip(" \t\f")]
    trailing = sum(lines[k] != lines[k].rstrip(" \t\u3000") for k in filled)
    if not filled or trailing >= min(0.1 * len(filled), _TRAILING):
        return False
    if "\f" in text:
        return True
    before_blank = [k for k in filled if k + 1 < len(lines) and not lines[k + 1].strip()]
    if len(before_blank) >= 0.9 * len(filled):
        return False  # a blank line after every line: pages.py's convention
    pages = sum(bool(_DECORATED_NUMBER.match(lines[k].strip())) for k in filled)
    return pages >= 2 or (len(before_blank) < 0.5 * len(filled) and _wraps(lines, filled))


def _wraps(lines: list[str], filled: list[int]) -> bool:
    """Lines of Chinese are hard-wrapped: most are about as wide as the widest, and end
    mid-sentence."""
    widths = sorted(len(lines[k].strip()) for k in filled)
    full = widths[int(len(widths) * 0.9)]
    wrapped = [
        k for k in filled if len(lines[k].strip()) >= 0.8 * full and _HAS_CJK.search(lines[k])
    ]
    open_ended = [k for k in wrapped if not lines[k].rstrip().endswith(("。", "！", "？", "）"))]
    return full >= 20 and len(open_ended) >= 0.3 * len(filled)


@dataclass(slots=True)
class _Page:
    lines: list[Line] = field(default_factory=list)


def split_extracted(text: str) -> PageText:
    """Body lines and footnotes of an extractor's text; line numbers stay those of the source."""
    pages = _pages(text)
    header = _drop_furniture(pages)
    watermark = _drop_watermark(pages)
    footnotes: list[RawFootnote] = []
    for number, page in enumerate(pages):
        last = footnotes[-1].number if footnotes else None
        notes, page.lines = _footnotes(page.lines, number, last)
        footnotes += notes
    end_notes, lines = take_end_notes([line for page in pages for line in page.lines])
    ended = {note.number for note in end_notes}
    on_page: dict[int, list[Line]] = {}
    for line in lines:
        on_page.setdefault(line.page, []).append(line)
    noted: dict[int, set[int]] = {}
    for note in footnotes:
        noted.setdefault(note.page, set()).add(note.number)
    body: list[Line] = []
    for number in range(len(pages)):
        body += _place_detached_markers(on_page.get(number, []), noted.get(number, set()) | ended)
    footnotes = sorted(footnotes + end_notes, key=lambda note: note.line)
    ends = paragraph_ends(body)
    out = [
        BodyLine(
            no=line.no,
            text=line.text,
            page=line.page,
            trailing_space=False,
            blank_before=line.blank_before,
            ends=end,
        )
        for line, end in zip(body, ends, strict=True)
    ]
    return PageText(out, footnotes, running_header=header, watermark=watermark)


def _pages(text: str) -> list[_Page]:
    """The non-empty lines page by page: a form feed starts a page, wherever in a line it
    stands ("- 1 -\\f美国能源部…", as pages joined by form feeds alone read); without any, a
    decorated page number alone on a line ends one. A blank line after every line (MuPDF's,
    pdfminer's) says nothing and is forgotten."""
    feeds = "\f" in text
    pages = [_Page()]
    blanks = 0
    for i, raw in enumerate(text.split("\n")):
        for k, segment in enumerate(raw.split("\f")):
            if k:
                pages.append(_Page())
            if not segment.strip():
                continue
            line = Line.of(i + 1, segment.rstrip(), len(pages) - 1, blanks)
            pages[-1].lines.append(line)
            if not feeds and _DECORATED_NUMBER.match(line.text):
                pages.append(_Page())
            blanks = 0
        blanks += not raw.replace("\f", "").strip()
    lines = [line for page in pages for line in page.lines]
    if sum(line.blank_before for line in lines) >= 0.9 * len(lines):
        for line in lines:
            line.blank_before = line.wide_gap_before = False
    for number, page in enumerate(pages):
        for line in page.lines:
            line.page = number
    return [page for page in pages if page.lines] or [_Page()]


def _drop_furniture(pages: list[_Page]) -> str | None:
    """Take page numbers and running headers and footers off each page; the header's text."""
    edges: list[tuple[_Page, Line]] = []
    for page in pages:
        for edge in _edge_lines(page):
            if _PAGE_NUMBER.match(edge.text):
                page.lines.remove(edge)
            else:
                edges.append((page, edge))
    keys = Counter(_header_key(line.text) for _, line in edges)
    least = max(2, _HEADER_SHARE * len(pages))
    header: str | None = None
    for page, line in edges:
        key = _header_key(line.text)
        if key and keys[key] >= least and line in page.lines:
            page.lines.remove(line)
            header = header or _strip_number(line.text)
    return header


def _edge_lines(page: _Page) -> list[Line]:
    """The lines page furniture stands on: the first two and the last two."""
    lines = page.lines
    picked = lines[:2] + lines[-2:] if len(lines) > 4 else list(lines)
    return list(dict.fromkeys(picked))


def _strip_number(text: str) -> str:
    return _NUMBER_SUFFIX.sub("", _NUMBER_PREFIX.sub("", text)).strip()


def _header_key(text: str) -> str:
    """A header line with what changes from page to page (numbers, spacing) left out; none
    for a line citing a web address (a note's, whose number and path change likewise)."""
    if WEB_ADDRESS.search(text):
        return ""
    key = re.sub(r"\d+", "#", re.sub(r"\s+", "", _strip_number(text)))
    return key if 2 <= len(key) <= 30 and not re.search(r"[。，；]", key) else ""


def _drop_watermark(pages: list[_Page]) -> str | None:
    """Drop a watermark's characters: one CJK character alone on a line, when the character
    stands so more than once in the text or next to another such line, or when the text has
    a few such lines (a diagonal watermark's characters, each alone once: 内, 部, 资, 料).
    The text of the first run of four or more such lines (a vertical watermark read whole) is
    returned."""
    singles = [line for page in pages for line in page.lines if _SINGLE_CJK.match(line.text)]
    counts = Counter(line.text for line in singles)
    # Set far in (-layout): a title's last character wrapped onto a line of its own ("…咨询
    # 委员会会" "议") starts where the title does, and in plain text nothing tells them apart.
    scattered = sum(line.indent >= _FAR for line in singles) >= _SCATTERED
    watermark: str | None = None
    marks: set[str] = set()
    for page in pages:
        run: list[Line] = []
        kept: list[Line] = []
        for k, line in enumerate(page.lines):
            if not _SINGLE_CJK.match(line.text):
                kept.append(line)
                watermark = watermark or _run_text(run)
                run = []
                continue
            near = [page.lines[j].text for j in (k - 1, k + 1) if 0 <= j < len(page.lines)]
            far = scattered and line.indent >= _FAR
            if far or counts[line.text] >= 2 or any(_SINGLE_CJK.match(t) for t in near):
                run.append(line)
                marks.add(line.text)
            else:
                kept.append(line)
        watermark = watermark or _run_text(run)
        page.lines = kept
    _drop_apart(pages, marks)
    return watermark


def _drop_apart(pages: list[_Page], marks: set[str]) -> None:
    """Take the watermark's characters (``marks``) standing apart beside a line's text off
    it (-layout: "资      （执笔：沈湘 王丽）"; before, it hid the author line)."""
    for page in pages if marks else []:
        page.lines = [line.without_apart(marks) for line in page.lines]
        page.lines = [line for line in page.lines if line.text]


def _run_text(run: list[Line]) -> str | None:
    return "".join(line.text for line in run) if len(run) >= 4 else None


def _footnotes(
    lines: list[Line], page: int, last: int | None
) -> tuple[list[RawFootnote], list[Line]]:
    """The footnotes at the page bottom, and the lines above them and any under them, after a
    gap (``last``: the number of the last footnote on the pages before)."""
    for start in range(max(0, len(lines) - _BLOCK_LINES), len(lines)):
        block = _read_block(lines[start:], page, last)
        if block is not None:
            notes, taken = block
            return notes, lines[:start] + lines[start + taken :]
    return [], lines


def _read_block(
    lines: list[Line], page: int, last: int | None
) -> tuple[list[RawFootnote], int] | None:
    """The footnotes ``lines`` start with, and how many lines they take, when the notes run
    to the page's end or to a gap that ends them (``_goes_on``): numbered on from the first,
    each a few lines long, citing a URL among them or numbered on from the pages before (a
    paper's citation may have none)."""
    notes: list[RawFootnote] = []
    taken = len(lines)
    for k, line in enumerate(lines):
        entry = _ENTRY.match(line.text)
        expected = notes[-1].number + 1 if notes else None
        renumbered = bool(notes) and _restarts(entry) and _cites_url(notes[-1])
        if entry and (expected is None or int(entry.group(1)) == expected or renumbered):
            rest = entry.group(2) or entry.group(3)
            if rest is None and (k + 1 == len(lines) or _ENTRY.match(lines[k + 1].text)):
                return None
            if rest is not None and (rest[:1] in _UNIT_START or _LATIN_UNIT.match(rest)):
                return None
            note = RawFootnote(number=int(entry.group(1)), page=page, line=line.no)
            if rest:
                note.parts.append(_collapse(rest))
                note.trailing.append(False)
            notes.append(note)
        elif not notes:
            return None
        elif not _goes_on(notes[-1], line):
            if len(lines) - k > _LINES_UNDER_NOTES:
                return None  # notes in the page's midst end an article (endnotes.py)
            taken = k
            break
        elif len(notes[-1].parts) >= _NOTE_LINES:
            return None
        else:
            notes[-1].parts.append(_collapse(line.text))
            notes[-1].trailing.append(False)
    if not notes:
        return None
    cites_url = any(_cites_url(note) for note in notes)
    return (notes, taken) if cites_url or notes[0].number == (last or 0) + 1 > 1 else None


#: A note's text ends here: what follows a blank line after it is no line of the note. A
#: sentence's end (after a word, a year "(2023)." or a quotation "。”"), or a title's "》".
_NOTE_END = re.compile(r"(?:[。！？；]|[A-Za-z0-9)）]/?\.)[”’」』）)\]]*$|》$")


def _goes_on(note: RawFootnote, line: Line) -> bool:
    """Is ``line`` the next line of ``note``? A note's lines stand together; after a blank
    line (an extractor's gap between two blocks, which some set between a note's lines) one
    goes on only while the note's text is unfinished: an address being broken, or a sentence.
    Else what stands there follows the notes: the next section's name and title, set under an
    article's notes (before, they were read as the last note's text)."""
    if not line.blank_before or not note.parts:
        return True  # (a note's number may stand on a line of its own, its text under it)
    if line.wide_gap_before:
        return False
    last = note.parts[-1]
    tail = last.rsplit(" ", 1)[-1]
    if WEB_ADDRESS.search(tail) or (URL_TAIL.match(last) and _cites_url(note)):
        return bool(URL_TAIL.match(line.text))  # (the address's earlier part, then this one)
    return not _NOTE_END.search(last)


def _restarts(entry: re.Match[str] | None) -> bool:
    """A note numbered 1 again: a typesetter numbering each article's notes from 1. Only an
    entry that cannot be a note's next line: its number alone, or glued to a URL or word, or
    before a URL (and after a note that cites one)."""
    if entry is None or entry.group(1) != "1":
        return False
    spaced = entry.group(2)
    return spaced is None or WEB_ADDRESS.match(spaced) is not None


def _cites_url(note: RawFootnote) -> bool:
    return any(WEB_ADDRESS.search(part) for part in note.parts)


def _collapse(text: str) -> str:
    """A line's text with the columns of spaces a layout-keeping extractor leaves collapsed."""
    return collapse_spaces(text.strip())


def _place_detached_markers(lines: list[Line], numbers: set[int]) -> list[Line]:
    """Put each superscript marker that stands on a line of its own back into the line before
    it: where a space was left before punctuation, else at that line's end. The lines left."""
    lines = list(lines)
    k = 1
    while k < len(lines):
        line = lines[k]
        if not (_MARKER_LINE.match(line.text) and int(line.text) in numbers):
            k += 1
            continue
        prev = lines[k - 1]
        gaps = list(_MARKER_GAP.finditer(prev.text))
        if gaps:
            at = gaps[-1].start()
            prev.text = prev.text[:at] + line.text + prev.text[at + 1 :]
        else:
            prev.text += line.text
        del lines[k]
    return lines
