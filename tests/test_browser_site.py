"""The built site in a real browser (Debian's chromium through Playwright).

A reader goes from the home page to an article through the issue's table of contents,
follows a footnote and comes back, and switches language; over HTTP on 127.0.0.1 and
straight from disk. Layout is checked at 1280 px and 360 px, accessibility with axe-core.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser import Tab

pytestmark = pytest.mark.browser  # every test drives chromium

PAGES = [
    "index.html",
    "issues/2024-07-jiwei-chips/index.html",
    "issues/2024-07-jiwei-chips/a12.html",
]


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, seed_site: Path, http_root: str) -> str:
    return http_root if request.param == "http" else seed_site.as_uri() + "/"


def test_reader_goes_from_home_to_a_footnote_and_switches_language(tab: Tab, base_url: str) -> None:
    page = tab(width=1280, files=base_url.startswith("file:"))
    page.goto(base_url + "index.html")
    page.click("#latest-issue a")
    assert page.url.endswith("/index.html") and "/issues/" in page.url
    first = page.locator(".toc-list a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    article_url = page.url

    ref = page.locator("sup.fnref a").first
    target = ref.get_attribute("href")
    ref.click()
    assert page.evaluate("location.hash") == target
    assert page.evaluate("document.querySelector(':target').id") == target.lstrip("#")
    page.locator(f"{target} .backref").click()
    assert page.evaluate("location.hash") == "#fnref-" + target.split("-")[-1]

    page.click(".lang-switch")
    # The other language's page, once it has loaded (the click only starts the navigation).
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.split("#")[0] == article_url.split("#")[0].replace(base_url, base_url + "en/")
    assert page.locator("h1").inner_text() == title
    page.click(".lang-switch")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    # A script error on the way fails the test too (the tab fixture).


# axe-core and sideways scrolling are checked on these pages (and more) at 360 and 1280 px, in
# both colour schemes, by test_browser_reading.py.


def test_an_article_by_keyboard_in_either_scheme_and_printed(tab: Tab, http_root: str) -> None:
    """One load of an article for what it does with the keyboard, the system's colour scheme
    and print (they were three tests, each loading it; the light and the dark scheme in two
    tabs): the scheme and the media are emulated in turn on the loaded page, as the axe test
    turns its pages dark."""
    page = tab(width=1280)
    page.goto(http_root + PAGES[2])
    _keyboard_reaches_content_first(page)
    _dark_mode_follows_the_system(page)
    _print_shows_the_article_only(page)


def _keyboard_reaches_content_first(page: Page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    landmarks = page.evaluate(
        "['header', 'nav', 'main', 'footer'].map(t => document.querySelectorAll(t).length)"
    )
    assert all(count >= 1 for count in landmarks)


def _dark_mode_follows_the_system(page: Page) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="light")
    luminance = {
        scheme: sum(int(c) for c in value[value.index("(") + 1 : -1].split(",")[:3])
        for scheme, value in colours.items()
    }
    assert luminance["light"] > 600 > 150 > luminance["dark"]


def _print_shows_the_article_only(page: Page) -> None:
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".pager").is_hidden()
    assert page.locator("article h1").is_visible()
    assert page.locator(".footnotes").is_visible()
