"""No page shows an issue's folder slug as its name: every page of the seed site, both languages.

A reader sees page titles, visible text and the choices of the search filters; none of them may
name an issue ``2024-08-chips-act-review``. Search pages are walked with a query typed, so
their results and issue filter are on screen too.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from conftest import SEED_IDS

pytestmark = pytest.mark.browser

SEEN_TEXT = """() => [
    document.title,
    document.body.innerText,
    ...Array.from(document.querySelectorAll('option'), o => o.textContent),
].join('\\n')"""


def test_no_page_names_an_issue_by_its_folder(
    browser: Browser, seed_site: Path, http_root: str
) -> None:
    paths = sorted(p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*.html"))
    assert len(paths) > 200 and "en/index.html" in paths
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    shown: dict[str, str] = {}
    dates: dict[str, list[str]] = {}  # the dates search results show
    for path in paths:
        url = http_root + path
        if path.endswith("search.html"):
            url += "?q=" + quote("芯片")
        # The text is all in the HTML but on search pages: no need to wait for images or fonts.
        page.goto(url, wait_until="domcontentloaded")
        if path.endswith("search.html"):
            page.wait_for_selector("#search-results li")
            page.wait_for_selector("#filter-issue option >> nth=1", state="attached")
            dates[path] = page.locator("#search-results .meta time").all_inner_texts()
        shown[path] = page.evaluate(SEEN_TEXT)
    page.close()
    slugs = [
        f"{path}: {issue_id}"
        for path, text in shown.items()
        for issue_id in SEED_IDS
        if issue_id in text
    ]
    assert slugs == []
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
