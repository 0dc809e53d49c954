"""Following a policy across issues, in chromium, on the site built from the shipped archive:
the CHIPS Act's document page, the whitehouse.gov source page, the timeline and its filters,
an entity's page with its chart, and what an issue names first; over HTTP and from file://,
in both languages, with axe-core finding nothing serious."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page

from browser import AXE_LANGUAGE, Tab, page_widths, resizable, serious_axe_violations
from conftest import shipped_articles
from test_browser_issue_names import shows_no_more_than_its_html

pytestmark = pytest.mark.browser

CHIPS_NAMES = ["芯片法案", "芯片与科学法案", "芯片和科学法案", "芯片和科学法", "芯片与科学法"]
CHIPS_PAGE = "%E8%8A%AF%E7%89%87%E6%B3%95%E6%A1%88.html"  # documents/芯片法案.html


#: Served and opened from disk, each in one language (the two languages' pages are made by
#: the same templates; the protocol decides the links).
SERVED_ZH_DISK_EN = pytest.mark.parametrize(
    ("base_url", "lang"), [("http", ""), ("file", "en/")], indirect=["base_url"]
)


@pytest.fixture(params=["http", "file"])
def base_url(request: pytest.FixtureRequest, seed_site: Path, http_root: str) -> str:
    return http_root if request.param == "http" else seed_site.as_uri() + "/"


def _open(tab: Tab, width: int = 1280, base_url: str = "") -> Page:
    return tab(width=width, files=base_url.startswith("file:"))


def _site_paths(page: Page, selector: str, base_url: str, lang: str) -> set[str]:
    """The site paths (without language prefix) the links under ``selector`` lead to."""
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.href)")
    root = base_url + lang
    return {unquote(urlsplit(h).path).removeprefix(unquote(urlsplit(root).path)) for h in hrefs}


@SERVED_ZH_DISK_EN
def test_the_chips_act_page_lists_every_article_that_names_it_under_any_alias(
    tab: Tab, base_url: str, lang: str
) -> None:
    naming = set()
    for path, article in shipped_articles():
        text = "\n".join([article["title"], article.get("editor_note") or "", article["body"]])
        if any(n in text for n in CHIPS_NAMES) or re.search(r"\bCHIPS\b", text):
            naming.add(path)
    page = _open(tab, base_url=base_url)
    page.goto(base_url + lang + "documents/index.html")
    # The glossary's group 芯片法案 is the document; its page is named after the group.
    link = page.locator(f'#documents a[href$="{CHIPS_PAGE}"]')
    name = link.inner_text()
    assert name == "CHIPS Act" if lang else re.fullmatch("《芯片(和|与)科学法案?》", name)
    link.click()
    assert page.locator("h1").inner_text() == name
    assert _site_paths(page, ".mention-article a.article-link", base_url, lang) == naming
    # Named only as “芯片法案”（CHIPS）in its first sentence, never in 《》:
    assert page.locator(".mention blockquote", has_text="由“芯片法案”（CHIPS）资助").count() == 1
    assert page.locator(".issue-chart rect").count() == 5  # one bar per issue


@SERVED_ZH_DISK_EN
def test_the_whitehouse_gov_source_page_lists_the_articles_that_cite_it(
    tab: Tab, base_url: str, lang: str
) -> None:
    citing = set()
    for path, article in shipped_articles():
        urls = [n["url"] for n in article["footnotes"] if n.get("url")] + article["source_urls"]
        if any((urlsplit(u).hostname or "").endswith("whitehouse.gov") for u in urls):
            citing.add(path)
    page = _open(tab, base_url=base_url)
    page.goto(base_url + lang + "sources/index.html")
    row = page.locator("#sources tbody tr", has_text="whitehouse.gov")
    assert row.locator("td").nth(3).inner_text() == str(len(citing))
    row.locator("a").click()
    assert page.locator("h1").inner_text().endswith("The White House" if lang else "美国白宫")
    assert _site_paths(page, ".citing a.article-link", base_url, lang) == citing
    cited = page.eval_on_selector_all(".cited-urls a", "links => links.map(a => a.href)")
    assert cited and all("whitehouse.gov" in url for url in cited)


def test_the_timeline_has_2024_07_12_with_its_sentence_and_filters(tab: Tab, base_url: str) -> None:
    page = _open(tab, base_url=base_url)
    errors: list[str] = []  # scripts' errors fail every test (the tab fixture); console's:

    def on_console(message: ConsoleMessage) -> None:
        # The site has no favicon: a tab asks for one the first time it opens the host.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", on_console)
    page.goto(base_url + "timeline.html")
    day = page.locator(".timeline-event", has=page.locator('time[datetime="2024-07-12"]'))
    assert day.count() == 2  # the news of a01 and a07's deadline
    news = day.filter(has=page.locator(".badge"))
    assert (
        news.locator("blockquote")
        .inner_text()
        .startswith("2024年7月12日，美国商务部和国家半导体技术中心（NSTC）运营商Natcast宣布了")
    )
    assert day.filter(has_text="最终意见提交日期为 2024 年 7 月 12 日。").count() == 1
    total = page.locator(".timeline-event").count()

    page.select_option("select[name=entity]", "Natcast")
    page.wait_for_function("() => location.search.includes('entity=Natcast')")
    shown = page.locator(".timeline-event:visible")
    assert 0 < shown.count() < total
    entities = shown.evaluate_all("els => els.map(e => JSON.parse(e.dataset.entities))")
    assert all("Natcast" in names for names in entities)
    assert news.is_visible()
    assert (
        page.locator("#timeline-count").inner_text().startswith(f"显示 {shown.count()} / {total}")
    )

    page.select_option("select[name=section]", "前沿研究")  # 研究进展 is listed under it
    assert not news.is_visible()  # a01 is 政策计划
    page.select_option("select[name=entity]", "")
    sections = page.locator(".timeline-event:visible").evaluate_all(
        "els => els.map(e => e.dataset.section)"
    )
    assert sections and set(sections) == {"前沿研究"}
    assert (
        page.locator(".timeline-month:visible").count() <= page.locator(".timeline-month").count()
    )
    page.remove_listener("console", on_console)
    assert errors == []


def test_a_filtered_timeline_address_opens_filtered(tab: Tab, http_root: str) -> None:
    page = _open(tab)
    page.goto(http_root + "en/timeline.html?topic=%E9%87%8F%E5%AD%90%E6%8A%80%E6%9C%AF")
    page.wait_for_function("() => document.querySelector('#timeline-filters.ready')")
    assert page.locator("select[name=topic]").input_value() == "量子技术"
    topics = page.locator(".timeline-event:visible").evaluate_all(
        "els => els.map(e => JSON.parse(e.dataset.topics))"
    )
    assert topics and all("量子技术" in t for t in topics)


def test_an_issue_page_shows_what_it_names_first_and_what_it_carries_on(
    tab: Tab, base_url: str
) -> None:
    page = _open(tab, base_url=base_url)
    page.goto(base_url + "issues/2024-08-chips-act-review/index.html")
    new = page.locator("#novelty-new")
    carried = page.locator("#novelty-carried")
    assert new.get_by_role("link", name="《印度-太平洋繁荣经济框架》").count() == 1
    assert carried.locator(f'a[href$="{CHIPS_PAGE}"]').count() == 1
    assert new.get_by_role("link", name="美国商务部").count() == 0
    carried.get_by_role("link", name="美国商务部").click()
    assert page.locator("h1").inner_text() == "美国商务部"
    assert page.locator(".issue-chart rect").count() == 5
    first = page.locator(".first-mention a").inner_text()
    assert first and page.locator(".mention-article a").first.inner_text() == first
    page.goto(base_url + "issues/2024-01-jiwei-semiconductors/index.html")  # the oldest issue
    assert page.locator("#novelty-carried li").count() == 0


NEW_PAGES = [
    "sources/index.html",
    "documents/index.html",
    "entities/index.html",
    "entities/%E7%BE%8E%E5%9B%BD%E5%95%86%E5%8A%A1%E9%83%A8.html",
    "documents/%E8%8A%AF%E7%89%87%E6%B3%95%E6%A1%88.html",
    "timeline.html",
]
#: An issue's page with what it names first and what it carries: axe checks issue pages in
#: test_browser_reading.py; here they are checked to fit.
FITTING_ONLY = ["issues/2024-08-chips-act-review/index.html"]


def test_the_new_pages_fit_and_axe_finds_nothing_serious(
    tab: Tab, http_root: str, seed_site: Path
) -> None:
    """Every page in both languages at both widths: it does not scroll sideways, and axe
    finds nothing serious in one language a width (AXE_LANGUAGE); what chromium shows of it
    the HTML reading of test_browser_issue_names.py found (in the same visit: a page load
    each there would check the same). Each page is loaded once and the tab resized to the
    other width (``page_widths``)."""
    with resizable(tab) as page:
        for lang in ["", "en/"]:
            for path in [*NEW_PAGES, *FITTING_ONLY]:
                page.goto(http_root + lang + path)
                shows_no_more_than_its_html(page, seed_site / unquote(lang + path))
                for width in page_widths(page):
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth"
                        " - document.documentElement.clientWidth"
                    )
                    assert overflow <= 0, f"{lang}{path} scrolls sideways at {width}px"
                    if lang == AXE_LANGUAGE[width] and path not in FITTING_ONLY:
                        assert serious_axe_violations(page) == [], f"{lang}{path} at {width}px"
