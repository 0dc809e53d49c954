"""From a search result to the passage, in chromium at 360 and 1280 px: a result shows its best
passage under that passage's heading and links to the paragraph's anchor; the article marks
the query and scrolls there; English results use the English pages' labels and dates."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Page

from briefgen.i18n import EN
from briefgen.labels import date_text, issue_label
from browser import Tab
from conftest import seed_archive

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]
#: What a result or a label says does not depend on the width: those tests read a phone's
#: page only; where the page scrolls to is tested at both widths.
PHONE_ONLY = pytest.mark.parametrize("page", [360], indirect=True, ids=["360px"])
#: CNAS on quantum computing (2024-07 jiwei, article 12). Checked by hand against the source:
#: "Hyperion" stands in its 9th and 10th paragraphs, "单点故障" (single points of failure)
#: only in the 10th, under the sub-heading （一）构建健壮的量子技术供应链.
QUANTUM = "issues/2024-07-jiwei-chips/a12.html"
HEADING = "（一）构建健壮的量子技术供应链"
CITED = "issues/2024-07-jiwei-chips/a19.html"  # no English title; one cited English paper


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(tab: Tab, request: pytest.FixtureRequest) -> Page:
    """The run's tab of the width (conftest ``tab``), for the test."""
    return tab(width=request.param, height=800)


def _results(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#search-results li .passage")


def _in_view(page: Page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.bottom > 0 && r.top < window.innerHeight; }",
    )


@PHONE_ONLY
def test_a_result_shows_its_best_passage_under_its_heading(page: Page, http_root: str) -> None:
    """Both words stand together only in the 10th paragraph, not the 9th, the first match."""
    _results(page, http_root + "search.html?q=" + quote("Hyperion 单点故障"))
    result = page.locator("#search-results li").first
    assert result.locator(".article-link").get_attribute("href").startswith(QUANTUM + "?")
    assert result.locator(".passage-heading").inner_text() == HEADING
    marks = result.locator(".snippet mark").all_inner_texts()
    assert "单点故障" in marks and "Hyperion" in marks
    link = urlsplit(result.locator("a.passage").get_attribute("href"))
    assert (link.path, link.fragment) == (QUANTUM, "p-10")
    query = parse_qs(link.query)
    assert query["q"] == ["Hyperion 单点故障"]
    assert {"hyperion", "单点故障"} <= set(query["hl"])


def test_the_passage_link_marks_the_query_and_scrolls_to_the_paragraph(
    page: Page, http_root: str
) -> None:
    _results(page, http_root + "search.html?q=" + quote("单点故障"))
    page.locator("#search-results a.passage").first.click()
    page.wait_for_selector("mark.search-hit")
    assert page.evaluate("location.hash") == "#p-10"
    assert page.locator("#p-10 mark.search-hit").all_inner_texts() == ["单点故障"]
    assert page.locator("mark.search-hit").count() == 1
    assert _in_view(page, "#p-10") and page.evaluate("window.scrollY") > 300
    bar = page.locator(".highlight-bar")
    assert "“单点故障”" in bar.inner_text() and "1" in bar.inner_text()
    bar.locator("button").click()
    assert page.locator("mark").count() == 0 and page.locator(".highlight-bar").count() == 0
    assert "单点故障" in page.locator("#p-10").inner_text()


def test_without_an_anchor_the_page_scrolls_to_the_first_mark(page: Page, http_root: str) -> None:
    # Full-width letters and case fold as the search page folds them.
    page.goto(http_root + QUANTUM + "?hl=" + quote("ｈｙｐｅｒｉｏｎ"))
    page.wait_for_selector("mark.search-hit")
    marks = page.locator("mark.search-hit")
    assert marks.all_inner_texts() == ["Hyperion", "Hyperion"]
    assert page.locator("#p-9 mark.search-hit").count() == 1  # the first paragraph with it
    assert _in_view(page, "mark.search-hit >> nth=0")
    assert page.evaluate("window.scrollY") > 300


