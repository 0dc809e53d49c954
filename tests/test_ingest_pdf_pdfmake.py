"""Issues printed by pdfmake, the PDF library of many web applications (pdfmakegen.py).

Before (probed 2026-12-03 on 20 prints of the five seeds): 8 of them, those in Noto CJK, were
refused (its ToUnicode maps hold white space inside ligature entries, read as none, so every
later code of their range read the next glyph: "（执笔：" came out "（笔：") and the flush-left
ones were read as two columns, their lines interleaved (each word a text object of its own,
the stretch where ragged lines end taken for a gutter): 50 % of the fields; now 99.8 %.
"""

from __future__ import annotations

import re

import pytest

import pdfmakegen
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with node (cached between runs)


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


@pytest.mark.parametrize("align", ["left", "justify"])
@pytest.mark.parametrize("issue_id", ["2024-01-jiwei-semiconductors", "2024-07-jiwei-chips"])
def test_a_pdfmake_print_gives_the_records_of_its_text(issue_id: str, align: str) -> None:
    issue = parsed(issue_id)
    layout = pdfmakegen.layout_for(issue_id, 3, align)
    pdf = printed_once(
        f"{issue_id}-pdfmake-{align}",
        ("pdfmakegen.py", "pdfmake_print.js", "pdfgen.py", "htmlgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: pdfmakegen.render(issue, layout, MASTHEAD, out),
    )
    got = parsed_pdf(pdf).articles
    assert [_record(a) for a in got] == [_record(a) for a in issue.articles]
