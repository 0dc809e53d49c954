"""Pages set in two columns, read one column after the other.

Rows are runs that share a baseline; on a page set in two columns the two columns' lines
share baselines, and read across they interleave two texts. A page is in two columns when a
gutter runs down its middle that (almost) no text crosses, with lines filling the columns on
both sides of it. Then what stands above the columns (the masthead, a running header) comes
first, then the left column, then the right one, moved onto the left one's edge so that the
paragraph measures (indents, lines that reach the edge) hold for both; then what stands below
them (footnotes set across the page, the footer). A page of too few lines to tell (an issue's
short last page) is read in the columns of the page before when its text keeps to them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from briefgen.ingest.pdf_rows import Run

#: Lines each column must hold, the share of them that start at its edge (or an indent), and
#: the share that reach across it.
_MIN_LINES = 8
_ALIGNED = 0.6
_FILLED = 0.3
#: The gutter is looked for in this middle share of the text's width, and is at least this
#: many body sizes wide.
_MIDDLE = (0.3, 0.7)
_GUTTER = 0.8
#: Lines that may cross the gutter (a header, footnotes set across the page), as a share.
_CROSSING = 0.15


@dataclass(frozen=True, slots=True)
class Gutter:
    left: float  # where the left column's text ends, at most
    right: float  # where the right column's text starts, at least


def reading_order(
    runs: list[Run], earlier: Gutter | None = None
) -> tuple[list[tuple[int, list[Run]]], Gutter | None]:
    """The page's runs in the groups to be read in turn, each with its column (0: across the
    page, 1: left, 2: right): all of them, or for a page in two columns what stands above
    them, each column, and what stands below. Also the page's gutter, if it has one (or keeps
    to the ``earlier`` page's), for the next page."""
    text = [run for run in runs if run.text.strip()]
    body = _body_size(text)
    gutter = _gutter(text, body)
    if gutter is None and earlier is not None and _kept_to(text, earlier, body):
        gutter = earlier
    groups = _in_columns(runs, gutter, body) if gutter is not None else None
    return (groups, gutter) if groups else ([(0, runs)], None)


def _in_columns(runs: list[Run], gutter: Gutter, body: float) -> list[tuple[int, list[Run]]]:
    middle = (gutter.left + gutter.right) / 2
    spanning = _Baselines([r for r in runs if _across(r, gutter)])
    across: list[Run] = []
    left: list[Run] = []
    right: list[Run] = []
    for run in runs:
        if _across(run, gutter) or spanning.goes_on(run):
            across.append(run)
        else:
            (left if run.x + run.width / 2 < middle else right).append(run)
    if not any(r.size > 0.9 * body for r in right) or not left:
        return []
    top = max(r.y for r in right) + 0.5 * body
    bottom = min(r.y for r in right if r.size > 0.9 * body) - 0.5 * body
    # Small lines below the right column stand under both (footnotes), body lines of the left
    # column go on below the right one's end (a last page), note markers raised on them too.
    # Where the right column ends in small lines of its own, each column has its notes at
    # its foot (TeX's twocolumn): the left one's stay with it.
    lines = {round(r.y) for r in left if r.y < bottom and r.size > 0.9 * body}
    near = int(0.6 * body)
    own_notes = any(r.y < bottom and r.size <= 0.9 * body for r in right)
    under_both = [
        not own_notes
        and r.y < bottom
        and r.size <= 0.9 * body
        and not any(round(r.y) + d in lines for d in range(-near, near + 1))
        for r in left
    ]
    under = [r for r, flag in zip(left, under_both, strict=True) if flag]
    left = [r for r, flag in zip(left, under_both, strict=True) if not flag]
    above = [r for r in across if r.y > top]
    below = [r for r in across if r.y <= top] + under
    shift = min(r.x for r in right) - min(r.x for r in left)
    moved = [replace(r, x=r.x - shift) for r in right]
    return [(col, group) for col, group in ((0, above), (1, left), (2, moved), (0, below)) if group]


def _across(run: Run, gutter: Gutter) -> bool:
    """Does the run span the gutter (a header, a note across the page) or stand in it (the
    page number)? A column's line may reach a little into it (hanging punctuation)."""
    spans = run.x < gutter.left and run.right > gutter.right
    return spans or (run.x >= gutter.left - 1 and run.right <= gutter.right + 1)


