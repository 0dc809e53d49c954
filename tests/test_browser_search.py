"""Search in a real browser: real queries, recall of exact matches, ranking, filters, URLs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from briefgen.archive import Entry
from briefgen.labels import plain_text
from browser import Tab, serve
from conftest import seed_archive

pytestmark = pytest.mark.browser  # every test drives chromium

#: Query -> a word of the article's title that must be among the first three results.
EXPECTED = {
    "光刻机": "DUV光刻机",
    "出口管制": None,
    "量子": "量子",
    "量子计算": "量子计算",
    "先进封装": "先进封装",
    "人工智能法案": "《人工智能法案》",
    "HBM": "HBM3E",
    "hbm": "HBM3E",
    "英伟达 GPU": "英伟达",
    "CHIPS": "CHIPS",
    "自然科学基金": None,
    "沈湘": None,
    "Semiconductors": None,
}


@pytest.fixture
def page(tab: Tab) -> Page:
    """The run's 1280 px tab (browser_fixtures ``tab``), for the test."""
    return tab(width=1280)


@pytest.fixture
def fresh_root(seed_site: Path) -> Iterator[str]:
    """The seed site served at an address of its own: nothing from it is in the browser's
    cache, so a test sees every file its page fetches."""
    with serve(seed_site) as base:
        yield base


def _fold(text: str) -> str:
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch.lower())
    return re.sub(r"\s", " ", "".join(out))


def _searchable(entry: Entry) -> str:
    article = entry.article
    head = [article.title, article.title_en or article.original_title or "", article.section]
    body = "\n".join(p for p in (article.editor_note, article.body) if p)
    text = "\n".join([*head, *article.tags, *article.authors]) + "\n" + plain_text(body, 10**9)
    return re.sub(r"\s+", " ", _fold(text))


def exact_matches(seed_site: Path, query: str) -> set[str]:
    """Articles whose text holds the query string itself (the rule the page applies)."""
    needle = re.sub(r"\s+", " ", _fold(query)).strip()
    assert (seed_site / "search.html").is_file()
    return {path for path, text in articles() if needle in text}


@cache
def articles() -> list[tuple[str, str]]:
    return [(e.path, _searchable(e)) for e in seed_archive().entries]


#: The article each title link opens, without the query it carries for highlight.js.
ARTICLE_PATHS = "links => links.map(a => a.getAttribute('href').split(/[?#]/)[0])"


def result_links(page: Page) -> list[str]:
    """The href of every result, in rank order, paging through "More results"."""
    more = page.locator("#search-more")
    while more.is_visible():
        drawn = page.locator("#search-results li").count()
        more.click()
        page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
        assert page.locator("#search-results li").count() > drawn
    return page.locator("#search-results .article-link").evaluate_all(ARTICLE_PATHS)


def search(page: Page, query: str) -> list[str]:
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "q => document.querySelector('#search-status').textContent.includes(q)", arg=query
    )
    return result_links(page)


def test_every_query_finds_every_exact_match_first(
    page: Page, seed_site: Path, http_root: str
) -> None:
    """Each query of EXPECTED typed into the one search page in turn, as a reader searches
    again (a page load each would check the same); every query's findings are reported."""
    page.goto(http_root + "search.html")
    wrong: dict[str, str] = {}
    for query, word in EXPECTED.items():
        # search() waits for the status line to name the query: not the last one's line.
        assert query not in page.inner_text("#search-status"), query
        results = search(page, query)
        exact = exact_matches(seed_site, query)
        if set(results[: len(exact)]) != exact:
            wrong[query] = "exact matches must all come first"
        elif not (len(results) >= len(exact) and results):
            wrong[query] = f"{len(results)} results for {len(exact)} exact matches"
        elif word:
            titles = page.locator("#search-results .article-link").all_inner_texts()[:3]
            if not any(word in title for title in titles):
                wrong[query] = f"{word} not in the first three titles {titles}"
    assert wrong == {}


def partial_links(page: Page) -> list[str]:
    return page.locator("#search-partial .article-link").evaluate_all(ARTICLE_PATHS)


def holding(*needles: str) -> set[str]:
    """Articles whose text holds every one of ``needles`` (folded, as the page folds)."""
    folded = [re.sub(r"\s+", " ", _fold(n)).strip() for n in needles]
    return {path for path, text in articles() if all(n in text for n in folded)}


