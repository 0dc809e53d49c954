"""Footnotes numbered with circled numbers (①②③), as Word numbers them where a Chinese
document asks it to: the raised marker in the text and the note's number are "①", not "1".

Before, no such marker was read and no such note opened: every footnote of the issue was lost
(its URLs too). A circled number on the baseline of the text is a list's item and stays text.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

import rlgen
from briefgen.ingest.pdf import read_pdf
from briefgen.ingest.text import parse_text
from briefgen.ingest.text_signs import circled_notes_in_digits
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with reportlab (cached between runs)

#: Issues with notes, in two layouts each: markers raised by reportlab's <super> (seed 12) or
#: by an explicit size and rise (seed 9).
PRINTS = [
    (issue, seed)
    for issue in ("2024-07-jiwei-chips", "2024-03-jiwei-microelectronics")
    for seed in (12, 9)
]


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple((note.n, note.url, note.title) for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, re.sub(r"\s+", "", article.title), article.authors, notes, body)


def _printed(issue_id: str, seed: int) -> Path:
    issue = parsed(issue_id)
    layout = replace(rlgen.layout_for(issue_id, seed), numbers="circled")
    return printed_once(
        f"{issue_id}-reportlab-circled-{seed}",
        ("rlgen.py", "pdfgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: rlgen.render_issue(issue, layout, MASTHEAD, out),
    )


@pytest.mark.parametrize(("issue_id", "seed"), PRINTS)
def test_circled_note_numbers_read_as_the_notes_they_are(issue_id: str, seed: int) -> None:
    """Every article whole: its markers where they stand, every note with its address."""
    got = parsed_pdf(_printed(issue_id, seed)).articles
    want = parsed(issue_id).articles
    assert sum(len(a.footnotes) for a in want) > 20
    assert [_record(a) for a in got] == [_record(a) for a in want]


def test_circled_numbers_of_a_list_in_the_text_stay_text() -> None:
    """casdc's goals are listed "①促进…；②…" in the running text: no marker, no note."""
    issue_id = "2024-03-casdc-tech-policy"
    got = parsed_pdf(_printed(issue_id, 12)).articles
    listed = [a for a in got if "①促进和加速未来几代微电子技" in re.sub(r"\s+", "", a.body)]
    assert len(listed) == 1 and not listed[0].footnotes and "[^" not in listed[0].body


def test_circled_markers_side_by_side_are_each_a_marker(tmp_path: Path) -> None:
    """ "①②" raised as one string cites notes 1 and 2 (not 12); "1" and "2" raised as one
    string still cite note 12."""
    pdfmetrics.registerFont(TTFont("uming", "/usr/share/fonts/truetype/arphic/uming.ttc"))
    style = ParagraphStyle("body", fontName="uming", fontSize=12, leading=20)
    pdf = tmp_path / "markers.pdf"
    texts = [
        "研究团队迅速<super>①②</super>发布报告<super>③</super>。",
        "另见报告<super>12</super>。",
    ]
    SimpleDocTemplate(str(pdf)).build([Paragraph(text, style) for text in texts])
    rows = read_pdf(pdf).pages[0].rows
    assert [(row.text, [m.number for m in row.markers]) for row in rows] == [
        ("研究团队迅速发布报告。", [1, 2, 3]),
        ("另见报告。", [12]),
    ]


@pytest.mark.parametrize("mode", ["-layout", "plain"])
@pytest.mark.parametrize(("issue_id", "seed"), PRINTS)
def test_the_text_of_a_circled_print_reads_as_that_of_a_print_in_digits(
    issue_id: str, seed: int, mode: str
) -> None:
    """pdftotext writes a raised ① as "①" beside its word ("（NAPMP）①。") and a note's as
    "①" at the line's start: the text route reads them as it reads the same print numbered
    1, 2, 3 (before: not one note)."""
    circled = _text_notes(_printed(issue_id, seed), issue_id, mode)
    digits = _text_notes(_printed_in_digits(issue_id, seed), issue_id, mode)
    wanted = sum(len(article.footnotes) for article in parsed(issue_id).articles)
    assert circled[0] >= 0.55 * wanted
    assert circled[0] == digits[0] and abs(circled[1] - digits[1]) <= 1


def _printed_in_digits(issue_id: str, seed: int) -> Path:
    issue = parsed(issue_id)
    layout = rlgen.layout_for(issue_id, seed)
    return printed_once(
        f"{issue_id}-reportlab-digits-{seed}",
        ("rlgen.py", "pdfgen.py"),
        issue,
        (layout, MASTHEAD),
        lambda out: rlgen.render_issue(issue, layout, MASTHEAD, out),
    )


def _text_notes(pdf: Path, issue_id: str, mode: str) -> tuple[int, int]:
    """(notes read with their address, markers read) from ``pdf`` as pdftotext writes it."""
    args = ["pdftotext", "-enc", "UTF-8", *([mode] if mode != "plain" else []), str(pdf), "-"]
    text = subprocess.run(args, check=True, capture_output=True).stdout.decode()
    articles = parse_text(text, Path(f"{issue_id}.txt")).articles
    notes = sum(1 for article in articles for note in article.footnotes if note.url)
    return notes, sum(article.body.count("[^") for article in articles)


def test_circled_numbers_of_lists_in_a_text_stay_when_no_note_opens_with_one() -> None:
    """Only a line opening with a circled number alone, or before a web address or a Latin
    word, is a note; a list's items stay, Word's numbered list set with a tab too."""
    text = "包括：①促进和加速研究（NAPMP）①。②加强合作②，\n① 促进研究\n1 https://example.org/a\n"
    assert circled_notes_in_digits(text) == text
    noted = "计划（NAPMP）①。包括：①促进；②加强。\n①\t促进研究\n①\n  https://example.org/a\n"
    assert circled_notes_in_digits(noted) == (
        "计划（NAPMP）1。包括：①促进；②加强。\n①\t促进研究\n1\n  https://example.org/a\n"
    )
