"""Tables in a PDF's body, ruled or only aligned in columns, turned back into Markdown tables.

A table prints as rows whose text stands in columns: the second column's lines start at one x,
after a gap no word space makes. The drawn rules between table rows say where one row ends;
without rules, the wider gap that cell padding leaves does. Text ingest sees only the flattened
lines; here the columns, rules and gaps are evidence enough.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from briefgen.ingest.layouts import KNOWN
from briefgen.ingest.pdf_rows import Row
from briefgen.ingest.pdf_state import Rule
from briefgen.ingest.structure import Paragraph

#: A gap between two runs of a row at least this many font sizes wide is a column gap.
_COLUMN_GAP = 1.2
#: Rows whose second column starts at the same x: fewer make no table.
_MIN_ROWS = 3


@dataclass(frozen=True, slots=True)
class Table:
    """A table found in the body rows numbered ``first_line`` … ``last_line``."""

    first_line: int
    last_line: int
    markdown: str


def _splits(row: Row) -> list[float]:
    """Where runs start after a column gap."""
    return [
        run.x
        for prev, run in zip(row.runs, row.runs[1:], strict=False)
        if run.x - prev.right >= _COLUMN_GAP * row.size
    ]


def _column(rows: list[Row]) -> float | None:
    """The x where a second column starts on enough rows of the page."""
    starts = Counter(round(x) for row in rows for x in _splits(row))
    common = [(x, n) for x, n in starts.most_common(1) if n >= _MIN_ROWS]
    return float(common[0][0]) if common else None


def _has_column(row: Row, col: float) -> bool:
    """Does a run of the row start at the second column (however close the first one ends)?"""
    return any(abs(run.x - col) <= 2 for run in row.runs[1:])


def _in_table(row: Row, col: float) -> bool:
    """A line of the table: text in both columns, or in one of them only."""
    if KNOWN.stands_alone(row.text):
        return False  # an author line set flush right after the table
    one_column = abs(row.x - col) <= 2 or row.right <= col - 0.5 * row.size
    return _has_column(row, col) or one_column


def _join(text: str, more: str) -> str:
    if text and more and text[-1].isascii() and more[0].isascii():
        return f"{text} {more}"
    return text + more


def _cells(row: Row, col: float) -> tuple[str, str]:
    left = right = ""
    for run in row.runs:
        if run.x < col - 2:
            left = _join(left, run.text.strip())
        else:
            right = _join(right, run.text.strip())
    return left, right


def _markdown(table: list[tuple[str, str]]) -> str:
    def line(cells: tuple[str, str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(table[0]), "| --- | --- |", *(line(r) for r in table[1:])])


def _rows_of(block: list[Row], col: float, rules: list[Rule]) -> list[tuple[str, str]]:
    """Table rows: a drawn rule between two lines ends one; without rules, a wider gap does
    (cell padding adds to the distance between the lines of two table rows)."""
    steps = [round(a.y - b.y, 1) for a, b in pairwise(block) if a.y > b.y]
    pitch = min(steps, default=0.0)
    top, bottom = block[0].y + block[0].size, block[-1].y
    rules = [r for r in rules if bottom < r.y < top and r.x0 <= col <= r.x1 + 2]
    table: list[tuple[str, str]] = []
    prev: Row | None = None
    for row in block:
        if prev is None:
            new_row = True
        elif rules:
            new_row = any(row.y < rule.y < prev.y for rule in rules)
        else:
            new_row = prev.y - row.y > pitch + 0.25 * row.size
        left, right = _cells(row, col)
        if new_row:
            table.append((left, right))
        else:
            table[-1] = (_join(table[-1][0], left), _join(table[-1][1], right))
        prev = row
    return table


def find_tables(rows: list[Row], rules: dict[int, list[Rule]]) -> list[Table]:
    """Two-column tables among the body rows; one that runs on over a page is one."""
    found: list[tuple[int, int, list[tuple[str, str]]]] = []
    # A heading between two tables' rows ends the first: the next page's rows open another.
    text_lines = {row.line for row in rows if row.role in ("body", "heading")}
    last_col: float | None = None

    def continues(first_line: int) -> bool:
        """Does a table end right before this line (only notes and page furniture between)?"""
        return bool(found) and not any(found[-1][1] < n < first_line for n in text_lines)

    for page in sorted({row.page for row in rows}):
        body = [r for r in rows if r.page == page and r.role == "body"]
        col = _column(body) or (last_col if body and continues(body[0].line) else None)
        if col is None:
            continue
        block: list[Row] = []
        for row in [*body, None]:
            inside = row is not None and _in_table(row, col)
            if row is not None and inside and (not block or row.line == block[-1].line + 1):
                block.append(row)
                continue
            if block and not continues(block[0].line):
                # A table opens with a line in both columns (its header): a short line above
                # it is the end of a paragraph.
                while block and not _has_column(block[0], col):
                    block.pop(0)
            enough = sum(_has_column(r, col) for r in block) >= _MIN_ROWS
            if block and (enough or (block[0] is body[0] and continues(block[0].line))):
                table = _rows_of(block, col, rules.get(page, []))
                if continues(block[0].line):
                    earlier = found[-1][2]
                    if not table[0][0]:  # a table row the page break cut in two
                        earlier[-1] = (earlier[-1][0], _join(earlier[-1][1], table[0][1]))
                        table = table[1:]
                    found[-1] = (found[-1][0], block[-1].line, earlier + table)
                else:
                    found.append((block[0].line, block[-1].line, table))
                last_col = col
            block = [row] if row is not None and inside else []
    return [Table(first, last, _markdown(table)) for first, last, table in found if len(table) >= 2]


def with_tables(paragraphs: list[Paragraph], tables: list[Table]) -> list[Paragraph]:
    """The paragraphs with each table's lines replaced by one paragraph of Markdown table."""
    out: list[Paragraph] = []
    pending = sorted(tables, key=lambda t: t.first_line)
    for para in paragraphs:
        while pending and pending[0].last_line < para.first_line:
            table = pending.pop(0)
            out.append(Paragraph(table.markdown, table.first_line, table.last_line, "body"))
        if any(t.first_line <= para.last_line and para.first_line <= t.last_line for t in tables):
            continue  # its lines are the table's
        out.append(para)
    out += [Paragraph(t.markdown, t.first_line, t.last_line, "body") for t in pending]
    return out
