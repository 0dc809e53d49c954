"""Parse the five real seed issues and compare every article with the hand-checked records
(tests/golden/): fields, dates, editor notes and bodies."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from conftest import GOLDEN, SEED_IDS, parsed

EXPECTED_COUNTS = {
    "2024-01-jiwei-semiconductors": 16,
    "2024-03-casdc-tech-policy": 13,
    "2024-03-jiwei-microelectronics": 19,
    "2024-07-jiwei-chips": 24,
    "2024-08-chips-act-review": 14,
}


#: libyaml's loader where PyYAML has it: the golden files hold every body, read at collection.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _golden(issue_id: str) -> dict:
    return yaml.load((GOLDEN / f"{issue_id}.yaml").read_text(encoding="utf-8"), Loader=_LOADER)


def _expected(issue_id: str) -> list[dict]:
    return _golden(issue_id)["articles"]


def _bodies() -> list:
    """One case per article; those the golden file lists under ``parser_errors`` (the source
    says one thing, the parser gives another) are expected to fail until the parser is fixed."""
    cases = []
    for issue_id in SEED_IDS:
        known = {e["article"]: e["why"] for e in _golden(issue_id).get("parser_errors", [])}
        for number in range(1, len(_expected(issue_id)) + 1):
            marks = []
            if number in known:
                marks = [pytest.mark.xfail(reason=f"parser error: {known[number]}", strict=True)]
            cases.append(pytest.param(issue_id, number, marks=marks, id=f"{issue_id}-{number}"))
    return cases


def test_every_seed_is_covered() -> None:
    assert sorted(EXPECTED_COUNTS) == SEED_IDS


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_article_count(issue_id: str) -> None:
    assert len(parsed(issue_id).articles) == EXPECTED_COUNTS[issue_id]
    assert len(_expected(issue_id)) == EXPECTED_COUNTS[issue_id]


@pytest.mark.parametrize("issue_id", SEED_IDS)
@pytest.mark.parametrize(
    "field",
    [
        "section",
        "title",
        "date",
        "tags",
        "authors",
        "footnotes",
        "source_urls",
        "original_title",
        "dates",
        "editor_note",
    ],
)
def test_articles_match_hand_checked_records(issue_id: str, field: str) -> None:
    articles = parsed(issue_id).articles
    for number, (article, expected) in enumerate(
        zip(articles, _expected(issue_id), strict=True), start=1
    ):
        if field == "footnotes":
            got = [f.url if f.url else {"title": f.title} for f in article.footnotes]
            want = expected.get("footnotes", [])
        elif field in ("tags", "source_urls", "dates"):
            got, want = getattr(article, field), expected.get(field, [])
        else:
            got, want = getattr(article, field), expected.get(field)
        assert got == want, f"{issue_id} article {number} ({expected['title']}): {field}"


@pytest.mark.parametrize(("issue_id", "number"), _bodies())
def test_article_body_matches_the_source(issue_id: str, number: int) -> None:
    article = parsed(issue_id).articles[number - 1]
    expected = _expected(issue_id)[number - 1]
    assert article.body == expected["body"], f"{issue_id} article {number} ({article.title}): body"


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_every_footnote_has_its_marker_in_place(issue_id: str) -> None:
    for article in parsed(issue_id).articles:
        text = f"{article.editor_note or ''}\n{article.body}"
        markers = [int(n) for n in re.findall(r"\[\^(\d+)\]", text)]
        assert markers == list(range(1, len(article.footnotes) + 1)), article.title
        assert [f.n for f in article.footnotes] == markers


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_no_page_artifact_reaches_a_body(issue_id: str) -> None:
    for article in parsed(issue_id).articles:
        body = article.body
        assert "集微技术信息简报" not in body, article.title
        assert "中国科学院成都文献情报中心" not in body.replace("\n", "")
        assert "weixin" not in body
        assert not re.search(r"^\s*\d{1,3}\s*$", body, re.M), f"page number in {article.title}"
        assert not re.search(r"^\s*https?://", body, re.M), f"footnote URL in {article.title}"
        assert "  " not in body.replace("\n", "")
