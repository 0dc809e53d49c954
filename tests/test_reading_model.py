"""What the archive model computes for readers: topics, related articles, section aliases,
romanized names, source titles, year-grouped pages, and the published site's addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.english import cited_title, romanize, source_title, text_lang
from briefgen.files import SETTINGS_NAMES, TOPICS_NAME
from briefgen.i18n import EN
from briefgen.listing import by_year_and_issue, paginate
from briefgen.render.markdown import headings, render_markdown
from briefgen.render.pages import Page, environment, render_page
from conftest import BRIEFINGS, ROOT, seed_archive
from sitecheck import read_page


@pytest.fixture(scope="module")
def archive():
    return seed_archive()


def _entry(archive, path: str):
    return next(e for e in archive.entries if e.path == path)


def test_authors_are_romanized_family_name_first() -> None:
    assert romanize("沈湘") == "Shen Xiang"
    assert romanize("于杰平") == "Yu Jieping"
    assert romanize("欧阳修") == "Ouyang Xiu"  # a two-character family name is one word
    assert romanize("单雄信") == "Shan Xiongxin"  # 单 as a family name is Shan, not dan
    assert romanize("John Smith") == "John Smith"


def test_citation_language_follows_its_script() -> None:
    assert (
        text_lang("Jian Zhao, Peixuan Ji, et al. Ultrahigh-mobility graphene [J]. Nature") == "en"
    )
    assert text_lang("2020 年 10 月 16 日，中共中央政治局就量子科技研究") == "zh-CN"


def test_source_title_is_the_original_title_or_the_only_cited_title(archive) -> None:
    with_original = [e for e in archive.entries if e.article.original_title]
    chinese_original = [e for e in with_original if re.search("[一-鿿]", e.article.original_title)]
    assert chinese_original  # 联合国大会一致通过…: a Chinese original is never an English title
    assert all(source_title(e.article) is None for e in chinese_original)
    english = next(e for e in with_original if e.article.original_title.startswith("DARPA"))
    assert source_title(english.article) == english.article.original_title
    citation = "Jian Zhao, Peixuan Ji, Yaqi Li, et al. Ultrahigh-mobility semiconducting "
    citation += "epitaxial graphene on silicon carbide [J]. Nature, 2024, 625:60–65."
    expected = "Ultrahigh-mobility semiconducting epitaxial graphene on silicon carbide"
    assert cited_title(citation) == expected


def test_body_headings_get_ids_for_the_table_of_contents(archive) -> None:
    body = _entry(archive, "issues/2024-07-jiwei-chips/a12.html").article.body
    found = headings(body)
    assert len(found) == 4 and found[0].text.startswith("一、中美对比")
    html = render_markdown(body, set())
    assert all(f'id="{h.id}"' in html for h in found)


def test_topics_come_from_the_editors_list(archive) -> None:
    assert TOPICS_NAME in SETTINGS_NAMES  # a change to the list rebuilds every page
    names = [t.zh for t in archive.topic_list]
    assert names[:6] == ["半导体", "人工智能", "量子技术", "先进封装", "出口管制", "先进材料"]
    quantum = {e.path for t in archive.topics if t.name == "量子技术" for e in t.entries}
    titled = {e.path for e in archive.entries if "量子" in e.article.title}
    assert len(titled) >= 16 and titled <= quantum  # the printed tag had 3
    covered = sum(1 for e in archive.entries if archive.article_topics[e.path])
    assert covered > 70 and covered + len(archive.untopiced()) == len(archive.entries)


def test_related_articles_share_distinctive_words(archive) -> None:
    strategy = "issues/2024-03-jiwei-microelectronics/a01.html"  # 《国家微电子研究战略》
    titles = [e.article.title for e in archive.related[_entry(archive, strategy).path]]
    assert any("微电子" in title for title in titles)
    assert strategy not in [e.path for e in archive.related[strategy]]
    assert all(len(found) <= 5 for found in archive.related.values())


def test_section_aliases_merge_sections_but_issue_pages_keep_the_printed_name(archive) -> None:
    sections = {t.name: t for t in archive.sections}
    assert "研究进展" not in sections and "前沿研究动态" not in sections
    printed = {e.article.section for e in sections["前沿研究"].entries}
    assert printed == {"前沿研究", "研究进展", "前沿研究动态"}
    assert archive.term_path("section", "研究进展") == "sections/前沿研究.html"
    issue = next(i for i in archive.issues if any(s == "研究进展" for s, _ in i.sections))
    assert "研究进展" in [name for name, _ in issue.sections]


def test_long_lists_are_grouped_by_year_and_issue_and_paginated(archive) -> None:
    shen = next(t for t in archive.authors if t.name == "沈湘")
    years = by_year_and_issue(shen.entries, archive.issues)
    assert [y.year for y in years] == ["2024"]
    assert sum(y.count for y in years) == len(shen.entries) == 45
    assert [g.issue.meta.id for g in years[0].issues] == [
        i.meta.id for i in archive.issues if any(e in shen.entries for e in i.articles)
    ]
    pages = paginate(shen.path, years, size=20)
    counts = [sum(y.count for y in p.years) for p in pages]
    assert len(pages) > 1 and sum(counts) == 45
    assert pages[1].path == "authors/沈湘-p2.html"
    # An issue is never split across pages.
    seen = [g.issue.meta.id for p in pages for y in p.years for g in y.issues]
    assert len(seen) == len(set(seen))


def test_a_long_list_renders_its_pages_with_year_links_across_them(archive) -> None:
    shen = next(t for t in archive.authors if t.name == "沈湘")
    pages = paginate(shen.path, by_year_and_issue(shen.entries, archive.issues), size=20)
    env = environment(ROOT / "templates")
    page = Page(pages[1].path, "term.html", {"term": shen, "list": pages[1], "pages": pages})
    html = render_page(env, archive, EN, page, "")
    assert '<h1><span class="kind">Author:</span> <span lang="en">Shen Xiang</span></h1>' in html
    assert "(page 2)" in html and 'aria-current="page">2</a>' in html
    assert 'href="%E6%B2%88%E6%B9%98.html"' in html  # back to page 1
    shown = {g.issue.meta.id for y in pages[1].years for g in y.issues}
    assert all(f"issues/{i}/index.html" in html for i in shown)


@pytest.mark.slow
def test_check_lists_articles_with_no_topic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BRIEFINGS)]) == 0
    err = capsys.readouterr().err
    untopiced = seed_archive().untopiced()
    assert f"{len(untopiced)} article(s) with no topic." in err
    first = untopiced[0]
    assert f"article {first.article.id} ({first.article.title}) has no topic" in err


# With base_url set (without its closing slash), every published address is absolute under
# it: test_b_build_reuse.py, on the site it rebuilds with an address (sitecheck's
# not_published_under).


# A build warns when base_url is unset, with -q too: test_incremental.py, on a build of two
# issues it makes anyway.


def test_every_page_has_hreflang_alternates(seed_site: Path) -> None:
    pages = list(seed_site.rglob("*.html"))
    assert len(pages) > 250
    for path in pages:
        assert set(read_page(path).hreflang) == {"zh-CN", "en", "x-default"}, path
