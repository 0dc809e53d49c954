"""PDF issues from a house none of the declared layouts describes.

A research centre whose articles end with no author line briefgen knows (or none at all) was
refused whole as "unknown layout", although the type told every title apart. Now such an issue
is read by its titles' type: the articles, their sections, bodies and notes as printed, the
authors left for the editor, and one warning that says so.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest

import htmlgen
from briefgen.ingest import parse_issue
from briefgen.records import Article, Issue
from conftest import parsed
from pdfcache import printed_once
from producers import MASTHEAD


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
