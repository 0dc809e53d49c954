"""Reading the archive in chromium, at 360 and 1280 px, in both languages, light and dark:
the English pages say what is Chinese, articles have contents, notes preview on hover and tap,
lists are grouped by year, the 404 page works at any depth, and axe-core finds nothing serious
in either colour scheme."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page

from browser import (
    AXE_LANGUAGE,
    COLOUR_RULES,
    QuietHandler,
    Tab,
    page_widths,
    resizable,
    serious_axe_violations,
)
from test_browser_issue_names import shows_no_more_than_its_html

pytestmark = pytest.mark.browser

ARTICLE = "issues/2024-03-jiwei-microelectronics/a01.html"  # headings and a footnote
CITED = "issues/2024-07-jiwei-chips/a19.html"  # reports one cited English paper; two authors
WIDTHS = [360, 1280]
LANGS = ["", "en/"]
SCHEMES = ["light", "dark"]


def _open(tab: Tab, width: int, scheme: str = "light", touch: bool = False) -> Page:
    return tab(width=width, scheme=scheme, touch=touch)


AUTHOR = "authors/%E6%B2%88%E6%B9%98.html"  # 沈湘: 45 articles, in three issues or more
TOPIC = "topics/%E9%87%8F%E5%AD%90%E6%8A%80%E6%9C%AF.html"  # 量子技术
AXE_PAGES = [
    "index.html",
    "issues/2024-07-jiwei-chips/index.html",
    ARTICLE,
    AUTHOR,
    TOPIC,
    "search.html?q=%E9%87%8F%E5%AD%90",
]
#: Pages above in a state that only colours what it marks: a highlighted note, and a passage a
#: result linked to with the query marked. The colour rules are run on what is marked.
HIGHLIGHTED = {
    ARTICLE + "#fn-1": "#fn-1",
    "issues/2024-07-jiwei-chips/a12.html?q=%E9%87%8F%E5%AD%90&hl=%E9%87%8F%E5%AD%90#p-10": "#p-10",
}


def test_pages_fit_show_what_they_should_and_axe_finds_nothing_serious(
    tab: Tab, http_root: str, seed_site: Path
) -> None:
    """Every page of AXE_PAGES and HIGHLIGHTED in both languages at both widths: it does not
    scroll sideways, axe finds nothing serious (in one language a width, AXE_LANGUAGE), and
    the pages of PAGE_CHECKS show what they should, checked in the same visit (a page load
    each would check the same); so is what test_browser_issue_names.py asks of a page no
    script writes into (``shows_no_more_than_its_html``). Each page is loaded once and the tab
    resized to the other width (``page_widths``)."""
    with resizable(tab) as page:
        for lang in LANGS:
            for path in [*AXE_PAGES, *HIGHLIGHTED]:
                page.goto(http_root + lang + path)
                if "search.html" in path:
                    page.wait_for_selector("#search-results li")
                elif path in AXE_PAGES:
                    shows_no_more_than_its_html(page, seed_site / unquote(lang + path))
                for width in page_widths(page):
                    _fits_and_shows(page, lang, path, width)


def _fits_and_shows(page: Page, lang: str, path: str, width: int) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{lang}{path} scrolls sideways at {width}px"
    if lang == AXE_LANGUAGE[width]:
        _axe_in_either_scheme(page, lang, path, width)
    # Last: a check may follow a link within the page.
    for check in PAGE_CHECKS.get(path, ()):
        check(page, lang)


def _axe_in_either_scheme(page: Page, lang: str, path: str, width: int) -> None:
    """Every rule in the light scheme; then the same page turned dark, for the rules that
    colours decide. A highlighted state: the colour rules on what it marks."""
    marked = HIGHLIGHTED.get(path)
    within = [marked] if marked else None
    assert marked is None or page.locator(marked).count() == 1, path
    light = serious_axe_violations(page, COLOUR_RULES if marked else None, within)
    assert light == [], f"{lang}{path} at {width}px, light"
    page.emulate_media(color_scheme="dark")
    dark = serious_axe_violations(page, COLOUR_RULES, within)
    assert dark == [], f"{lang}{path} at {width}px, dark"
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    page.emulate_media(color_scheme="light")


def _dates_in_english_only(page: Page, lang: str) -> None:
    """One English date style: no Chinese date anywhere on English pages."""
    if lang != "en/":
        return
    times = page.locator("time").all_inner_texts()
    assert times and not [t for t in times if re.search("[年月日]", t)], page.url
    assert all(re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]+ \d{4}( \(inferred\))?", t) for t in times)


def _home_says_what_the_archive_is(page: Page, lang: str) -> None:
    about = page.locator(".about").inner_text()
    assert "86" in about and "2024" in about and ("5" in about)
    heading = page.locator("#latest-issue").inner_text()
    dates = re.findall(r"\d{4}年\d+月|[A-Z][a-z]+ \d{4}", heading)
    assert len(dates) == 1, heading  # the date once, not twice
    groups = page.locator(".latest h3.section-heading")
    assert groups.count() == 3  # 专题, 项目资助, 研究进展 in the latest issue
    listed = page.locator(".latest .article-item").count()
    assert listed == 14
    assert page.locator("#by-publication ~ h3.publication").count() == 3


def _article_contents_pagers_and_related(page: Page, lang: str) -> None:
    if lang == "":
        assert page.locator(".in-zh").count() == 0  # the Chinese page marks nothing "in Chinese"
    toc = page.locator(".article-toc a")
    assert toc.count() == 4
    toc.nth(2).click()
    target = page.evaluate("location.hash")
    assert target == "#h-3"
    top = page.evaluate("document.querySelector('#h-3').getBoundingClientRect().top")
    assert 0 < top < 200  # the heading is in view, not under the top edge
    assert page.locator(".pager a[rel=next]").count() == 1
    newer = page.locator(".issue-pager .newer-issue")
    assert newer.count() == 1 and "2024-07-jiwei-chips" in newer.get_attribute("href")
    related = page.locator(".related li")
    assert related.count() >= 1
    assert related.first.locator(".meta a").count() == 1  # shown with its issue


def _long_author_page_is_grouped_by_year_and_issue(page: Page, lang: str) -> None:
    assert "45" in page.locator("p.count").first.inner_text()
    year_link = page.locator(".year-nav a").first
    assert year_link.inner_text() == "2024"
    year_link.click()
    assert page.evaluate("location.hash") == "#y-2024"
    issues = page.locator("h3.issue-heading")
    counts = [int(re.search(r"· (\d+)", t).group(1)) for t in issues.all_inner_texts()]
    assert issues.count() >= 3 and sum(counts) == 45
    if lang == "en/":
        assert page.locator("h1").inner_text().endswith("Shen Xiang")


def _print_header_names_publication_issue_and_address(page: Page, lang: str) -> None:
    if lang != "":
        return
    assert page.locator(".print-header").is_hidden()
    page.emulate_media(media="print")
    header = page.locator(".print-header")
    assert header.is_visible()
    text, address = header.inner_text(), page.url.split("#")[0]
    assert address.endswith("/" + ARTICLE)
    assert "集微技术信息简报" in text and address in text
    page.emulate_media(media="no-override")  # type: ignore[arg-type]


def _topic_lists_its_articles(page: Page, lang: str) -> None:
    assert page.locator(".article-item").count() >= 16


#: What pages of AXE_PAGES show, checked in the test above's visit of each, in either language
#: at either width, after axe. (They were tests of their own, each loading the page again.)
PAGE_CHECKS: dict[str, tuple[Callable[[Page, str], None], ...]] = {
    "index.html": (_dates_in_english_only, _home_says_what_the_archive_is),
    ARTICLE: (
        _dates_in_english_only,
        _print_header_names_publication_issue_and_address,
        _article_contents_pagers_and_related,
    ),
    AUTHOR: (_dates_in_english_only, _long_author_page_is_grouped_by_year_and_issue),
    TOPIC: (_topic_lists_its_articles,),
}


def test_english_pages_say_what_is_in_chinese_and_citations_wrap(tab: Tab, http_root: str) -> None:
    """The article that reports an English paper, in both languages at both widths (loaded
    once a language, the tab resized: ``page_widths``). (English dates, and nothing "in
    Chinese" on Chinese pages: PAGE_CHECKS.)"""
    with resizable(tab) as page:
        for lang in LANGS:
            page.goto(http_root + lang + CITED)
            for width in page_widths(page):
                # Citation text and URL on separate lines.
                citation = page.locator("#fn-1 .citation").bounding_box()
                url = page.locator("#fn-1 .source-link").bounding_box()
                assert url["y"] >= citation["y"] + citation["height"] - 1, (lang, width)
                if lang == "en/":
                    _says_what_is_in_chinese(page)


def _says_what_is_in_chinese(page: Page) -> None:
    assert page.locator("h1").get_attribute("lang") == "zh-CN"
    assert page.locator(".in-zh-note").is_visible()
    assert page.locator(".in-zh-note .in-zh").inner_text().strip().lower() == "in chinese"
    source = page.locator(".article-header .source-title")
    assert source.inner_text().startswith("Source title:")
    assert source.locator("cite").get_attribute("lang") == "en"
    authors = page.locator(".article-meta dd").first.inner_text()
    assert authors == "Shen Xiang, Wang Li"
    assert page.locator("#fn-1 .citation").get_attribute("lang") == "en"


@pytest.mark.parametrize("width", WIDTHS)
def test_note_markers_are_24px_targets_and_preview_their_note(
    tab: Tab, http_root: str, width: int
) -> None:
    """Tapped at a phone's width, hovered at a desktop's. The scheme changes only colours
    (notes.js reads none): the open preview's are axe's at 1280 px in both schemes, one visit
    turned dark, as the page-wide check above does; the same colours at every width."""
    touch = width == 360
    page = _open(tab, width, touch=touch)
    page.goto(http_root + ARTICLE)
    marker = page.locator("sup.fnref a").first
    for selector in ("sup.fnref a", ".footnotes .backref"):
        box = page.locator(selector).first.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, selector
    note_text = page.locator("#fn-1 .source-link").inner_text()
    if touch:
        marker.tap()
        assert page.evaluate("location.hash") == ""  # the first tap previews
    else:
        marker.hover()
    preview = page.locator(".note-preview")
    preview.wait_for(state="visible")
    assert note_text in preview.inner_text()
    assert marker.get_attribute("aria-describedby") == "note-preview"
    # The open preview too has enough contrast in either scheme (the rest of the page is
    # axe's in the test above).
    if not touch:
        within = [".note-preview", "sup.fnref"]
        assert serious_axe_violations(page, within=within) == [], "light"
        page.emulate_media(color_scheme="dark")
        assert serious_axe_violations(page, COLOUR_RULES, within) == [], "dark"
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert preview.is_visible()
    if touch:
        marker.tap()  # the second tap goes to the note
        assert page.evaluate("location.hash") == "#fn-1"
        page.locator("#fn-1 .backref").tap()
        # Back at the marker, its line is in view, not cut off at the top.
        top = page.evaluate("document.getElementById('fnref-1').getBoundingClientRect().top")
        assert 16 <= top < 300
    else:
        page.keyboard.press("Escape")
        assert preview.count() == 0
    # An error the note script throws fails the test too (the tab fixture).


@pytest.mark.parametrize("lang", LANGS)
def test_merged_section_and_topic_pages(tab: Tab, http_root: str, lang: str) -> None:
    page = _open(tab, 1280)
    page.goto(http_root + lang + "sections/%E5%89%8D%E6%B2%BF%E7%A0%94%E7%A9%B6.html")
    assert page.locator(".article-item").count() == 24  # 前沿研究 + 研究进展 + 前沿研究动态
    page.goto(http_root + lang + "issues/2024-08-chips-act-review/index.html")
    printed = page.locator(".toc h3 a").filter(has_text=re.compile("研究进展|Research Progress"))
    assert printed.count() == 1
    printed.click()
    assert page.url.endswith("sections/%E5%89%8D%E6%B2%BF%E7%A0%94%E7%A9%B6.html")
    page.goto(http_root + lang + "topics/index.html")
    assert page.locator(".term-list li").count() == 12
    # A topic's page lists its articles: PAGE_CHECKS, in the axe test's visit of it.


class _StaticHost(QuietHandler):
    """A static host: any missing address gets the site's 404.html (GitHub Pages does)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def static_host(seed_site: Path) -> Iterator[str]:
    handler = functools.partial(_StaticHost, directory=str(seed_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


#: Every depth, and every width with every scheme, each at least once (not every
#: combination: the depth decides the links, width and scheme the looks).
MISSING = [
    ("nope.html", 360, "light"),
    ("issues/x/a99.html", 1280, "dark"),
    ("en/issues/x/y/z.html", 360, "dark"),
    ("en/issues/x/y/z.html", 1280, "light"),
]


@pytest.mark.parametrize(("missing", "width", "scheme"), MISSING)
def test_404_works_at_any_depth(
    tab: Tab, static_host: str, width: int, scheme: str, missing: str
) -> None:
    page = _open(tab, width, scheme)
    response = page.goto(static_host + missing)
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.locator("#not-found [lang=en] h2").inner_text() == "Page not found"
    # Styled: the stylesheet's wrap width applies.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    for name, target in (("首页", "index.html"), ("Search", "en/search.html")):
        link = page.locator("#not-found").get_by_role("link", name=name, exact=True)
        href = link.get_attribute("href")
        assert href == static_host + target, (missing, name, href)
    assert page.locator(".brand").get_attribute("href") == static_host + "index.html"
    # The same template at every depth: every rule on the first case, the colour rules on
    # the first dark one (the depth changes links, checked above, not what axe looks at).
    if (missing, width, scheme) == MISSING[0]:
        assert serious_axe_violations(page) == []
    elif (missing, width, scheme) == MISSING[1]:
        assert serious_axe_violations(page, COLOUR_RULES) == []


def test_every_control_gets_the_sites_focus_ring(tab: Tab, http_root: str) -> None:
    for scheme in SCHEMES:
        page = _open(tab, 1280, scheme)
        page.goto(http_root + "search.html?q=%E9%87%8F%E5%AD%90")
        page.wait_for_selector("#search-filters select")
        accent = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
        )
        for selector in ("#search-filters select", "#search-q", "#search-form button"):
            page.focus(selector)
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Tab")
            style = page.evaluate(
                """s => { const c = getComputedStyle(document.querySelector(s));
                          return [c.outlineStyle, c.outlineWidth, c.outlineColor]; }""",
                selector,
            )
            assert style[0] == "solid" and style[1] == "3px", (scheme, selector, style)
            assert accent, scheme
