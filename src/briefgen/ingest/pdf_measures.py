"""What a PDF's own rows say about its paragraphs: the text column's edges, the usual step
between rows of a paragraph and of a heading, whether paragraphs open indented, and which
heading rows number the issue's titles. pdf_paragraphs reads paragraphs by them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from briefgen.ingest.layouts import KNOWN, section_name
from briefgen.ingest.pages import BodyLine
from briefgen.ingest.pdf import Row
from briefgen.ingest.pdf_hyphens import Hyphenation
from briefgen.ingest.text_signs import TITLE_NUMBER


@dataclass(frozen=True, slots=True)
class Columns:
    left: float
    right: float


def columns(rows: list[Row], kinds: list[str]) -> Columns:
    """The text column's edges, from the body rows: most start at the left edge."""
    body = [r for r, k in zip(rows, kinds, strict=True) if k == "body"] or rows
    lefts = Counter(round(r.x) for r in body)
    rights = sorted(r.right for r in body)
    return Columns(left=lefts.most_common(1)[0][0], right=rights[int(len(rights) * 0.9)])


#: The width of the bands the line pitch is counted in, as a share of the body size.
_PITCH_BAND = 0.05


def _line_pitch(
    lines: list[BodyLine], by_no: dict[int, Row], headings: dict[int, float], body: float
) -> float:
    """The usual distance between two rows of one paragraph: the median of the steps in the
    commonest band a twentieth of the body size wide (bands in points would make the pitch of
    a page printed small, 2-up or fit to a smaller sheet, a point off, a tenth of it)."""
    band = _PITCH_BAND * body
    steps: list[float] = [
        by_no[prev.no].y - by_no[line.no].y
        for prev, line in pairwise(lines)
        if line.page == prev.page and line.no not in headings and prev.no not in headings
    ]
    bands = Counter(round(step / band) for step in steps)
    common = [k for k, _ in bands.most_common() if k * band > 0.9 * body]
    if not common:
        return 1.5 * body
    usual = sorted(step for step in steps if abs(step / band - common[0]) <= 1)
    return usual[len(usual) // 2]


def _heading_pitch(
    lines: list[BodyLine], by_no: dict[int, Row], headings: dict[int, float]
) -> float | None:
    """The usual distance between two rows of a wrapped heading: two heading rows of one
    size in a row, the upper no section's name; None where too few stand so."""
    steps = sorted(
        round(by_no[prev.no].y - by_no[line.no].y, 1)
        for prev, line in pairwise(lines)
        if line.page == prev.page
        and line.no in headings
        and prev.no in headings
        and abs(headings[line.no] - headings[prev.no]) < 0.6
        and not section_name(prev.text)
    )
    return steps[len(steps) // 2] if len(steps) >= 3 else None


def off_pitch(gap: float, pitch: float | None, size: float) -> bool:
    """Two heading rows stand farther apart or nearer than the document's heading rows do
    (too few to tell: than a title's usual leading, 1.3 times its size)."""
    usual = pitch if pitch is not None else 1.3 * size
    return abs(gap - usual) > 0.2 * usual


@dataclass(frozen=True, slots=True)
class Measures:
    """What the document's own rows say about its paragraphs."""

    headings: dict[int, float]
    #: Each heading row's role by its size: "section", "title" or "heading" (level unknown).
    roles: dict[int, str]
    cols: Columns
    body: float
    #: The usual distance between two rows of one paragraph.
    pitch: float
    #: Paragraphs open with a first-line indent: a row that starts at the margin goes on.
    indents: bool
    #: Words the document hyphenates at line ends.
    hyphens: Hyphenation
    #: The usual distance between two rows of a heading (None: too few to tell).
    heading_pitch: float | None
    #: Heading rows that number the issue's titles (``_numbered_titles``).
    numbered: frozenset[int]


def _indents(
    lines: list[BodyLine],
    by_no: dict[int, Row],
    cols: Columns,
    body: float,
    headings: dict[int, float],
) -> bool:
    """Do paragraphs open indented? Look at the body rows after rows that clearly end one."""
    after_ends = [
        by_no[line.no].x > cols.left + 1.2 * body
        for prev, line in pairwise(lines)
        if cols.right - by_no[prev.no].right > 4 * body
        and line.page == prev.page
        and prev.no not in headings
        and line.no not in headings
        and not KNOWN.stands_alone(line.text)
    ]
    return len(after_ends) >= 5 and sum(after_ends) >= 0.8 * len(after_ends)


def measure(
    lines: list[BodyLine],
    by_no: dict[int, Row],
    headings: dict[int, float],
    roles: dict[int, str],
    cols: Columns,
    body: float,
    hyphens: Hyphenation,
) -> Measures:
    """The document's measures, from its body lines in reading order and their rows."""
    return Measures(
        headings,
        roles,
        cols,
        body,
        _line_pitch(lines, by_no, headings, body),
        _indents(lines, by_no, cols, body, headings),
        hyphens,
        _heading_pitch(lines, by_no, headings),
        _numbered_titles(lines, headings),
    )


def _numbered_titles(lines: list[BodyLine], headings: dict[int, float]) -> frozenset[int]:
    """The heading rows that open with a title's number ("01 ", "3. ") one more than the one
    before or 1, where three or more do: the issue numbers its titles. Rows between them (a
    section's name, a title's second row) neither count nor break the count."""
    counted: list[int] = []
    previous = 0
    for line in lines:
        number = TITLE_NUMBER.match(line.text) if line.no in headings else None
        if number is not None:
            value = int(number.group(1))
            if value in (1, previous + 1):
                counted.append(line.no)
            previous = value
    return frozenset(counted) if len(counted) >= 3 else frozenset()
