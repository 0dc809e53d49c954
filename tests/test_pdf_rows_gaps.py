"""Gaps between Chinese characters in a row: a justified row's stretch, or a space.

A justified row spreads its stretch over the gaps between its characters; a row that ends a
hair from the right edge with most of its characters tight (a ragged title wrapped where its
words did, as LuaLaTeX and pdfLaTeX without bold set "…禁令规则 征求…") keeps its one wide gap
as the space it is.
"""

from __future__ import annotations

from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Row, Run, group_rows

SIZE = 12.0
LEFT, RIGHT = 50.0, 530.0
METRICS = FontWidths({}, 1000.0)


def _run(text: str, x: float, y: float) -> Run:
    return Run(text, x, y, SIZE, False, SIZE * len(text), METRICS)


def _spread(text: str, y: float) -> list[Run]:
    """``text`` one character a run, spread from the left edge to the right one."""
    step = (RIGHT - LEFT - SIZE) / (len(text) - 1)
    return [_run(ch, LEFT + k * step, y) for k, ch in enumerate(text)]


def _page(test_rows: list[list[Run]]) -> list[Row]:
    """The rows under test above ten justified body rows that set the text's edges."""
    body = [
        _spread("本期快报关注美国出口管制与欧洲芯片法案的最新进展情况汇总三十", 400 - 20 * k)
        for k in range(10)
    ]
    runs = [run for row in test_rows for run in row] + [run for row in body for run in row]
    return group_rows(runs, 1)


def test_a_ragged_row_reaching_the_edge_keeps_its_one_wide_gap_as_a_space() -> None:
    head = "美国财政部发布对华半导体量子和人工智能技术投资禁令规则的最终版本与实施细则草案"
    tail = "征求意"
    gap = 0.38 * SIZE
    row = [_run(head, LEFT, 600), _run(tail, LEFT + SIZE * len(head) + gap, 600)]
    top = _page([row])[0]
    assert top.right > RIGHT - 0.6 * SIZE  # as far right as the justified rows
    assert top.text == f"{head} {tail}"


def test_a_justified_row_reads_its_stretched_gaps_as_nothing() -> None:
    text = "本期快报关注美国出口管制与欧洲芯片法案"
    top = _page([_spread(text, 600)])[0]
    assert top.text == text
