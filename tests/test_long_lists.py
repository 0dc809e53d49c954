"""A long list at the default page size: 160 articles by one author in one section, over seven
issues of three years, paginated at issue boundaries from the oldest, with a year index on every
page (with the counts on the first alone)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from briefgen.archive import Archive, load_archive
from briefgen.i18n import EN, ZH
from briefgen.listing import PAGE_SIZE
from briefgen.records import Article, Issue, IssueMeta
from briefgen.render import PageReuse, write_pages
from briefgen.render.pages import environment, pages_for, render_page
from conftest import ROOT

#: (date, articles) of each issue, newest first: 160 articles, 45 in 2024, 75 in 2023 and 40
#: in 2022.
ISSUES = [
    ("2024-11-15", 30),
    ("2024-08-15", 15),
    ("2023-12-15", 25),
    ("2023-08-15", 20),
    ("2023-06-15", 18),
    ("2023-02-15", 12),
    ("2022-10-15", 40),
]
#: Cut from the oldest into pages of at most 50 that never split an issue: 40 (12 more would
#: not fit), 12 + 18 + 20, 25 + 15; then 30, which is not a page of its own but the first
#: page's with the 25 + 15 before it.
EXPECTED_PAGES = [70, 50, 40]


def _issue(number: int, date: str, size: int) -> Issue:
    meta = IssueMeta(
        id=f"{date[:7]}-long-list",
        source="source.txt",
        source_sha256="0" * 64,
        publication="合成快报",
        number=str(number),
        date=date,
    )
    articles = [
        Article(
            id=f"a{k:02d}",
            section="政策计划",
            title=f"第{number}期第{k}篇",
            authors=["沈湘"],
            body="正文。",
        )
        for k in range(1, size + 1)
    ]
    return Issue(meta, articles)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    issues = [_issue(n, date, size) for n, (date, size) in enumerate(ISSUES, start=1)]
    return load_archive(tmp_path_factory.mktemp("long-list"), issues)


def _rendered(archive: Archive, first: str, language=ZH) -> list[tuple[str, str]]:
    env = environment(ROOT / "templates")
    stem = first.removesuffix(".html")
    pages = [p for p in pages_for(archive) if p.path == first or p.path.startswith(stem + "-p")]
    return [(p.path, render_page(env, archive, language, p, "")) for p in pages]


@pytest.mark.parametrize("first", ["authors/沈湘.html", "sections/政策计划.html"])
def test_160_articles_make_three_pages_at_the_default_size(archive: Archive, first: str) -> None:
    assert PAGE_SIZE == 50
    rendered = _rendered(archive, first)
    stem = first.removesuffix(".html")
    assert [path for path, _html in rendered] == [first, f"{stem}-p2.html", f"{stem}-p3.html"]
    counts = [html.count('<li class="article-item">') for _path, html in rendered]
    assert counts == EXPECTED_PAGES
    # The first page says how many articles the whole list has; a later page which page of
    # how many it is, as that changes only when the list is cut again.
    name = first.split("/")[1].removesuffix(".html")
    counts = [re.search(r'<p class="count">(.*?)</p>', html)[1] for _path, html in rendered]
    assert counts[0] == "160 篇文章" and counts[1:] == ["第 2 页，共 3 页", "第 3 页，共 3 页"]
    kind = "作者" if first.startswith("authors/") else "栏目"
    described = f'<meta name="description" content="{kind}: {name} · 第 2 页，共 3 页">'
    assert described in rendered[1][1]
    assert all("160" not in html for _path, html in rendered[1:])
    assert f"<title>{name} (第 2 页)" in rendered[1][1]
    # Each issue on exactly one page, with its own count.
    headings = [re.findall(r'class="issue-heading">.*?· (\d+) 篇', html) for _p, html in rendered]
    assert headings == [["30", "15", "25"], ["20", "18", "12"], ["40"]]


def test_year_anchors_and_a_year_index_that_names_each_year_once(archive: Archive) -> None:
    rendered = _rendered(archive, "authors/沈湘.html")
    anchors = [re.findall(r'<h2 id="(y-\d{4})"', html) for _path, html in rendered]
    assert anchors == [["y-2024", "y-2023"], ["y-2023"], ["y-2022"]]
    first, third = quote("沈湘.html"), quote("沈湘-p3.html")
    # 2023 starts on page 1 and runs onto page 2; 2022 is on page 3.
    starts = [f"{first}#y-2024", f"{first}#y-2023", f"{third}#y-2022"]
    indexes = []
    for _path, html in rendered:
        index = re.search(r'<nav class="year-nav".*?</nav>', html, re.S)
        assert index
        pattern = r'href="([^"]+)">(\d{4})</a>(?: <span class="count">\((\d+)\))?'
        indexes.append(re.findall(pattern, index[0]))
    # The first page names every year with its whole count; a later one the years of the
    # later pages (which an issue added changes only when it makes another page), without.
    named = ["2024", "2023", "2022"]
    assert indexes[0] == list(zip(starts, named, ["45", "75", "40"], strict=True))
    assert indexes[1] == indexes[2] == [(starts[1], "2023", ""), (starts[2], "2022", "")]
    # A page's own year headings count the part of the year on it.
    years = [
        re.findall(r'<h2 id="y-\d{4}">(\d{4}) <span class="count">(\d+) 篇', h)
        for _p, h in rendered
    ]
    assert years == [[("2024", "45"), ("2023", "25")], [("2023", "50")], [("2022", "40")]]


def test_pages_link_to_each_other(archive: Archive) -> None:
    for language in (ZH, EN):
        rendered = _rendered(archive, "authors/沈湘.html", language)
        for number, (_path, html) in enumerate(rendered, start=1):
            pager = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
            assert pager, f"page {number} has no page links"
            links = re.findall(r'<a href="([^"]+)"([^>]*)>(\d)</a>', pager[0])
            assert [n for _href, _attrs, n in links] == ["1", "2", "3"]
            current = [n for _href, attrs, n in links if 'aria-current="page"' in attrs]
            assert current == [str(number)]
            prev = [n for _href, attrs, n in links if 'rel="prev"' in attrs]
            after = [n for _href, attrs, n in links if 'rel="next"' in attrs]
            assert prev == ([str(number - 1)] if number > 1 else [])
            assert after == ([str(number + 1)] if number < 3 else [])
            targets = [href for href, _attrs, _n in links]
            assert targets == [quote(p) for p in ("沈湘.html", "沈湘-p2.html", "沈湘-p3.html")]
        if language is EN:
            assert "Shen Xiang" in rendered[2][1] and "(page 3)" in rendered[2][1]


@pytest.mark.slow
def test_pages_are_written_by_a_build(archive: Archive, tmp_path: Path) -> None:
    """The same pages through the renderer's writer, in both languages' trees."""
    write_pages(archive, tmp_path, ROOT / "templates", PageReuse(tmp_path / "none", frozenset()))
    for prefix in ("", "en/"):
        for name in ("沈湘.html", "沈湘-p2.html", "沈湘-p3.html"):
            assert (tmp_path / f"{prefix}authors" / name).is_file()
        assert not (tmp_path / f"{prefix}authors" / "沈湘-p4.html").exists()
