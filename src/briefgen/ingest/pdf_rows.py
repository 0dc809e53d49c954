"""Printed lines from positioned runs of text: their text, superscript markers and spaces.

Runs on one baseline form a row; a smaller run raised above it is a superscript footnote
marker, kept as a typed ``Marker`` beside the text rather than inside it. Spaces come from
the gaps between runs: some producers print no space glyph between words, only move on. A gap
between two CJK characters is a space only where the row is not justified, so those gaps are
kept as soft pieces until the page's text edges are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from briefgen.ingest.pages import is_wide
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.text_signs import CIRCLED

#: What a superscript marker run holds: a number, maybe bracketed.
_MARKER = re.compile(r"^\s*[\[［(（]?(\d{1,3})[\]］)）]?\s*$")
#: CJK punctuation: a space between a marker and one of these is none of the author's.
_CJK_PUNCT = re.compile("[\u3000-\u303f\uff00-\uffef]")
#: Digits set as a subscript: Ga<sub>2</sub>O<sub>3</sub> is read Ga₂O₃, as a text source
#: writes it.
_SUBSCRIPT_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(slots=True)
class Run:
    """One piece of text printed in one go, with where and how it is printed."""

    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float
    metrics: FontWidths
    #: The text rise (Ts) it was printed with, in page units; ``y`` already includes it.
    rise: float = 0.0
    #: Superior digits only: a marker the font draws small, at the text's size and baseline.
    superior: bool = False
    #: Tesseract's confidence in the run's words (0-100), when the run was read by OCR.
    ocr_confidence: float | None = None

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass(frozen=True, slots=True)
class Marker:
    """A superscript footnote number printed in a row."""

    number: int
    #: Where it stands: how many characters of the row's text come before it.
    offset: int


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a row's text as composed: text, a raised marker, or a soft gap between CJK."""

    text: str = ""
    marker: int | None = None
    #: A gap between two CJK characters: a space unless the row is justified.
    soft: bool = False


@dataclass(slots=True)
class Row:
    """A printed line: its runs left to right, its text and the markers raised in it."""

    page: int
    y: float
    size: float
    bold: bool
    runs: list[Run] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    #: The printed text, markers left out.
    text: str = ""
    markers: list[Marker] = field(default_factory=list)
    #: The printed text ended in a space: a word break, where a wrapped line joins with one.
    space_after: bool = False
    #: What the layout made of the row ("body", "note", "header or footer", …) and why.
    role: str = ""
    why: str = ""
    #: Its number among the rows that carry the issue's text (0: none); paragraphs cite it.
    line: int = 0
    #: The column it stands in on a page set in two (pdf_columns): 1 left, 2 right; 0 across
    #: the page, or a page in one column.
    column: int = 0

    @property
    def x(self) -> float:
        return self.runs[0].x

    @property
    def right(self) -> float:
        return max(run.right for run in self.runs)

    def width_of(self, text: str) -> float:
        """How wide ``text`` would print in this row's main font."""
        main = max(self.runs, key=lambda run: (run.size, len(run.text)))
        return main.metrics.width(text, main.size)


#: How far apart (a share of the larger size) two runs' baselines may be on one row: Apache
#: FOP sets a Latin face 0.2 em above the Chinese one beside it (Times against AR PL SungtiL).
_BASELINE = 0.25


def group_rows(runs: list[Run], page: int) -> list[Row]:
    """Runs sharing a baseline form a row; a smaller run just above a row is its superscript."""
    rows: list[Row] = []
    for run in sorted(runs, key=lambda r: (-round(r.y, 0), r.x)):
        row = rows[-1] if rows else None
        if row is not None and abs(row.y - run.y) <= _BASELINE * max(row.size, run.size):
            row.runs.append(run)
            if run.size > row.size:  # the row's baseline is its text's, not a marker's
                row.y, row.size, row.bold = run.y, run.size, run.bold
            continue
        rows.append(Row(page=page, y=run.y, size=run.size, bold=run.bold, runs=[run]))
    merged: list[Row] = []
    for k, row in enumerate(rows):
        below = rows[k + 1] if k + 1 < len(rows) else None
        if (
            below is not None
            and row.size < 0.85 * below.size
            and 0 < row.y - below.y < 0.75 * below.size
            and all(_marker_numbers(run.text) for run in row.runs)
        ):
            below.runs.extend(row.runs)
            continue
        merged.append(row)
    drawn = _draws_spaces(runs)
    for row in merged:
        # By their middles: Typst pulls an opening bracket left into the closing quote before
        # it ("”（" set as one em), so the bracket starts first but ends last.
        row.runs.sort(key=lambda r: r.x + r.width / 2)
        row.pieces = _pieces(row, drawn)
        row.text, row.markers, row.space_after = render(row.pieces, justified=False)
    _settle_soft_gaps(merged)
    return merged


