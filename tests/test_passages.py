"""From a search result to the passage: every paragraph of an article has a stable anchor,
and the passages a search document names are exactly anchors the article page has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.body import passages
from briefgen.i18n import EN, ZH
from briefgen.render.markdown import render_markdown
from briefgen.render.pages import environment, pages_for, render_page
from briefgen.search.index import search_documents
from conftest import ROOT, seed_archive
from test_search_index import read_index_file

_ID = re.compile(r' id="([^"]+)"')


@pytest.fixture(scope="module")
def archive():
    return seed_archive()


def _entry(archive, path: str):
    return next(e for e in archive.entries if e.path == path)


@pytest.mark.slow
def test_every_passage_a_search_document_names_is_an_anchor_of_its_article_page(archive):
    """All 86 seed articles, both languages: the page has every passage's id, on the element
    that holds that passage's text."""
    env = environment(ROOT / "templates")
    pages = {page.path: page for page in pages_for(archive) if page.template == "article.html"}
    documents = search_documents(archive)
    assert len(documents) == len(pages) == 86
    named = 0
    for doc in documents:
        for language in (ZH, EN):
            html = render_page(env, archive, language, pages[doc.path], "")
            ids = _ID.findall(html)
            assert len(ids) == len(set(ids)), f"{language.code} {doc.path}: an id twice"
            for passage in doc.passages:
                assert passage.id in ids, f"{language.code} {doc.path}: no #{passage.id}"
                element = re.search(f'id="{passage.id}"[^>]*>(.*?)</(?:p|li|figure)>', html, re.S)
                assert element, f"{doc.path}: #{passage.id} is not a paragraph, item or figure"
                shown = re.sub(r"<sup.*?</sup>|<[^>]+>", "", element.group(1))
                assert passage.text[:20] in re.sub(r"\s+", " ", shown), f"{doc.path} #{passage.id}"
        named += len(doc.passages)
    assert named > 400


def test_paragraphs_under_headings_in_an_article_with_a_contents(archive):
    """2024-07 issue, article 12 (CNAS on quantum computing), checked by hand against its
    source: an opening paragraph, then three under the first heading, and the list item
    "1. 美国量子计算供应链挑战" under the sub-heading （一）."""
    found = passages(_entry(archive, "issues/2024-07-jiwei-chips/a12.html").article.body)
    assert [p.id for p in found[:5]] == ["p-1", "p-2", "p-3", "p-4", "p-5"]
    assert found[0].heading == "" and found[0].text.startswith("2024 年 5 月 28 日，美国知名智库")
    assert "[^1]" not in found[0].text and "发布报告，重点比较" in found[0].text
    assert found[1].heading.startswith("一、中美对比") and found[1].text.startswith("战略方面")
    assert found[4].heading == "（一）构建健壮的量子技术供应链"
    assert found[6].text == "美国量子计算供应链挑战"


def test_an_editors_note_has_its_own_anchors_before_the_body(archive):
    """The chips act review (2024-08): its editor's note, then "一. 促进美国半导体制造业回流"."""
    entry = _entry(archive, "issues/2024-08-chips-act-review/a01.html")
    doc = next(d for d in search_documents(archive) if d.path == entry.path)
    assert [p.id for p in doc.passages[:3]] == ["note-p-1", "p-1", "p-2"]
    assert doc.passages[0].text.startswith("8 月 9 日，美国白宫发布《芯片与科学法案》")
    assert doc.passages[1].heading == "一. 促进美国半导体制造业回流"
    assert doc.passages[1].text.startswith("美国商务部已与 15 家公司达成初步协议")


def test_a_figure_and_a_quoted_box_count_as_passages(archive):
    figure = passages(
        _entry(archive, "issues/2024-03-jiwei-microelectronics/a10.html").article.body
    )
    assert (figure[3].id, figure[3].text) == ("p-4", "图 1 计算筛选方法示意图")
    boxed = passages(_entry(archive, "issues/2024-08-chips-act-review/a02.html").article.body)
    assert [p.text[:6] for p in boxed[-2:]] == ["【快报延伸】", "融合加速器计"]
    html = render_markdown(
        _entry(archive, "issues/2024-03-jiwei-microelectronics/a10.html").article.body, set()
    )
    assert '<figure id="p-4" class="figure-missing">' in html


def test_anchors_depend_on_the_body_alone_and_survive_an_edit_below():
    body = (
        "第一段。\n\n### 一、标题\n\n第二段[^1]。\n\n- 甲\n- 乙\n\n> 引文\n\n1. 条目一\n\n   续段\n"
    )
    found = passages(body)
    assert [(p.id, p.heading, p.text) for p in found] == [
        ("p-1", "", "第一段。"),
        ("p-2", "一、标题", "第二段。"),
        ("p-3", "一、标题", "甲"),  # a tight list: the item holds the anchor
        ("p-4", "一、标题", "乙"),
        ("p-5", "一、标题", "引文"),
        ("p-6", "一、标题", "条目一"),  # a loose list: each paragraph its own
        ("p-7", "一、标题", "续段"),
    ]
    html = render_markdown(body, {1})
    assert '<li id="p-3">甲</li>' in html and '<p id="p-6">条目一</p>' in html
    assert passages(body + "\n新的一段。\n")[:7] == found
    assert [p.id for p in passages(body, "note-")][:2] == ["note-p-1", "note-p-2"]


@pytest.mark.slow
def test_the_written_documents_carry_the_passages_and_both_languages_labels(seed_site: Path):
    """What a result shows, as the browser reads it, for the chips act review's first article:
    no English title, an inferred date, an issue named by its date."""
    path = "issues/2024-08-chips-act-review/a01.html"
    shown = [
        data
        for script in sorted((seed_site / "static" / "search").rglob("*.js"))
        if path in script.read_text(encoding="utf-8")
        for data in [read_index_file(script)]
        if isinstance(data, dict) and data.get("path") == path
    ]
    assert len(shown) == 1
    data = shown[0]
    assert data["passages"][0][0] == "note-p-1"
    assert data["passages"][1][:2] == ["p-1", "一. 促进美国半导体制造业回流"]
    assert data["issue"] == "简报 2024年8月（推断）"
    assert data["issue_en"] == "Briefing August 2024 (inferred)"
    assert (data["date_zh"], data["date_en"]) == (
        "2024年8月9日（推断）",
        "9 August 2024 (inferred)",
    )
    assert data["title_en"] == "" and "text" not in data