def test_nothing_is_marked_without_a_query(page: Page, http_root: str) -> None:
    page.goto(http_root + QUANTUM + "#p-10")
    page.wait_for_load_state("load")
    assert page.locator("mark").count() == 0 and page.locator(".highlight-bar").count() == 0
    assert _in_view(page, "#p-10")  # the anchor alone still works


@PHONE_ONLY
def test_english_results_use_the_english_pages_labels_and_dates(page: Page, http_root: str) -> None:
    """A result's labels and dates, then the filters of a second query typed into the same
    page (``_english_filters_name_issues_and_authors_in_english``: a test of its own loaded
    the page again)."""
    archive = seed_archive()
    entry = next(e for e in archive.entries if e.path == CITED)
    _results(page, http_root + "en/search.html?q=" + quote("一维金属相"))
    result = page.locator("#search-results li").first
    link = result.locator(".article-link")
    assert link.get_attribute("href").startswith(CITED + "?")
    assert link.inner_text() == entry.article.title and link.get_attribute("lang") == "zh-CN"
    assert result.locator(".in-zh").inner_text() == "in Chinese"
    assert result.locator(".source-title").inner_text() == (
        "Source title: Integrated 1D epitaxial mirror twin boundaries for ultrascaled 2D MoS2 "
        "field-effect transistors"
    )
    meta = result.locator(".meta").inner_text()
    issue, date = issue_label(entry.issue, EN), date_text(entry, EN)
    assert meta.startswith(issue + " · ") and meta.endswith(" · " + date)
    # The publication has no English name, but the issue's date is written in English.
    assert meta.startswith("集微技术信息简报 July 2024 (inferred) · Frontier Research · ")
    assert re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]+ 2024 \(inferred\)", date)
    assert result.locator("time").get_attribute("datetime") == entry.datetime
    _english_filters_name_issues_and_authors_in_english(page)


@PHONE_ONLY
def test_chinese_results_write_dates_as_chinese_pages_do(page: Page, http_root: str) -> None:
    _results(page, http_root + "search.html?q=" + quote("一维金属相"))
    meta = page.locator("#search-results li .meta").first.inner_text()
    assert re.search(r" · 2024年\d{1,2}月(\d{1,2}日)?（推断）$", meta), meta
    assert page.locator("#search-results .in-zh").count() == 0


def test_the_passage_link_works_from_disk(page: Page, seed_site: Path) -> None:
    page.goto((seed_site / "search.html").as_uri() + "?q=" + quote("单点故障"))
    page.wait_for_selector("#search-results a.passage")
    page.locator("#search-results a.passage").first.click()
    page.wait_for_selector("#p-10 mark.search-hit")
    assert page.url.startswith("file://") and page.url.endswith("#p-10")


def _english_filters_name_issues_and_authors_in_english(page: Page) -> None:
    page.fill("#search-q", "量子")
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#search-status').textContent.includes('量子')"
    )
    page.wait_for_selector("#search-results li .passage")
    # The filters are the new query's once they offer an issue the last query's did not.
    august = page.locator("#filter-issue option", has_text="August 2024")
    august.wait_for(state="attached")
    issues = page.locator("#filter-issue option").all_inner_texts()
    assert any(t.startswith("Briefing August 2024 (inferred) (") for t in issues), issues
    assert not any("年" in t for t in issues), issues
    authors = page.locator("#filter-author option").all_inner_texts()
    assert any(t.startswith("Shen Xiang (") for t in authors), authors
    # The value stays the archive's own name, so a shared URL works in either language.
    page.select_option("#filter-author", label=next(t for t in authors if "Shen Xiang" in t))
    page.wait_for_function("() => location.search.includes('author=%E6%B2%88%E6%B9%98')")


def test_the_english_article_says_what_it_marked(page: Page, http_root: str) -> None:
    # "Hyperion" stands once in the 9th paragraph and once in the 10th.
    page.goto(http_root + "en/" + QUANTUM + "?q=Hyperion&hl=hyperion#p-9")
    bar = page.locator(".highlight-bar")
    assert bar.inner_text() == "Marked “Hyperion”: 2 in this article. Remove marks"
    assert page.locator("#p-9 mark.search-hit").all_inner_texts() == ["Hyperion"]
    assert _in_view(page, "#p-9")