def _settle_soft_gaps(rows: list[Row]) -> None:
    """Gaps between CJK characters of a justified row are stretch; elsewhere they are spaces.

    A row is justified when it runs from the left edge of the text (or its indent) to the right
    edge; an author line set flush right starts far from the left edge. Justifying Chinese
    spreads the stretch over the gaps between its characters: a row that left most of them
    tight ended where its words did, a hair from the edge, and its wide gaps are spaces.
    """
    long_rows = [r for r in rows if len(r.text) >= 10] or rows
    if not long_rows:
        return
    lefts = sorted(r.x for r in long_rows)
    rights = sorted(r.right for r in long_rows)
    left, right = lefts[len(lefts) // 4], rights[int(len(rights) * 0.9)]
    for row in rows:
        justified = row.x < left + 2.5 * row.size and row.right > right - 0.6 * row.size
        if justified and _stretched(row.pieces):
            row.text, row.markers, row.space_after = render(row.pieces, justified=True)


def _stretched(pieces: list[Piece]) -> bool:
    """Soft gaps are at least half the places between two wide characters of the row."""
    soft = sum(piece.soft for piece in pieces)
    if not soft:
        return False
    tight = 0
    last = ""
    for piece in pieces:
        if piece.soft or piece.marker is not None:
            last = "" if piece.soft else last
            continue
        tight += sum(is_wide(a) and is_wide(b) for a, b in pairwise(last + piece.text))
        last = piece.text[-1:]
    return soft >= tight


def _marker_numbers(text: str) -> list[int] | None:
    """The numbers of the notes a raised run ``text`` cites: its number, maybe bracketed
    (_MARKER), or each of its circled numbers ("①②": notes 1 and 2), else None. Raised, a
    circled number is a marker; on the baseline of the text it is a list's item and stays."""
    bare = text.strip()
    if bare and all(char in CIRCLED for char in bare):
        return [CIRCLED[char] for char in bare]
    marker = _MARKER.match(text)
    return [int(marker.group(1))] if marker else None


def _raised(run: Run, row: Row) -> list[int] | None:
    """The note numbers of a marker run (``_marker_numbers``) set small and raised, or by
    the font's superior digits; None for any other run."""
    numbers = _marker_numbers(run.text)
    small_and_raised = run.size < 0.85 * row.size and run.y > row.y + 0.12 * row.size
    if numbers and (run.superior or small_and_raised):
        return numbers
    return None


def _digits_go_on(pieces: list[Piece], prev: Run | None, run: Run) -> bool:
    """Whether the raised digits of ``run`` go on the marker just before, printed as a run of
    its own a hair away ("2" and "8": 28). Circled numbers side by side ("①" "②") are two."""
    return (
        bool(pieces)
        and pieces[-1].marker is not None
        and prev is not None
        and run.x - prev.right < 0.2 * run.size
        and not any(char in CIRCLED for char in prev.text + run.text)
    )


def _subscript(run: Run, row: Row, last: str) -> bool:
    """Digits set smaller and lowered right after a Latin letter or a closing bracket: the
    subscript of a formula (CO₂, Ga₂O₃)."""
    return (
        run.text.isdigit()
        and run.text.isascii()
        and run.size < 0.85 * row.size
        and run.y < row.y - 0.08 * row.size
        and ((last.isascii() and last.isalpha()) or last in ")]")
    )


#: A space drawn inside a run, or opening one.
_DRAWN_SPACE = re.compile(r"\S\s|^\s")


def _draws_spaces(runs: list[Run]) -> bool:
    """The page prints its spaces as glyphs ("Zapata AI", " 7 月"): a producer that does so
    leaves no space undrawn, and a gap between Chinese and Latin is typography (Typst sets a
    quarter em there) rather than a space. Any space character counts: printed again by
    pdftocairo, Typst's space glyph is named U+3000, by mutool U+00A0."""
    return sum(bool(_DRAWN_SPACE.search(run.text)) for run in runs) >= 3


def _pieces(row: Row, drawn_spaces: bool = False) -> list[Piece]:
    """The row as text pieces and markers, with the spaces its gaps stand for."""
    pieces: list[Piece] = []
    last = ""  # the last character of text so far
    prev: Run | None = None
    for run in row.runs:
        raised = _raised(run, row)
        if raised:
            if _digits_go_on(pieces, prev, run):
                # "28" printed as two runs "2" and "8": one marker.
                raised = [int(f"{pieces.pop().marker}{raised[0]}")]
            pieces += [Piece(marker=number) for number in raised]
            prev = run
            continue
        piece = run.text
        if _subscript(run, row, last):
            pieces.append(Piece(text=piece.translate(_SUBSCRIPT_DIGITS)))
            prev = run
            continue
        if prev is not None and last and last != " " and not piece.startswith(" "):
            gap = run.x - prev.right
            if is_wide(last) and is_wide(piece[0]):
                if gap > 0.19 * row.size:  # a space between names, or justification
                    pieces.append(Piece(soft=True))
            elif (
                gap
                > (0.3 if drawn_spaces and is_wide(last) != is_wide(piece[0]) else 0.15) * row.size
            ):
                piece = " " + piece
        pieces.append(Piece(text=piece))
        last = piece[-1]
        prev = run
    return pieces


def render(pieces: list[Piece], justified: bool) -> tuple[str, list[Marker], bool]:
    """The row's text with single spaces, its markers, and whether it ended in a space."""
    text = ""
    markers: list[Marker] = []
    pending = False  # whitespace seen and not yet written
    for piece in pieces:
        if piece.marker is not None:
            pending = False  # a marker hangs on the text before it
            markers.append(Marker(piece.marker, len(text)))
            continue
        chunk = (" " if not justified else "") if piece.soft else piece.text
        for ch in chunk:
            if ch.isspace():
                pending = True
                continue
            if pending and text:
                after_marker = bool(markers) and markers[-1].offset == len(text)
                if not (after_marker and _CJK_PUNCT.match(ch)):
                    text += " "
            pending = False
            text += ch
    return text, markers, pending
