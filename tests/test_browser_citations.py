"""Cite and reuse in chromium: an article page's Highwire and Dublin Core tags and its citation
links, in both languages, and the dataset links on the home page."""

from __future__ import annotations

from pathlib import Path

import pytest
import rispy
from playwright.sync_api import Page

from briefgen.records import Article
from briefgen.render.dataset import CSV_PATH, JSONL_PATH, size_text
from browser import Tab
from conftest import parsed

pytestmark = pytest.mark.browser

ISSUE = "2024-07-jiwei-chips"
ARTICLE = "a01"  # two authors, its own news date (2024-07-12)
PATH = f"issues/{ISSUE}/{ARTICLE}.html"


def _open(tab: Tab, url: str) -> Page:
    page = tab()
    page.goto(url)
    return page


def _meta(page: Page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        "head meta[name^='citation_'], head meta[name^='DC.']",
        "els => els.map(e => [e.getAttribute('name'), e.getAttribute('content')])",
    )


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_article_page_carries_the_same_citation_tags_and_links_its_citation_files(
    tab: Tab, http_root: str, prefix: str
) -> None:
    """Both read in one visit of the article's page in each language."""
    article = next(a for a in parsed(ISSUE).articles if a.id == ARTICLE)
    assert len(article.authors) == 2 and article.date
    page = _open(tab, http_root + prefix + PATH)
    _carries_the_citation_tags(page, http_root, article)
    _links_its_citation_files(page, http_root, article)


def _carries_the_citation_tags(page: Page, http_root: str, article: Article) -> None:
    tags = _meta(page)
    values = {name: [v for n, v in tags if n == name] for name, _v in tags}
    assert values["citation_title"] == values["DC.title"] == [article.title]
    assert values["citation_author"] == values["DC.creator"] == article.authors
    assert values["citation_publication_date"] == [article.date.replace("-", "/")]
    assert values["DC.date"] == [article.date]
    assert values["citation_journal_title"] == ["集微技术信息简报"]
    assert values["citation_language"] == values["DC.language"] == ["zh-CN"]
    assert values["DC.type"] == ["Text"]
    assert "citation_pdf_url" not in values  # the site publishes no PDF of the issue
    # The cited address is the Chinese page, from either language's page.
    cited = page.evaluate(
        "u => new URL(u, location.href).href", values["citation_abstract_html_url"][0]
    )
    assert cited == http_root + PATH
    assert values["DC.identifier"] == values["citation_abstract_html_url"]


def _links_its_citation_files(page: Page, http_root: str, article: Article) -> None:
    links = page.eval_on_selector_all(
        ".cite-links a", "els => els.map(e => [e.textContent, e.href, e.hasAttribute('download')])"
    )
    assert [(label, download) for label, _href, download in links] == [
        ("BibTeX", True),
        ("RIS", True),
        ("CSL-JSON", True),
    ]
    hrefs = [href for _label, href, _d in links]
    stem = http_root + PATH.removesuffix(".html")
    assert hrefs == [stem + ".bib", stem + ".ris", stem + ".json"]
    ris = page.request.get(hrefs[1])
    assert ris.ok
    (record,) = rispy.loads(ris.body().decode("utf-8"))
    assert record["title"] == article.title and record["authors"] == article.authors
    bib = page.request.get(hrefs[0]).body().decode("utf-8")
    assert bib.startswith("@article{") and article.title in bib


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_home_page_links_the_dataset_with_its_sizes(
    tab: Tab, http_root: str, seed_site: Path, prefix: str
) -> None:
    page = _open(tab, http_root + prefix + "index.html")
    heading = page.locator("#dataset").text_content()
    assert heading == ("Download the archive" if prefix else "下载档案数据")
    items = page.eval_on_selector_all(
        ".dataset-links li",
        "els => els.map(e => [e.querySelector('a').textContent, e.querySelector('a').href,"
        " e.textContent])",
    )
    assert [(label, href) for label, href, _text in items] == [
        ("JSON Lines", http_root + JSONL_PATH),
        ("CSV", http_root + CSV_PATH),
    ]
    for (_label, href, text), path in zip(items, (JSONL_PATH, CSV_PATH), strict=True):
        on_disk = (seed_site / path).read_bytes()
        assert f"({size_text(len(on_disk))})" in text
        assert page.request.get(href).body() == on_disk
