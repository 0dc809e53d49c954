"""Citations printed in brackets in the running text, ``…报道[1]。``, as footnote markers.

Houses that cite as papers do set the number in brackets at the text's size and baseline, and
list the sources under ``参考文献`` after the article or at the issue's end, each opening with
its bracketed number. Where such a list is printed, a bracketed number in a row of text is a
marker like a raised one: taken out of the text and linked to the note of its number.
"""

from __future__ import annotations

import re

from briefgen.ingest.pdf_rows import Marker, Row

#: A note that opens with its number in brackets: "[1] https://…".
_BRACKETED_ENTRY = re.compile(r"^\s*[\[［](\d{1,3})[\]］]")
#: A citation in running text, one number or several: [1], ［2］, [3,4], [5-7]; a space before
#: it is typesetting, not text.
_CITATION = re.compile(r" ?[\[［](\d{1,3}(?:\s*[,，、–-]\s*\d{1,3}){0,5})[\]］]")
#: A range wider than this is no citation's: "[1-2000]".
_WIDEST_RANGE = 20


def mark_bracketed_citations(rows: list[Row]) -> None:
    """Turn the bracketed citations in text rows into markers, where notes open with a
    bracketed number (the rows' roles are set: "footnote" rows are the notes). A citation of
    a number no note opens with ("[2024]", a list's "[a]") stays text."""
    listed = {
        int(entry.group(1))
        for row in rows
        if row.role == "footnote" and (entry := _BRACKETED_ENTRY.match(row.text))
    }
    if not listed:
        return
    for row in rows:
        if row.role in ("body", "heading") and _CITATION.search(row.text):
            row.text, row.markers = _as_markers(row.text, row.markers, listed)


def _as_markers(text: str, markers: list[Marker], listed: set[int]) -> tuple[str, list[Marker]]:
    """``text`` without its citations of ``listed`` notes, and its markers with theirs, in
    order."""
    kept = ""
    cited: list[Marker] = []
    shift: list[tuple[int, int]] = []  # (offset in the old text, characters removed so far)
    last = 0
    for citation in _CITATION.finditer(text):
        numbers = _numbers(citation.group(1))
        if not numbers or not listed.issuperset(numbers):
            continue
        kept += text[last : citation.start()]
        cited += [Marker(number, len(kept)) for number in numbers]
        last = citation.end()
        shift.append((last, last - len(kept)))
    kept += text[last:]
    moved = [Marker(m.number, m.offset - _removed_before(m.offset, shift)) for m in markers]
    return kept, sorted([*moved, *cited], key=lambda m: m.offset)


def _removed_before(offset: int, shift: list[tuple[int, int]]) -> int:
    removed = 0
    for end, total in shift:
        if end <= offset:
            removed = total
    return removed


def _numbers(listed: str) -> list[int]:
    """The note numbers a citation lists: "3,4" is 3 and 4, "5-7" is 5, 6 and 7; none when
    it cannot be a citation ("[0]", "[9-2]", "[1-2000]")."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", listed):
        bounds = [int(n) for n in re.split(r"\s*[–-]\s*", part)]
        low, high = bounds[0], bounds[-1]
        if not 0 < low <= high <= low + _WIDEST_RANGE:
            return []
        numbers += range(low, high + 1)
    return numbers
