"""Issues printed by pdfmake, the PDF library of many web applications (pdfmakegen.py).

Before (probed 2026-12-03 on 20 prints of the five seeds): 8 of them, those in Noto CJK, were
refused (its ToUnicode maps hold white space inside ligature entries, read as none, so every
later code of their range read the next glyph: "（执笔：" came out "（笔：") and the flush-left
ones were read as two columns, their lines interleaved (each word a text object of its own,
the stretch where ragged lines end taken for a gutter): 50 % of the fields; now 99.8 %.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import pdfmakegen
from briefgen.ingest.text import parse_text
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with node (cached between runs)


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


def _printed(issue_id: str, align: str) -> Path:
    issue = parsed(issue_id)
    layout = pdfmakegen.layout_for(issue_id, 3, align)
    return printed_once(
        f"{issue_id}-pdfmake-{align}",
        ("pdfmakegen.py", "pdfmake_print.js", "pdfgen.py", "htmlgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: pdfmakegen.render(issue, layout, MASTHEAD, out),
    )


ISSUES = ["2024-01-jiwei-semiconductors", "2024-07-jiwei-chips"]


@pytest.mark.parametrize("align", ["left", "justify"])
@pytest.mark.parametrize("issue_id", ISSUES)
def test_a_pdfmake_print_gives_the_records_of_its_text(issue_id: str, align: str) -> None:
    got = parsed_pdf(_printed(issue_id, align)).articles
    assert [_record(a) for a in got] == [_record(a) for a in parsed(issue_id).articles]


@pytest.mark.parametrize("issue_id", ISSUES)
def test_pdftotexts_output_of_a_pdfmake_print_reads(issue_id: str) -> None:
    """pdftotext's plain text of a flush-left print: a marker on a line of its own between
    blank lines, an article's notes in the page's midst, each line of them a block. Before,
    the text was refused (a paragraph taken for a title), and then, a marker's line left
    empty, parsing it crashed."""
    pdf = _printed(issue_id, "left")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode()
    got = [a.title for a in parse_text(text, Path(f"{issue_id}.txt")).articles]
    want = [a.title for a in parsed(issue_id).articles]
    assert len(set(got) & set(want)) >= 0.9 * len(want), f"{got} for {want}"