class _Baselines:
    """The baselines and sizes of the lines across the page."""

    def __init__(self, runs: list[Run]) -> None:
        self._sizes: dict[int, list[float]] = {}
        for run in runs:
            self._sizes.setdefault(round(run.y), []).append(run.size)

    def goes_on(self, run: Run) -> bool:
        """Is the run on the baseline of a line across the page, in its size: the line's own
        end (a note's link after its title)?"""
        near = range(round(run.y - 0.3 * run.size), round(run.y + 0.3 * run.size) + 1)
        return any(
            abs(size - run.size) < 0.1 * run.size for y in near for size in self._sizes.get(y, ())
        )


def _body_size(runs: list[Run]) -> float:
    sizes: Counter[float] = Counter()
    for run in runs:
        sizes[round(run.size, 1)] += len(run.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _gutter(runs: list[Run], body: float) -> Gutter | None:
    """The gap down the middle of the text that few lines cross, if the page has one."""
    if len(runs) < 2 * _MIN_LINES:
        return None
    lo, hi = min(r.x for r in runs), max(r.right for r in runs)
    start, end = int(lo + _MIDDLE[0] * (hi - lo)), int(lo + _MIDDLE[1] * (hi - lo))
    if end - start < 2:
        return None
    crossing = [0] * (end - start + 1)
    for run in runs:  # how many runs cover each point of the middle (a difference array)
        first, last = max(int(run.x) + 1, start), min(int(run.right), end)
        if first <= last:
            crossing[first - start] += 1
            if last + 1 - start < len(crossing):
                crossing[last + 1 - start] -= 1
    cover = [0] * len(crossing)
    total = 0
    for k, step in enumerate(crossing):
        total += step
        cover[k] = total
    lines = len({round(r.y) for r in runs})
    # Where more lines than that cross every point of the middle, no gutter runs down it: the
    # least crossed stretch is where ragged lines end (pdfmake's flush-left pages, each word a
    # run of its own, read as two columns before, their lines interleaved).
    best = _widest_run(cover, int(_CROSSING * lines))
    if best is None or best[1] - best[0] < _GUTTER * body:
        return None
    gutter = Gutter(start + best[0], start + best[1])
    return gutter if _filled(runs, gutter, body) else None


def _kept_to(runs: list[Run], gutter: Gutter, body: float) -> bool:
    """A page's body lines keep to the gutter of the page before: none crosses it, and both
    sides have lines starting at their edge."""
    text = [r for r in runs if abs(r.size - body) < 0.1 * body]
    if any(r.x < gutter.left and r.right > gutter.right for r in text):
        return False
    sides = (
        [r for r in text if r.right <= gutter.left + 1],
        [r for r in text if r.x >= gutter.right - 1],
    )
    for side in sides:
        starts = [r.x for r in side]
        if len(starts) < 2:
            return False
        aligned = sum(x < min(starts) + 2.5 * body for x in starts)
        if aligned < _ALIGNED * len(starts):
            return False
    return True


def _widest_run(cover: list[int], allowed: int) -> tuple[int, int] | None:
    """The widest stretch of points covered at most ``allowed`` times: (first, last + 1)."""
    best: tuple[int, int] | None = None
    first = None
    for k, count in enumerate([*cover, allowed + 1]):
        if count <= allowed:
            first = k if first is None else first
            continue
        if first is not None and (best is None or k - first > best[1] - best[0]):
            best = (first, k)
        first = None
    return best


def _filled(runs: list[Run], gutter: Gutter, body: float) -> bool:
    """Both sides hold enough lines of body text, most of them starting at the side's left
    edge (or an indent from it) and many reaching across the column (headings, the masthead,
    list items and paragraphs' last lines stop short anywhere)."""
    text = [r for r in runs if abs(r.size - body) < 0.1 * body]
    sides = (
        [r for r in text if r.right <= gutter.left + 1],
        [r for r in text if r.x >= gutter.right - 1],
    )
    for side in sides:
        lines: dict[int, tuple[float, float]] = {}
        for run in side:
            start, end = lines.get(round(run.y), (run.x, run.right))
            lines[round(run.y)] = (min(start, run.x), max(end, run.right))
        if len(lines) < _MIN_LINES:
            return False
        edge, reach = min(s for s, _ in lines.values()), max(e for _, e in lines.values())
        aligned = sum(s < edge + 2.5 * body for s, _ in lines.values())
        full = sum(e > reach - 2 * body for _, e in lines.values())
        if aligned < _ALIGNED * len(lines) or full < _FILLED * len(lines):
            return False
    return True
