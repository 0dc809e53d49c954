"""Bracketed citations in running text become markers only for the notes listed; a page of
listed sources is no misread font."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from briefgen.ingest.pdf import PdfPage, check_text_layer
from briefgen.ingest.pdf_citations import mark_bracketed_citations
from briefgen.ingest.pdf_rows import Marker, Row


def _row(text: str, role: str, markers: list[Marker] | None = None) -> Row:
    row = Row(page=1, y=0, size=10, bold=False, text=text, markers=markers or [])
    row.role = role
    return row


def test_a_citation_of_a_listed_note_is_a_marker_and_other_brackets_stay() -> None:
    # A raised marker 9 after 增长: its offset moves with the text taken out before it. No
    # note 5 is listed: "[5]" is the text's own.
    body = _row("报告 [1]显示，[5]年产能［2,3］增长。", "body", [Marker(9, 22)])
    notes = [_row(f"[{n}] https://example.com/{n}", "footnote") for n in (1, 2, 3)]
    mark_bracketed_citations([body, *notes])
    assert body.text == "报告显示，[5]年产能增长。"
    assert [(m.number, m.offset) for m in body.markers] == [(1, 2), (2, 11), (3, 11), (9, 13)]
    assert notes[0].text == "[1] https://example.com/1"  # the notes keep their numbers


def test_without_a_bracketed_list_of_notes_brackets_are_text() -> None:
    body = _row("见附件[1]。", "body")
    mark_bracketed_citations([body, _row("1 https://example.com", "footnote")])
    assert body.text == "见附件[1]。" and body.markers == []


def test_a_page_of_sources_is_no_misread_font_and_a_url_hides_no_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The share of Chinese a page's letters hold leaves web addresses out, and the rest of
    one wrapped onto the next row; a page of them alone is not measured. Before, a row after
    an address was taken for its rest even when it was Chinese: a page of Chinese with one
    link at its top measured 8 % and was said to be misread."""
    chinese = "据官网报道美国商务部宣布将为五个研发领域提供资金用于建立和加速国内先进封装能力"
    linked = [_row("原文链接：https://example.com/news/2024/07/a-very-long-", "body")]
    linked += [_row("address-that-wraps", "body")] + [_row(chinese, "body") for _ in range(30)]
    linked.append(_row("Source: the press office of the U.S. Department of Commerce", "body"))
    sources = [_row(f"[{n}] https://example.com/sources/{n}/with-a-path", "body") for n in (1, 2)]
    sources.insert(1, _row("that-wraps-on", "body"))
    plain = [_row(chinese, "body") for _ in range(30)]
    pages = [PdfPage(n, 595, 842, rows) for n, rows in enumerate([plain, linked, sources], 1)]
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        check_text_layer(Path("x.pdf"), pages)
    assert "hardly any Chinese" not in caplog.text
