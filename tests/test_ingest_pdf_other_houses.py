"""PDF issues from a house none of the declared layouts describes.

A research centre whose articles end with no author line briefgen knows (or none at all) was
refused whole as "unknown layout", although the type told every title apart. Now such an issue
is read by its titles' type: the articles, their sections, bodies and notes as printed, the
authors left for the editor, and one warning that says so.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

import housegen
import htmlgen
import texgen
from briefgen.ingest import parse_issue
from briefgen.records import Article, Issue
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD, parsed_pdf


def _without_authors(issue: Issue) -> Issue:
    """The issue as a house that prints no author line would: no names, no 供稿自 block."""
    articles = [replace(a, authors=[], source_urls=[], original_title=None) for a in issue.articles]
    return replace(issue, articles=articles)


def _print(issue: Issue, name: str, seed: int) -> Path:
    layout = htmlgen.layout_for(issue.issue.id, "weasyprint", seed)
    return printed_once(
        name,
        ("htmlgen.py", "pdfgen.py"),
        issue,
        (seed, MASTHEAD),
        lambda path: htmlgen.render_weasyprint(issue, layout, MASTHEAD, path),
    )


def _house_print(name: str, issue: Issue, params: object, html: Callable[[], str]) -> Path:
    """The print of ``html()``, a house's HTML of ``issue`` (housegen.py), from the cache."""
    code = ("htmlgen.py", "pdfgen.py", "housegen.py")
    return printed_once(name, code, issue, params, lambda path: housegen.render(html(), path))


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("issue_id", ["2024-01-jiwei-semiconductors", "2024-08-chips-act-review"])
def test_an_issue_with_no_author_lines_is_read_by_its_titles_type(
    issue_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    issue = _without_authors(parsed(issue_id))
    pdf = _print(issue, f"{issue_id}-no-authors", 12)
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        got = parse_issue(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    assert got.issue.layout == "headings"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    told = [w for w in warnings if "no article ends with an author line" in w]
    assert len(told) == 1 and str(pdf) in told[0], warnings
    assert not [w for w in warnings if "has no author line" in w]


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("issue_id", ["2024-01-jiwei-semiconductors", "2024-08-chips-act-review"])
def test_bylines_in_other_words_give_the_authors_and_stay_out_of_the_body(issue_id: str) -> None:
    """Before, the names were lost and each byline ended its article's body."""
    issue = parsed(issue_id)
    pdf = _house_print(
        f"{issue_id}-bylines", issue, (5, MASTHEAD), lambda: housegen.bylined_html(issue, 5)
    )
    got = parsed_pdf(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    assert got.issue.layout == "byline"


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize(
    ("issue_id", "mark"),
    [
        ("2024-03-jiwei-microelectronics", "{n}、{name}"),
        ("2024-01-jiwei-semiconductors", "【{name}】"),
    ],
)
def test_decorated_sections_and_bylines_under_titles_read_as_names_and_authors(
    issue_id: str, mark: str
) -> None:
    """Before, each decorated section heading ("一、政策计划") opened an empty article and
    the section was lost; a byline under a title was the body's first paragraph."""
    issue = parsed(issue_id)
    pdf = _house_print(
        f"{issue_id}-decorated",
        issue,
        (mark, MASTHEAD),
        lambda: housegen.decorated_html(issue, mark, 3),
    )
    got = parsed_pdf(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize(
    ("issue_id", "number"),
    [("2024-03-casdc-tech-policy", "{}. "), ("2024-08-chips-act-review", "{:02d} ")],
)
def test_numbered_titles_and_a_dateline_under_each(issue_id: str, number: str) -> None:
    """The numbers come off the titles (and the tags after them are read); the dateline is
    the article's date, not a paragraph of its body. Before, "01 美 CHIPS 法案…" was the
    title, "[半导体]" stayed in it, and "2024-03-15" opened every body."""
    issue = parsed(issue_id)
    pdf = _house_print(
        f"{issue_id}-numbered",
        issue,
        (number, MASTHEAD),
        lambda: housegen.numbered_html(issue, number, "2024-03-15"),
    )
    got = parsed_pdf(pdf).articles
    # NFKC: the test prints set Ga₂O₃ as "Ga2O3" (pdfgen.body_paragraphs).
    assert [_folded(a) for a in got] == [_folded(a) for a in issue.articles]
    assert [a.tags for a in got] == [a.tags for a in issue.articles]
    # Printed, not inferred: pages show the day, not the month "（推断）".
    assert {(a.date, a.date_inferred) for a in got} == {("2024-03-15", False)}


def _folded(article: Article) -> tuple[object, ...]:
    return tuple(unicodedata.normalize("NFKC", str(field)) for field in _record(article))


@pytest.mark.slow  # prints a PDF with WeasyPrint (cached between runs)
def test_a_small_byline_under_each_title_gives_the_authors() -> None:
    """Before, the byline rows, set in the notes' size, were read as notes: glued onto the
    page's footnotes ("…and沈湘 王丽 / 中国科学院…"), the authors lost."""
    issue = parsed("2024-07-jiwei-chips")
    pdf = _house_print(
        "2024-07-jiwei-chips-small-bylines",
        issue,
        MASTHEAD,
        lambda: housegen.small_bylines_html(issue),
    )
    got = parsed_pdf(pdf)
    assert [_record(a) for a in got.articles] == [_record(a) for a in issue.articles]
    notes = [note.title or "" for a in got.articles for note in a.footnotes]
    assert not [title for title in notes if "文献情报中心" in title]


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize("at_end", [False, True], ids=["after-each-article", "at-the-issue-end"])
def test_bracketed_citations_link_to_the_sources_listed_under_them(
    at_end: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """Before, "[1]" stayed in the text as "\\[[^1]\\]" or "\\[1\\]", each article's sources
    went to the article after it, and a list at the issue's end went to its last article
    (and its page of addresses was taken for a misread font)."""
    issue = parsed("2024-03-jiwei-microelectronics")
    pdf = _house_print(
        f"2024-03-jiwei-microelectronics-cited-{at_end}",
        issue,
        at_end,
        lambda: housegen.cited_html(issue, at_end),
    )
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        got = parse_issue(pdf).articles
    assert [_record(a) for a in got] == [_record(a) for a in issue.articles]
    assert "hardly any Chinese" not in caplog.text


def _sections_and_titles_in_one_size(name: str, issue: Issue) -> list[tuple[object, str]]:
    """(section, title without spaces) of each article of ``issue`` printed by XeLaTeX with its
    sections in the titles' size and weight. Spaces are left out: a title TeX wraps at its own
    space loses it ("草案 征求", listed in README among what is still wrong)."""
    lay = texgen.layout_for(issue.issue.id)
    lay = replace(lay, section=lay.title)
    pdf = printed_once(
        name,
        ("texgen.py", "pdfgen.py"),
        issue,
        lay,
        lambda path: texgen.render_xelatex(issue, lay, MASTHEAD, path),
    )
    return [(a.section, re.sub(r"\s", "", a.title)) for a in parsed_pdf(pdf).articles]


@pytest.mark.slow  # prints a PDF with XeLaTeX (cached between runs)
def test_sections_set_at_the_titles_size_stay_apart_from_the_title_under_them() -> None:
    """XeLaTeX sets the title 1.1 lines under a section's name of its size: before, the two
    were read as one wrapped title ("政策计划 美国宣布…"), every section lost."""
    issue = parsed("2024-07-jiwei-chips")
    got = _sections_and_titles_in_one_size("2024-07-jiwei-chips-tex-same-size", issue)
    assert got == [(a.section, re.sub(r"\s", "", a.title)) for a in issue.articles]


@pytest.mark.slow  # prints a PDF with XeLaTeX (cached between runs)
def test_a_section_set_as_its_numbered_titles_are_stays_apart_from_the_first() -> None:
    """Sections in the titles' size and weight over numbered titles ("政策计划" "01 荷兰政府…"),
    as far apart as a title's own rows: before, each section's name opened its first title
    ("政策计划 01 荷兰政府…"), no article had a section and no title lost its number (house5,
    XeLaTeX, 16 of 30 titles)."""
    plain = parsed("2024-01-jiwei-semiconductors")
    numbered = [
        replace(article, title=f"{k:02d} {article.title}")
        for k, article in enumerate(plain.articles, start=1)
    ]
    issue = replace(plain, articles=numbered)
    got = _sections_and_titles_in_one_size(
        "2024-01-jiwei-semiconductors-tex-same-size-numbered", issue
    )
    assert got == [(a.section, re.sub(r"\s", "", a.title)) for a in plain.articles]


@pytest.mark.slow  # prints a PDF with WeasyPrint (cached between runs)
@pytest.mark.parametrize(
    ("numbers", "size"), [("bracketed", "title"), ("listed", "title"), ("listed", "between")]
)
def test_numbered_headings_of_an_articles_parts_stay_in_its_body(numbers: str, size: str) -> None:
    """Parts headed "（一）背景" or "1. 背景" set larger than the text (at the titles' size or
    between): before, each opened an article of its own (24 read as 42), and the article it
    stood in was cut."""
    issue = parsed("2024-07-jiwei-chips")
    pdf = _house_print(
        f"2024-07-jiwei-chips-parts-{numbers}-{size}",
        issue,
        (numbers, size, MASTHEAD),
        lambda: housegen.parted_html(issue, numbers, size),
    )
    got = parsed_pdf(pdf).articles
    assert [_record(a)[:4] for a in got] == [_record(a)[:4] for a in issue.articles]
    parts = housegen.PART_HEADINGS[numbers]
    parted = 0
    for want, have in zip(issue.articles, got, strict=True):
        # Each a paragraph of its own (a Markdown heading, as bold rows are), in its place.
        paragraphs = have.body.split("\n\n")
        found = [p.lstrip("# ") for p in paragraphs if p.lstrip("# ") in parts]
        assert found in ([], parts), want.title
        parted += bool(found)
        kept = "".join(p for p in paragraphs if p.lstrip("# ") not in parts)
        assert re.sub(r"\s", "", kept) == re.sub(r"\s", "", want.body), want.title
    assert parted >= len(got) // 3  # the prints carry them: the test means something
