"""Notes gathered at an article's end in an extractor's text, not at the page bottom.

Some prints (a browser's, from HTML) set an article's notes after its text, under a heading or
right after its author line::

    （执笔：沈湘 王丽）
    注释：
    1. https://www.asml.com/en/news/press-releases/2023/statement-regarding-partial-…
    2. https://www.asml.com/en/products/duv-lithography-systems

A block of them is numbered on from its first entry (``1.``, ``[1]``, ``1、``), each entry a few
lines, and stands under a notes heading, or cites a URL in every entry (a numbered list of the
text cites none). An entry's next line goes on with it when the line before was full, or when
the entry's URL was broken at the line end. The markers of such notes are looked for in the
text before them (``RawFootnote.since_line``), not on their page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.ingest.pages import URL_TAIL, RawFootnote, display_width
from briefgen.ingest.reflow import Line
from briefgen.ingest.text_signs import WEB_ADDRESS

#: A heading over the notes: "注释：", "注：", "参考文献", "References".
_HEADING = re.compile(
    r"^(?:注释|注|附注|参考文献|参考资料|资料来源|References|Notes)\s*[:：]?$", re.IGNORECASE
)
#: An entry's first line: "1. …", "1．…", "1、…", "[1] …", "［1］…".
_ENTRY = re.compile(r"^(?:[\[［](\d{1,3})[\]］]\s*|(\d{1,3})\s*[.．、]\s+)(\S.*)$")
_URL_AT_END = re.compile(r"(?:(?:https?|ftp)://|www\.)\S*$")
#: Characters a URL broken at a line end stops at (it cannot end there).
_URL_BREAK = tuple("-/_=&?.%#")
#: A line wholly in brackets ("（执笔：沈湘）") is an attribution, no note's text.
_BRACKETED = re.compile(r"^[（(].*[)）]$")
#: How many lines an entry runs to at most.
_ENTRY_LINES = 6
#: A line this share of a full line is full: the text goes on on the next.
_FULL = 0.8


@dataclass(slots=True)
class _Block:
    """An end-note block being read: its notes, how many lines it took, and whether it reads
    as notes (else ``resume``: how many of its lines no block can start in)."""

    notes: list[RawFootnote]
    length: int
    accepted: bool = True
    resume: int = 1


def take_end_notes(lines: list[Line], since_line: int = 1) -> tuple[list[RawFootnote], list[Line]]:
    """The end notes among ``lines`` (the text's body lines, page furniture and page-bottom
    notes gone), and the lines left; each note's marker is to be looked for from the line
    after the block before it (``since_line`` for the first)."""
    full = _full_width(lines)
    notes: list[RawFootnote] = []
    kept: list[Line] = []
    k = 0
    while k < len(lines):
        block = _read_block(lines, k, full, notes[-1].number if notes else 0)
        if block is None or not block.accepted:
            # No block starts among a rejected one's lines up to its last entry citing no
            # URL, which a block starting there would hold too: a list is read once, not
            # once from each of its entries.
            skip = block.resume if block is not None else 1
            kept += lines[k : k + skip]
            k += skip
            continue
        for note in block.notes:
            note.since_line = since_line
        notes += block.notes
        k += block.length
        since_line = lines[k - 1].no + 1
    return notes, kept


def _full_width(lines: list[Line]) -> int:
    widths = sorted(display_width(line.text) for line in lines)
    return widths[int(len(widths) * 0.95)] if widths else 0


def _read_block(lines: list[Line], start: int, full: int, last: int) -> _Block | None:
    """The notes of a block starting at ``lines[start]`` (its heading or first entry);
    ``last`` is the number of the last end note before (0: none)."""
    headed = bool(_HEADING.match(lines[start].text))
    k = start + 1 if headed else start
    notes: list[RawFootnote] = []
    starts: list[int] = []  # where each note's entry stands
    while k < len(lines):
        entry = _ENTRY.match(lines[k].text)
        number = int(entry.group(1) or entry.group(2)) if entry else None
        if entry is None or (notes and number != notes[-1].number + 1):
            break
        note = RawFootnote(number=number or 0, page=lines[k].page, line=lines[k].no)
        note.parts, note.trailing = [entry.group(3)], [False]
        starts.append(k)
        k += 1
        while k < len(lines) and len(note.parts) < _ENTRY_LINES:
            has_url = any(WEB_ADDRESS.search(part) for part in note.parts)
            if _ENTRY.match(lines[k].text) or not _goes_on(lines[k - 1], lines[k], full, has_url):
                break
            note.parts.append(lines[k].text)
            note.trailing.append(False)
            k += 1
        notes.append(note)
    if not notes:
        return None
    cited = [any(WEB_ADDRESS.search(part) for part in note.parts) for note in notes]
    # "[1]" numbers references: they may cite papers, not URLs, when one cites a URL or the
    # numbers go on from the notes before.
    bracketed = lines[start + headed].text[:1] in "[［"
    known = bracketed and (any(cited) or notes[0].number == last + 1 > 1)
    if headed or all(cited) or known:
        return _Block(notes, k - start)
    last_uncited = max(n for n, has_url in enumerate(cited) if not has_url)
    following = starts[last_uncited + 1] if last_uncited + 1 < len(starts) else k
    return _Block(notes, k - start, accepted=False, resume=max(1, following - start))


def _goes_on(prev: Line, line: Line, full: int, cited: bool) -> bool:
    """Whether ``line`` goes on with the note whose last line so far is ``prev`` (``cited``:
    the note cites a URL so far)."""
    if line.blank_before and line.page == prev.page:
        return False
    if not cited and WEB_ADDRESS.match(line.text):
        return True  # a cited page's title, then its URL on a line of its own
    url = _URL_AT_END.search(prev.text)
    if url is not None:
        broken = prev.text.endswith(_URL_BREAK) or display_width(prev.text) >= _FULL * full
        return broken and URL_TAIL.match(line.text) is not None
    return display_width(prev.text) >= _FULL * full and not _BRACKETED.match(line.text)
