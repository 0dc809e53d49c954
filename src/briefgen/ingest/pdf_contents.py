"""The table of contents at a PDF issue's front, found and set aside: it is not the issue's text.

Read as text, a contents page gives wrong articles: its section names, set large, open
articles of their own, and its page numbers aligned at the right read as a table. An entry is
a row whose page number follows leader dots or stands apart at the right; a row that names a
heading printed further on belongs too (contents.py says what marks contents anywhere).
"""

from __future__ import annotations

import re

from briefgen.ingest.contents import LEADERS, LaterText, contents_end, is_head
from briefgen.ingest.pdf_rows import Row

_PAGE_NUMBER = re.compile(r"\d{1,3}")
#: A page number set apart at the right: its gap to the title, in font sizes, is no word space.
_NUMBER_GAP = 1.2
#: How far into the issue a contents heading is looked for, and how many pages the contents
#: may run to, in pages.
_FRONT_PAGES = 3


def drop_contents(rows: list[Row], heading: float) -> list[Row]:
    """``rows`` without the rows of a table of contents, each marked with its role and why.

    ``heading`` is the size from which a row is a heading (section or title).
    """
    if not rows:
        return rows
    front = [k for k, row in enumerate(rows) if row.page < rows[0].page + _FRONT_PAGES]
    head = next((k for k in front if is_head(rows[k].text)), None)
    if head is None:
        return _drop_leader_entries(rows, front)
    later = LaterText((k, row.text) for k, row in enumerate(rows) if row.size >= heading)
    last_page = rows[head].page + _FRONT_PAGES - 1
    end = sum(1 for row in rows if row.page <= last_page)  # rows are in page order

    def belongs(k: int) -> bool:
        return _is_entry(rows[k]) or later.names_after(k, rows[k].text)

    last = contents_end(head, end, belongs)
    for row in rows[head : last + 1]:
        row.role, row.why = "contents", "the table of contents (目录 and its entries)"
    return rows[:head] + rows[last + 1 :]


def _drop_leader_entries(rows: list[Row], front: list[int]) -> list[Row]:
    """Contents with no heading: three or more entries with leader dots among the front rows."""
    entries = {k for k in front if LEADERS.search(rows[k].text)}
    if len(entries) < 3:
        return rows
    for k in entries:
        rows[k].role, rows[k].why = "contents", "a table of contents entry (dot leaders, page)"
    return [row for k, row in enumerate(rows) if k not in entries]


def _is_entry(row: Row) -> bool:
    """A title and its page: after leader dots, or as a number set apart at the right."""
    if LEADERS.search(row.text):
        return True
    if len(row.runs) < 2 or not _PAGE_NUMBER.fullmatch(row.runs[-1].text.strip()):
        return False
    before, number = row.runs[-2], row.runs[-1]
    return number.x - before.right >= _NUMBER_GAP * row.size
