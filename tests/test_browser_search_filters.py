"""Search filters in a real browser: a facet narrows the results and the URL restores them,
each option's count follows the results, filters alone browse the archive, issues are listed
by date."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from briefgen.i18n import ZH
from briefgen.labels import issue_label
from conftest import seed_archive
from test_browser_search import articles, page, result_links, search

pytestmark = pytest.mark.browser  # every test drives chromium
__all__ = ["page"]  # the fixture, shared with test_browser_search.py


def test_filter_narrows_and_the_url_restores_the_search(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html")
    everything = search(page, "量子")
    page.select_option("#filter-section", "前沿研究")
    page.wait_for_function(
        "n => document.querySelectorAll('#search-results li').length < n", arg=len(everything)
    )
    narrowed = result_links(page)
    assert 0 < len(narrowed) < len(everything)
    assert all(page.locator(".meta").nth(k).inner_text() for k in range(len(narrowed)))
    assert "q=%E9%87%8F%E5%AD%90" in page.url and "section=%E5%89%8D%E6%B2%BF" in page.url
    shared = page.context.new_page()  # another tab
    shared.goto(page.url)
    shared.wait_for_selector("#search-results li")
    assert shared.input_value("#search-q") == "量子"
    assert shared.input_value("#filter-section") == "前沿研究"
    restored = result_links(shared)
    assert restored == narrowed
    shared.close()


def _status_counts(page: Page) -> tuple[int, int]:
    """Full and partial matches, as the status line counts them."""
    status = page.inner_text("#search-status")
    both = re.search(r"(\d+) 篇完全匹配，另 (\d+) 篇部分匹配", status)
    if both:
        return int(both.group(1)), int(both.group(2))
    return int(re.search(r"找到 (\d+) 篇", status).group(1)), 0


def _option_counts(page: Page, kind: str) -> dict[str, int]:
    texts = page.locator(f"#filter-{kind} option").all_inner_texts()[1:]
    values = page.locator(f"#filter-{kind} option").evaluate_all("os => os.map(o => o.value)")[1:]
    return {
        v: int(re.search(r"\((\d+)\)$", t).group(1)) for v, t in zip(values, texts, strict=True)
    }


def test_filter_counts_follow_the_results_and_clear_resets(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html")
    page.wait_for_selector("#filter-section option >> nth=1", state="attached")
    whole = _option_counts(page, "section")
    assert sum(whole.values()) == len(articles())
    search(page, "量子 芯片")
    counts = _option_counts(page, "section")
    full, partial = _status_counts(page)
    assert full == len(result_links(page))
    assert sum(counts.values()) == full + partial < len(articles())
    section = max(counts, key=lambda name: counts[name])
    before = page.inner_text("#search-status")
    assert counts[section] < full + partial
    page.select_option("#filter-section", section)
    page.wait_for_function(
        "old => { const now = document.querySelector('#search-status').textContent;"
        " return now !== old && now.includes('篇'); }",
        arg=before,
    )
    assert sum(_status_counts(page)) == counts[section]
    page.click("#filter-clear")
    page.wait_for_function("() => !location.search.includes('section=')")
    assert page.input_value("#filter-section") == ""
    assert _option_counts(page, "section") == counts


def test_filters_without_a_query_browse_the_archive(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html?from=2024-07&to=2024-07")
    page.wait_for_selector("#search-results li")
    links = result_links(page)
    archive = seed_archive()
    in_july = {e.path for e in archive.entries if e.datetime.startswith("2024-07")}
    assert in_july and set(links) == in_july
    assert f"{len(in_july)} 篇文章符合筛选条件" in page.inner_text("#search-status")


def test_the_issue_filter_is_ordered_by_date(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html")
    page.wait_for_selector("#filter-issue option >> nth=1", state="attached")
    labels = page.locator("#filter-issue option").evaluate_all("os => os.map(o => o.value)")[1:]
    archive = seed_archive()
    label_of = {issue.meta.id: issue_label(issue, ZH) for issue in archive.issues}
    first: dict[str, str] = {}
    for entry in archive.entries:
        label = label_of[entry.issue.id]
        first[label] = min(first.get(label, "9999"), entry.datetime[:7])
    assert sorted(labels) == sorted(first)
    months = [first[label] for label in labels]
    assert months == sorted(months, reverse=True) and len(set(months)) > 1
