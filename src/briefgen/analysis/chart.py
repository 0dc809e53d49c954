"""A small bar chart of mentions per issue, as numbers an inline SVG is drawn from at build
time: the page needs no chart library and no script."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.analysis.mentions import IssueCount

BAR_WIDTH = 14
GAP = 4
HEIGHT = 60
#: Room under the bars for the axis line.
BASE = 2


@dataclass(frozen=True, slots=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: IssueCount


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    most: int


def issue_chart(per_issue: list[IssueCount]) -> Chart:
    """One bar per issue, oldest on the left, scaled to the most mentions in one issue; an
    issue with none keeps a 1-pixel bar so the gaps between mentions show."""
    most = max((c.count for c in per_issue), default=0) or 1
    bars = []
    for k, count in enumerate(per_issue):
        height = max(1, round(count.count * HEIGHT / most))
        x = k * (BAR_WIDTH + GAP)
        bars.append(Bar(x, HEIGHT - height, BAR_WIDTH, height, count))
    width = max(1, len(per_issue) * (BAR_WIDTH + GAP) - GAP)
    return Chart(width, HEIGHT + BASE, bars, most)
