"""A new query's results replace the last query's in one step: the old ones stay on screen
until the new top result is drawn, and go in the same task as it comes. Removing them as soon
as the new query was ranked made the browser lay out and paint the page between ranking and
the top result's file, which then waited behind that frame (at 20,000 articles about 6 ms of
a query pasted and run at once; bench/search_timeline.py).

Watched from outside with a MutationObserver: each batch of changes to the results list it is
told of (one batch a task, at most) is noted with whether it removed the old results and
whether it added a new one. No timing is measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import PASTE_AND_RUN, Tab, serve

pytestmark = pytest.mark.browser  # drives chromium

FIRST = "量子"
#: Pasted and run at once after FIRST: none of its files, its top result's included, are in.
SECOND = "人工智能"

#: Run and at once replaced by FIRST: a query whose top result holds the phrase (drawn early),
#: none of its files in yet.
REPLACED = "半导体"
#: Notes the link of every result added to the results list from now on.
ADDED = """() => {
  window.added = [];
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.from(record.addedNodes).forEach(function (node) {
        if (node.nodeName === "LI") added.push(node.querySelector(".article-link").href);
      });
    });
  }).observe(document.getElementById("search-results"), { childList: true });
}"""

WATCH = """() => {
  window.batches = [];
  new MutationObserver(function (records) {
    var removed = false;
    var added = false;
    records.forEach(function (record) {
      if (record.target.id !== "search-results") return;
      removed = removed || Array.from(record.removedNodes).some(function (node) {
        return node.nodeName === "LI";
      });
      added = added || Array.from(record.addedNodes).some(function (node) {
        return node.nodeName === "LI";
      });
    });
    if (removed || added) batches.push({ removed: removed, added: added });
  }).observe(document.getElementById("search-results"), { childList: true });
}"""


@pytest.fixture
def http_root(seed_site: Path) -> Iterator[str]:
    """The seed site at an address of the test's own: none of SECOND's files is cached from
    another test (the run's tabs share one HTTP cache, browser.TabPool)."""
    with serve(seed_site) as base:
        yield base


def test_the_last_results_go_in_the_same_step_as_the_new_top_result(
    http_root: str, tab: Tab
) -> None:
    # http_root first: fixtures end in reverse, so the tab leaves the site (one_test_in)
    # before its server closes, and no file the page still fetches fails.
    page = tab(width=1280)
    page.goto(http_root + "search.html?q=" + FIRST)
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=FIRST
    )
    assert page.locator("#search-results li").count() > 0
    page.evaluate(WATCH)
    page.evaluate(PASTE_AND_RUN, SECOND)
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=SECOND
    )
    batches = page.evaluate("batches")
    assert batches, "the results list never changed"
    first = batches[0]
    assert first["removed"], batches
    assert first["added"], batches
    # Nothing of the last query's is left: every result links with the new query.
    hrefs = page.eval_on_selector_all(
        "#search-results .article-link", "links => links.map(link => link.href)"
    )
    assert hrefs
    assert all(quote(SECOND) in href for href in hrefs), hrefs
    # A query run and at once replaced by another: the first one's top result, drawn as soon
    # as its file is in (before the rest are ranked), must not land among the second's.
    page.evaluate(ADDED)
    page.evaluate(f"q => {{ ({PASTE_AND_RUN})(q); ({PASTE_AND_RUN})({FIRST!r}); }}", REPLACED)
    page.wait_for_function(
        "q => document.getElementById('search-status').textContent.includes(q)", arg=FIRST
    )
    page.wait_for_timeout(300)  # the replaced query's files and its ranking, in by then
    added = page.evaluate("added")
    assert added
    assert all(quote(FIRST) in href for href in added), added
