"""No page shows an issue's folder slug as its name: every page of the seed site, both languages.

A reader sees page titles, visible text and the choices of the search filters; none of them may
name an issue ``2024-08-chips-act-review``. Every page's HTML is read for the text it holds
(``sitecheck.page_text``, which takes in hidden elements too); the pages whose text a script
writes, search with a query typed, are read in chromium, results and issue filter on screen.
Chromium also reads a sample of the other pages, to show that the HTML reading misses nothing a
browser shows: the list pages here, and one page of every other kind in the visits the axe tests
make of them anyway (``shows_no_more_than_its_html``, in test_browser_reading.py and
test_browser_analysis.py: a page load each here would check the same).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from browser import Tab
from conftest import SEED_IDS
from sitecheck import page_text

pytestmark = pytest.mark.browser

SEEN_TEXT = """() => [
    document.title,
    document.body.innerText,
    ...Array.from(document.querySelectorAll('option'), o => o.textContent),
].join('\\n')"""

#: Pages that are not search, in both languages, that no axe test visits: chromium's text of
#: each must be inside what the HTML reading found. (The home page, an issue, an article, an
#: author, a topic, the timeline and the analysis pages are read so in the axe tests' visits.)
SAMPLE = [
    "issues/index.html",
    "authors/index.html",
]
SEARCHES = ["search.html", "en/search.html"]


def _slugs(shown: dict[str, str]) -> list[str]:
    return [
        f"{path}: {issue_id}"
        for path, text in shown.items()
        for issue_id in SEED_IDS
        if issue_id in text
    ]


def _unread(browser_text: str, html_text: str) -> list[str]:
    """The pieces of what chromium shows that the HTML reading does not hold (whitespace aside:
    a browser joins inline elements' text where the HTML reading keeps them apart)."""
    held = re.sub(r"\s+", "", html_text)
    return [piece for piece in browser_text.split() if piece not in held]


def shows_no_more_than_its_html(page: Page, html: Path) -> None:
    """Chromium's text of the open page (loaded from ``html``, no script having written into
    it) is inside what the HTML reading of ``html`` found: for the axe tests' visits."""
    assert _unread(page.evaluate(SEEN_TEXT), page_text(html)) == [], html


def _search(page: Page, url: str) -> tuple[str, list[str]]:
    page.goto(url + "?q=" + quote("芯片"), wait_until="domcontentloaded")
    page.wait_for_selector("#search-results li")
    page.wait_for_selector("#filter-issue option >> nth=1", state="attached")
    return page.evaluate(SEEN_TEXT), page.locator("#search-results .meta time").all_inner_texts()


def test_no_page_names_an_issue_by_its_folder(tab: Tab, seed_site: Path, http_root: str) -> None:
    paths = sorted(p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*.html"))
    assert len(paths) > 200 and "en/index.html" in paths
    shown = {path: page_text(seed_site / path) for path in paths}
    page = tab(width=1280)
    dates: dict[str, list[str]] = {}  # the dates search results show
    for path in SEARCHES:
        shown[path], dates[path] = _search(page, http_root + path)
    for path in SAMPLE + ["en/" + p for p in SAMPLE]:
        page.goto(http_root + path, wait_until="domcontentloaded")
        assert _unread(page.evaluate(SEEN_TEXT), shown[path]) == [], path
    assert _slugs(shown) == []
    # The walk saw the readable names, so it looked where the names are.
    assert "集微技术信息简报 2024年7月（推断）" in shown["search.html"]
    assert "简报 2024年8月（推断）" in shown["issues/index.html"].replace("\n", " ")
    assert "Briefing August 2024 (inferred)" in shown["en/issues/index.html"].replace("\n", " ")
    assert "中国科学院成都文献情报中心" in shown["issues/2024-03-casdc-tech-policy/a01.html"]
    # Search results date every article as the pages do, and say when the date is inferred
    # (all seeds' are).
    zh = r"20\d\d年\d{1,2}月(\d{1,2}日)?（推断）"
    months = "January|February|March|April|May|June|July|August|September|October|November"
    en = rf"(\d{{1,2}} )?({months}|December) 20\d\d \(inferred\)"
    for path, pattern in (("search.html", zh), ("en/search.html", en)):
        assert len(dates[path]) >= 20, path
        assert all(re.fullmatch(pattern, date) for date in dates[path]), (path, dates[path])


def test_the_html_reading_finds_a_slug_where_one_is_shown(tmp_path: Path) -> None:
    """The reading that stands in for a browser on most pages sees text, titles and options,
    and not addresses or data blocks (which hold slugs on every page)."""
    page = tmp_path / "p.html"
    slug = SEED_IDS[0]
    page.write_text(
        f'<html><head><title>t</title><script type="application/json">"{slug}"</script></head>'
        f'<body><a href="issues/{slug}/index.html">name</a></body></html>'
    )
    assert slug not in page_text(page)
    for shown in (f"<p>{slug}</p>", f"<option>{slug}</option>", f'<img alt="{slug}">'):
        page.write_text(f"<html><head><title>t</title></head><body>{shown}</body></html>")
        assert slug in page_text(page), shown
    page.write_text(f"<html><head><title>{slug}</title></head><body></body></html>")
    assert slug in page_text(page)
    page.write_text(
        f'<html><head><title>t</title></head><body><img aria-hidden="true" alt="">'
        f'<div aria-hidden="true"><div>{SEED_IDS[1]}</div></div><p>{slug}</p></body></html>'
    )
    assert SEED_IDS[1] not in page_text(page) and slug in page_text(page)
