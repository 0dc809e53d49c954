"""Every seed issue printed by iText 5 (itextgen.py) parses to the records its text gives.

iText sets text its own way: a line is one string shown with character and word spacing where
it is justified, a marker a string of its own with a text rise, and a layout without a bold
face gets iText's: the same glyphs filled and stroked. Two layouts an issue, under fixed seeds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import itextgen
from briefgen.records import Article
from conftest import SEED_IDS, parsed
from pdfcache import printed_once
from pdfgen import SUBSCRIPTS
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with iText through java (cached between runs)

SEEDS = (12, 7)


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body).translate(SUBSCRIPTS)  # printed plain (pdfgen)
    title = re.sub(r"\s+", "", article.title)
    return (article.section, title, article.tags, article.authors, notes, body)


def _printed(issue_id: str, seed: int) -> Path:
    issue = parsed(issue_id)
    layout = itextgen.layout_for(issue_id, seed)
    code = ("itextgen.py", "java/ItextIssue.java", "htmlgen.py", "pdfgen.py")
    return printed_once(
        f"{issue_id}-itext-{seed}",
        code,
        issue,
        (layout, MASTHEAD),
        lambda out: itextgen.render_itext(issue, layout, MASTHEAD, out),
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_an_itext_print_reads_as_its_text(issue_id: str, seed: int) -> None:
    """Every article whole: section, title, tags, authors, note addresses and body."""
    got = parsed_pdf(_printed(issue_id, seed)).articles
    want = parsed(issue_id).articles
    assert [_record(a) for a in got] == [_record(a) for a in want]


def test_the_layouts_vary_what_itext_does_differently() -> None:
    """The seeds draw both kinds of bold, justified and flush-left text and every font, so
    the test above covers each."""
    layouts = [itextgen.layout_for(issue_id, seed) for issue_id in SEED_IDS for seed in SEEDS]
    assert {lay.bold for lay in layouts} == {"simulated", "family"}
    assert {lay.justify for lay in layouts} == {True, False}
    assert {lay.font for lay in layouts} == set(itextgen.FONTS)
