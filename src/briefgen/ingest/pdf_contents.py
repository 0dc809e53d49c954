"""The table of contents at an issue's front, found and set aside: it is not the issue's text.

Briefings open with 目录 (本期要目, Contents): a row per article with its title and page,
after dot leaders or at the right margin, section names between, long titles wrapped onto a
second row. Read as text, a contents page gives wrong articles: its section names, set large,
open articles of their own, and its page numbers aligned at the right read as a table.

The contents run from their heading to the last row that is an entry (a page number after
leaders or after a column gap) or names a heading printed further on (a section, a title or a
piece of a wrapped title, in a list that prints no page numbers); a few other rows between
two such rows (a wrapped entry's first row, a note on the list) are the contents' too.
"""

from __future__ import annotations

import re

from briefgen.ingest.pdf_rows import Row

_HEAD = re.compile(
    r"^(?:本期)?(?:目\s*录|目\s*次|要\s*目|导\s*读)$|^(?:table\s+of\s+)?contents$", re.IGNORECASE
)
#: Leaders start where the run of dots starts (searching from every dot of a long run was
#: quadratic).
_LEADERS = re.compile(r"(?:^|(?<=[^.…·・\s]))[.…·・\s]{4,}\d{1,3}$")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
#: A page number set apart at the right: its gap to the title, in font sizes, is no word space.
_NUMBER_GAP = 1.2
#: How far into the issue a contents heading is looked for, and how many pages the contents
#: may run to, in pages.
_FRONT_PAGES = 3
#: Rows between two rows of the contents that are still theirs; more end them.
_GAP_ROWS = 3
#: The shortest text that counts as naming a heading printed further on (fewer characters
#: occur in any title by chance).
_ECHO = 4
_SPACE = re.compile(r"\s+")


def drop_contents(rows: list[Row], heading: float) -> list[Row]:
    """``rows`` without the rows of a table of contents, each marked with its role and why.

    ``heading`` is the size from which a row is a heading (section or title).
    """
    front = [k for k, row in enumerate(rows) if row.page <= rows[0].page + _FRONT_PAGES - 1]
    head = next((k for k in front if _HEAD.match(rows[k].text.strip())), None)
    if head is None:
        return _drop_leader_entries(rows, front)
    echoes = _LaterHeadings(rows, heading)
    last = head
    for k in range(head + 1, len(rows)):
        if k - last > _GAP_ROWS + 1 or rows[k].page >= rows[head].page + _FRONT_PAGES:
            break
        if _is_entry(rows[k]) or echoes.named_after(k, rows[k].text):
            last = k
    for row in rows[head : last + 1]:
        row.role, row.why = "contents", "the table of contents (目录 and its entries)"
    return rows[:head] + rows[last + 1 :]


def _drop_leader_entries(rows: list[Row], front: list[int]) -> list[Row]:
    """Contents with no heading: three or more entries with leader dots among the front rows."""
    entries = {k for k in front if _LEADERS.search(rows[k].text)}
    if len(entries) < 3:
        return rows
    for k in entries:
        rows[k].role, rows[k].why = "contents", "a table of contents entry (dot leaders, page)"
    return [row for k, row in enumerate(rows) if k not in entries]


def _is_entry(row: Row) -> bool:
    """A title and its page: after leader dots, or as a number set apart at the right."""
    if _LEADERS.search(row.text):
        return True
    if len(row.runs) < 2 or not _PAGE_NUMBER.fullmatch(row.runs[-1].text.strip()):
        return False
    before, number = row.runs[-2], row.runs[-1]
    return number.x - before.right >= _NUMBER_GAP * row.size


class _LaterHeadings:
    """The text of the heading rows, to ask whether a row names one printed after it."""

    def __init__(self, rows: list[Row], heading: float) -> None:
        # The heading rows' text run together, whitespace left out (a title wrapped into two
        # heading rows is found across their joint), and where each row's text starts in it.
        self._starts: list[tuple[int, int]] = []
        parts: list[str] = []
        offset = 0
        for k, row in enumerate(rows):
            if row.size >= heading:
                self._starts.append((k, offset))
                parts.append(_squeeze(row.text))
                offset += len(parts[-1])
        self._text = "".join(parts)

    def named_after(self, k: int, text: str) -> bool:
        """Is ``text`` (leaders and page number aside) in a heading printed after row ``k``?"""
        wanted = _squeeze(_LEADERS.sub("", text))
        if len(wanted) < _ECHO:
            return False
        offset = next((at for row, at in self._starts if row > k), None)
        return offset is not None and self._text.find(wanted, offset) >= 0


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)
