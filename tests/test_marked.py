"""Footnote markers travel beside the text as data: no character of a source can fake one."""

from __future__ import annotations

from pathlib import Path

from briefgen.ingest.marked import MarkedText, Marker
from briefgen.ingest.text import parse_text
from conftest import BRIEFINGS, parsed

SEED = "2024-01-jiwei-semiconductors"


def test_a_marker_is_taken_out_of_the_text_and_kept_at_its_place() -> None:
    line = MarkedText("影响了少数中国客户1。另见2。")
    first = line.with_marker(9, 10, Marker(9, 1, note=0))
    both = first.with_marker(12, 13, Marker(12, 2, note=1))
    assert both.text == "影响了少数中国客户。另见。"
    assert [(m.offset, m.note) for m in both.markers] == [(9, 0), (12, 1)]
    rendered = both.render(lambda t: t, lambda m: f"[^{m.number}]")
    assert rendered == "影响了少数中国客户[^1]。另见[^2]。"


def test_joins_and_strips_keep_markers_in_place() -> None:
    head = MarkedText("  first line  ", (Marker(12, 1, 0),))
    tail = MarkedText("next words", (Marker(4, 2, 1),))
    joined = head.joined(head.text + " " + tail.text, tail).strip()
    assert joined.text == "first line   next words"
    assert joined.render(str, lambda m: f"<{m.number}>") == "first line<1>   next<2> words"


def test_private_use_characters_in_a_source_are_only_text() -> None:
    # U+E000..U+E004 once carried markers inside strings; a source holding them is text.
    source = (BRIEFINGS / SEED / "source.txt").read_text(encoding="utf-8")
    odd = "\ue000\ue001\ue002\ue003\ue004"
    text = source.replace("美国", f"美国{odd}", 3)
    articles = parse_text(text, Path("odd.txt")).articles
    clean = parsed(SEED).articles
    assert [a.title.replace(odd, "") for a in articles] == [a.title for a in clean]
    assert [a.footnotes for a in articles] == [a.footnotes for a in clean]
    assert sum(a.body.count(odd) + a.title.count(odd) for a in articles) == 3