def test_queries_typed_in_turn_find_what_they_should(page: Page, http_root: str) -> None:
    """What the search page shows before a query, then queries typed into the one page in
    turn, as a reader searches again (they were tests of their own, each loading the page:
    the same checks, in one load). Each query's status line is waited for, and no query is
    named by the last one's (``_search_anew``)."""
    page.goto(http_root + "search.html")
    _empty_query_shows_a_prompt(page)
    for check in (
        _parts_go_to_their_own_list_under_a_count,
        _all_words_are_required,
        _a_quoted_phrase_matches_as_a_phrase,
        _aliases_find_the_other_names,
        _a_traditional_query_finds_the_simplified_text,
        _a_minus_word_excludes,
        _snippets_highlight_the_query_and_are_escaped,
    ):
        check(page)


def _search_anew(page: Page, query: str) -> list[str]:
    """``search``, in a page whose status line does not name ``query`` yet: the wait is for
    this query's results, not the last one's."""
    assert query not in page.inner_text("#search-status"), query
    return search(page, query)


def _parts_go_to_their_own_list_under_a_count(page: Page) -> None:
    """人工智能法案: the article with the phrase is the full match; those with 人工智能 or
    法案 alone are listed apart, and the status line counts both."""
    results = _search_anew(page, "人工智能法案")
    exact = holding("人工智能法案")
    assert len(exact) == 1 and set(results) == exact
    partial = partial_links(page)
    assert partial and not set(partial) & exact
    assert page.locator("#search-partial-heading").is_visible()
    status = page.inner_text("#search-status")
    assert f"{len(exact)} 篇完全匹配" in status
    partial_count = int(re.search(r"另 (\d+) 篇部分匹配", status).group(1))
    assert partial_count >= len(partial) > 0


def _all_words_are_required(page: Page) -> None:
    results = _search_anew(page, "量子 芯片")
    both = holding("量子", "芯片")
    assert both and set(results) == both
    assert not set(partial_links(page)) & both
    status = page.inner_text("#search-status")
    partial_count = int(re.search(r"另 (\d+) 篇部分匹配", status).group(1))
    assert partial_count >= len((holding("量子") | holding("芯片")) - both)
    _search_anew(page, "HBM GPU")
    assert set(result_links(page)) == holding("hbm", "gpu")
    assert 0 < len(holding("hbm", "gpu")) < len(holding("hbm"))


def _a_quoted_phrase_matches_as_a_phrase(page: Page) -> None:
    _search_anew(page, "the art")
    words = set(result_links(page))
    _search_anew(page, '"the art"')
    phrase = set(result_links(page))
    assert phrase == holding("the art") and phrase
    assert phrase < words == holding("the", "art")


def _aliases_find_the_other_names(page: Page) -> None:
    """The glossary makes 芯片法案, 《芯片与科学法案》, 《芯片和科学法案》, CHIPS Act and CHIPS
    one thing; the archive's text pairs 美国国家科学基金会 with NSF."""
    names = ["芯片法案", "芯片与科学法案", "芯片和科学法案", "芯片和科学法", "chips act", "chips"]
    law = set().union(*(holding(name) for name in names))
    assert len(law) > len(holding("芯片法案")) + 5
    assert set(_search_anew(page, "芯片法案")) == law
    assert set(_search_anew(page, "CHIPS Act")) == law
    assert set(_search_anew(page, "《芯片和科学法案》")) == law
    nsf = holding("nsf") | holding("美国国家科学基金会") | holding("美国国家自然科学基金委")
    assert nsf > holding("nsf")
    assert set(_search_anew(page, "NSF")) == nsf


def _a_traditional_query_finds_the_simplified_text(page: Page) -> None:
    assert holding("先進封裝") == set()
    assert set(_search_anew(page, "先進封裝")) == holding("先进封装") != set()
    marks = page.locator("#search-results .snippet mark").all_inner_texts()
    assert "先进封装" in marks


def _a_minus_word_excludes(page: Page) -> None:
    _search_anew(page, "光刻 -ASML")
    results = set(result_links(page)) | set(partial_links(page))
    assert set(result_links(page)) == holding("光刻") - holding("asml")
    assert holding("光刻") & holding("asml")
    assert results and not results & holding("asml")


def _snippets_highlight_the_query_and_are_escaped(page: Page) -> None:
    _search_anew(page, "先进封装")
    marks = page.locator("#search-results .snippet mark").all_inner_texts()
    assert "先进封装" in marks
    first = page.locator("#search-results .snippet").first.inner_html()
    assert "<script" not in first


def _empty_query_shows_a_prompt(page: Page) -> None:
    assert page.inner_text("#search-status")
    assert page.locator("#search-results li").count() == 0
    assert page.evaluate("document.activeElement.id") == "search-q"


