"""Each row's role in the issue's text: a heading, a footnote, a notes label (注释：) or body
text, told by its size and what stands around it (``briefgen inspect`` shows them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.ingest.layouts import KNOWN
from briefgen.ingest.pdf_rows import Row
from briefgen.ingest.pdf_state import Rule
from briefgen.ingest.text_signs import CIRCLED, CIRCLED_CLASS

_CAPTION = re.compile(r"^[图表]\s*\d{1,2}(?:[\s.．:：、-]|$)")
_NOTES_HEAD = re.compile(
    r"^(?:注释|注|参考文献|参考资料|notes|references)\s*[:：]?$", re.IGNORECASE
)
ENTRY = re.compile(
    rf"^(?:[\[［(（]?(\d{{1,3}})[\]］)）.．、]|(\d{{1,3}})(?=\s|https?:)|([{CIRCLED_CLASS}]))\s*"
)


def entry_number(entry: re.Match[str]) -> int:
    """The number of a note ENTRY matched the opening of: its digits or circled number."""
    digits = entry.group(1) or entry.group(2)
    return int(digits) if digits else CIRCLED[entry.group(3)]


def _is_caption(
    rows: list[Row], k: int, body: float, rules: dict[int, list[Rule]], edges: _TextEdges
) -> bool:
    """A smaller row that is a figure or table caption (图 1 …), not a footnote.

    Its content opens like a caption, and its position says it stands in the text: body text
    follows it on the page, a rule that opens the notes is drawn below it, or it is centred.
    """
    row = rows[k]
    if not _CAPTION.match(row.text.strip()):
        return False
    nxt = rows[k + 1] if k + 1 < len(rows) else None
    if nxt is not None and nxt.page == row.page and nxt.size > 0.9 * body:
        return True
    return any(rule.y < row.y for rule in rules.get(row.page, [])) or edges.centred(row)


def _under_a_title(rows: list[Row], k: int, rules: dict[int, list[Rule]]) -> bool:
    """A smaller row standing just under a heading (a line of it at most between), with no
    rule between and no note's number, or opening the page after the one a heading ended: a
    byline (张三 / 某研究所) or a subtitle, not a note."""
    row = rows[k]
    if ENTRY.match(row.text.strip()) or k == 0:
        return False
    if rows[k - 1].page == row.page - 1:
        return _last_is_a_heading(rows[:k], row.page - 1)
    above = rows[k - 1]
    if above.role == "body" and above.size == row.size and k > 1:
        above = rows[k - 2]  # the byline's second row
    if above.role != "heading" or above.page != row.page:
        return False
    if any(row.y < rule.y < above.y for rule in rules.get(row.page, [])):
        return False
    return above.y - row.y < 2.5 * above.size


def _last_is_a_heading(rows: list[Row], page: int) -> bool:
    """The text of ``page`` (``rows`` run to its end) ends with a heading, its notes under it:
    a title that ended the page, its byline opening the next."""
    for row in reversed(rows):
        if row.page != page:
            return False
        if row.role != "footnote":
            return row.role == "heading"
    return False


class _TextEdges:
    """Where each page's text starts and ends, left to right."""

    def __init__(self, rows: list[Row]) -> None:
        self._edges: dict[int, tuple[float, float]] = {}
        for row in rows:
            left, right = self._edges.get(row.page, (row.x, row.right))
            self._edges[row.page] = (min(left, row.x), max(right, row.right))

    def centred(self, row: Row) -> bool:
        """Is the row centred in its page's text width, well in from its left edge (a caption
        ending a page; a note starts at the edge)?"""
        left, right = self._edges[row.page]
        middle = (row.x + row.right) / 2
        return row.x > left + 2 * row.size and abs(middle - (left + right) / 2) < row.size


def classify(rows: list[Row], body: float, heading: float, rules: dict[int, list[Rule]]) -> None:
    """Each row's role: "heading", "footnote", "notes label" (注释：) or "body", and why."""
    in_notes = False
    previous = ""
    edges = _TextEdges(rows)
    article = _ArticleSoFar()
    for k, row in enumerate(rows):
        text = row.text.strip()
        if row.size <= body * 0.9 and _is_caption(rows, k, body, rules, edges):
            row.role, row.why = "body", "a figure or table caption (图 1 …) standing in the text"
            in_notes = False
        elif row.size >= heading:
            row.role, row.why = "heading", f"size {row.size:g} ≥ heading size {heading:.1f}"
            in_notes = False
            article = _ArticleSoFar()
        elif _NOTES_HEAD.match(text):
            row.role, row.why = "notes label", "a notes heading (注释, 参考文献, notes…)"
            in_notes = True
        elif row.size <= body * 0.9 and _under_a_title(rows, k, rules):
            row.role, row.why = "body", "set smaller just under a title: a byline or subtitle"
            in_notes = False
        elif row.size <= body * 0.9:
            row.role, row.why = "footnote", f"size {row.size:g} < body size {body:g}"
        elif in_notes and (ENTRY.match(text) or (previous == "footnote" and not row.bold)):
            # Notes set in body size after a 注释 label: entries and their continuations.
            row.role, row.why = "footnote", "after a notes heading"
        elif article.ended and article.cites(text) and not row.bold:
            # Notes in body size with no label (Qt's numbered list after the author line); a
            # bold row is a title set at body size.
            row.role, row.why = "footnote", "a note the article cites, after its author line"
            in_notes = True
        else:
            row.role, row.why = "body", f"body size {row.size:g}"
            in_notes = False
            article.read(row)
        previous = row.role


@dataclass(slots=True)
class _ArticleSoFar:
    """What the rows since the last heading said: the notes they cite, and whether an author
    line ended them."""

    cited: set[int] = field(default_factory=set)
    ended: bool = False

    def read(self, row: Row) -> None:
        self.cited.update(marker.number for marker in row.markers)
        self.ended = KNOWN.attribution(row.text.strip(), bracketed_only=True) is not None

    def cites(self, text: str) -> bool:
        """Does ``text`` open a numbered note ("1. FACT SHEET: …") that the article cites?"""
        entry = ENTRY.match(text)
        return entry is not None and entry_number(entry) in self.cited
