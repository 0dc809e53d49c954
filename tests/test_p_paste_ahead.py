"""A query pasted into the search box is ranked as soon as its index files are in, before
Enter, and its top result's file asked for then; a character typed or deleted at the end only
fetches files (the typing pause still runs the search).

The page's clock is stopped once the page is ready (Playwright's fake timers), so the typing
pause never ends: any search the page makes is the paste's own. At 20,000 articles this takes
ranking and the top result's round trip off the time from Enter to a pasted query's first
result, when Enter comes after them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request

from briefgen.search.hashed import read_script
from browser import one_test_in, serve

pytestmark = pytest.mark.browser  # drives chromium

PASTED = "光刻机"


@pytest.fixture(scope="module")
def clocked(browser: Browser) -> Iterator[BrowserContext]:
    """A browser context of the module's own, its timers faked: Playwright's clock is the
    context's, so no tab the other tests share may be in it. One for both tests (a context
    costs chromium about 0.8 s of CPU)."""
    context = browser.new_context()
    context.clock.install()
    yield context
    context.close()


@pytest.fixture
def page(clocked: BrowserContext) -> Iterator[Page]:
    """A tab of its own, its timers faked and running (stopped by ``_ready``)."""
    clocked.clock.resume()  # where the last test stopped them
    page = clocked.new_page()
    page.set_default_timeout(10_000)
    with one_test_in(page):
        yield page
    page.close()


@pytest.fixture
def http_root(seed_site: Path) -> Iterator[str]:
    """The seed site at an address of the test's own, so nothing of it is fetched yet: the
    context's HTTP cache holds only what the other test fetched from its own."""
    with serve(seed_site) as base:
        yield base


def _ready(page: Page, http_root: str) -> list[str]:
    """The empty search page with its searcher made; returns the list the page's index
    requests are added to (names under static/search/)."""
    requested: list[str] = []
    page.on(
        "request",
        lambda request: requested.append(request.url.split("/static/search/", 1)[-1]),
    )
    # The facets file is asked for once the manifest is in and the searcher made.
    with page.expect_response(lambda response: "/static/search/facets." in response.url):
        page.goto(http_root + "search.html")
    # Stopped a second ahead: timers due by then run, and none after. (Playwright for Python
    # takes a number as seconds.)
    page.clock.pause_at((page.evaluate("Date.now()") + 1000) / 1000)
    return requested


def _is_document(request: Request) -> bool:
    return "/static/search/doc/" in request.url


def _documents(requested: list[str]) -> list[str]:
    return [name for name in requested if name.startswith("doc/")]


def test_a_pasted_query_is_ranked_before_enter(page: Page, http_root: str, seed_site: Path) -> None:
    requested = _ready(page, http_root)
    with page.expect_request(_is_document):
        page.fill("#search-q", PASTED)
    ahead = _documents(requested)
    assert len(ahead) == 1
    assert page.locator("#search-results li").count() == 0  # ranked, not drawn
    page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results li")
    first = page.locator("#search-results .article-link").first.get_attribute("href")
    shown = read_script(seed_site / "static" / "search", ahead[0].removesuffix(".js"))
    assert isinstance(shown, dict)
    assert first is not None and first.split("?")[0].endswith(shown["path"])


def test_a_character_typed_at_the_end_only_fetches(page: Page, http_root: str) -> None:
    requested = _ready(page, http_root)
    box = page.locator("#search-q")
    box.press_sequentially(PASTED[0])
    with page.expect_response(lambda response: "/static/search/t/" in response.url):
        box.press_sequentially(PASTED[1])
    # The prefix's shards are in: a search made ahead would have asked for a result by now.
    page.wait_for_timeout(500)
    assert any(name.startswith("t/") for name in requested)
    assert _documents(requested) == []
    page.keyboard.press("Backspace")
    page.wait_for_timeout(300)
    assert _documents(requested) == []
    # The rest pasted at once (two characters more) is searched ahead.
    with page.expect_request(_is_document):
        page.fill("#search-q", PASTED)
    assert len(_documents(requested)) == 1