def test_english_queries_reach_chinese_articles(page: Page, http_root: str) -> None:
    """ "export control" through the glossary, "semiconductor" through CC-CEDICT."""
    page.goto(http_root + "en/search.html")
    controls = holding("出口管制")
    assert len(controls) > 3 and not holding("export control")
    results = search(page, "export control")
    assert set(results[: len(controls)]) == controls
    assert "出口管制" in page.locator("#search-results .snippet mark").all_inner_texts()
    assert set(search(page, "semiconductor")) == holding("半导体") | holding("semiconductor")
    assert set(search(page, "export controls")) == controls


def test_result_links_open_the_article(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html?q=" + quote("光刻机"))
    page.wait_for_selector("#search-results li")
    title = page.locator("#search-results .article-link").first.inner_text()
    with page.expect_navigation():
        page.locator("#search-results .article-link").first.click()
    assert page.locator("h1").inner_text() == title


def test_english_interface_searches_the_same_archive(
    page: Page, seed_site: Path, http_root: str
) -> None:
    page.goto(http_root + "en/search.html")
    results = search(page, "HBM")
    assert set(results[: len(exact_matches(seed_site, "HBM"))]) == exact_matches(seed_site, "HBM")
    assert "5 full matches" in page.inner_text("#search-status")
    assert page.locator("label[for=search-q]").inner_text() == "Search all issues"
    assert "Semiconductors" in page.inner_text("#filter-tag")
    with page.expect_navigation():  # read the article, not the page being left
        page.locator("#search-results .article-link").first.click()
    assert page.evaluate("document.documentElement.lang") == "en"


def test_search_works_from_disk(page: Page, seed_site: Path) -> None:
    page.goto((seed_site / "search.html").as_uri() + "?q=" + quote("出口管制"))
    page.wait_for_selector("#search-results li")
    results = result_links(page)
    assert set(results[: len(exact_matches(seed_site, "出口管制"))]) == exact_matches(
        seed_site, "出口管制"
    )


def test_hostile_query_stays_text(page: Page, http_root: str) -> None:
    query = '<img src=x onerror="window.pwned=1">光刻机</script>'
    page.goto(http_root + "search.html?q=" + quote(query))
    page.wait_for_selector("#search-status:not(:empty)")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#search-results img, #search-status img").count() == 0
    assert query in page.inner_text("#search-status")


def test_a_query_fetches_only_its_part_of_the_index(
    page: Page, seed_site: Path, fresh_root: str
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(fresh_root + "search.html?q=" + quote("光刻机"))
    page.wait_for_function(
        "document.querySelector('#search-status').textContent.includes('光刻机')"
    )
    index_files = [u.split("/static/search/", 1)[1] for u in fetched if "/static/search/" in u]
    shipped = list((seed_site / "static" / "search").rglob("*.js"))
    assert "manifest.js" in index_files
    assert any(name.startswith("t/") for name in index_files)
    assert any(name.startswith("p/") for name in index_files)
    shown = page.locator("#search-results li, #search-partial li").count()
    assert len([n for n in index_files if n.startswith("doc/")]) == shown
    assert len(index_files) <= shown + 10 < len(shipped) / 5


def test_results_follow_typing_and_the_title_and_language_switch_keep_the_query(
    page: Page, http_root: str
) -> None:
    page.goto(http_root + "search.html")
    page.locator("#search-q").press_sequentially("光刻", delay=30)
    # A function, not an expression: the page's CSP forbids eval, which an expression needs.
    page.wait_for_function(
        "() => document.querySelector('#search-status').textContent.includes('光刻')"
    )
    assert set(result_links(page)) == holding("光刻")
    assert "q=%E5%85%89%E5%88%BB" in page.url
    assert "光刻" in page.title()
    switch = page.locator(".lang-switch")
    assert "q=%E5%85%89%E5%88%BB" in switch.get_attribute("href")
    switch.click()
    page.wait_for_selector("#search-results li")
    assert page.input_value("#search-q") == "光刻"
    assert page.evaluate("document.documentElement.lang") == "en"


def test_slash_focuses_the_header_search_box_on_every_page(page: Page, http_root: str) -> None:
    page.goto(http_root + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("量子")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#search-q") == "量子"
    page.locator("#search-results .article-link").first.click()
    # The heading is parsed before the deferred scripts run: wait until they have.
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"


def test_back_restores_the_list_and_its_scroll(page: Page, http_root: str) -> None:
    page.goto(http_root + "search.html?q=" + quote("量子"))
    page.wait_for_selector("#search-results[aria-busy=false] li")
    links = result_links(page)  # pages through "More results"
    assert len(links) > 20
    last = page.locator("#search-results .article-link").nth(len(links) - 1)
    last.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 200
    last.click()
    page.wait_for_selector("h1")
    page.go_back()
    page.wait_for_function(
        "n => document.querySelectorAll('#search-results li').length === n", arg=len(links)
    )
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 5", arg=scrolled)
