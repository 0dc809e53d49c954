"""The English Atom feed titles articles as the English pages do: the English title, else the
Chinese title marked "in Chinese" with the reported source's English title labelled."""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from briefgen.i18n import EN, ZH
from briefgen.render.feeds import atom_feed
from conftest import seed_archive

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def archive():
    return seed_archive()


def _feed_entry(archive, language, entry) -> ET.Element:
    feed = ET.fromstring(atom_feed(archive, language, "en/feed.xml", "Feed", [entry]))
    found = feed.find(f"{ATOM}entry")
    assert found is not None
    return found


def _entry(archive, path: str):
    return next(e for e in archive.entries if e.path == path)


def test_an_article_with_an_english_source_title(archive) -> None:
    """2024-03 casdc, article 4: 美 DARPA 发布微系统增材制造项目, 原文标题 in English."""
    entry = _entry(archive, "issues/2024-03-casdc-tech-policy/a04.html")
    title = _feed_entry(archive, EN, entry).findtext(f"{ATOM}title")
    assert title == (
        "美 DARPA 发布微系统增材制造项目 (in Chinese) · Source title: "
        "DARPA Explores Additive Manufacturing’s Revolutionary Potential for Futuristic "
        "Microsystems"
    )
    assert (
        _feed_entry(archive, ZH, entry).findtext(f"{ATOM}title")
        == "美 DARPA 发布微系统增材制造项目"
    )


def test_a_chinese_original_title_is_never_shown_as_an_english_one(archive) -> None:
    """2024-03 casdc, article 6: its 原文标题 is Chinese (联合国大会一致通过…)."""
    entry = _entry(archive, "issues/2024-03-casdc-tech-policy/a06.html")
    title = _feed_entry(archive, EN, entry).findtext(f"{ATOM}title")
    assert title == "联合国大会通过美牵头的人工智能决议 (in Chinese)"


def test_a_cited_papers_title_is_the_source_title(archive) -> None:
    """2024-07 jiwei, article 19: no 原文标题, one cited paper in English."""
    entry = _entry(archive, "issues/2024-07-jiwei-chips/a19.html")
    title = _feed_entry(archive, EN, entry).findtext(f"{ATOM}title") or ""
    assert title.endswith(
        "(in Chinese) · Source title: Integrated 1D epitaxial mirror twin boundaries "
        "for ultrascaled 2D MoS2 field-effect transistors"
    )


def test_an_english_title_stands_alone_and_names_are_romanized(archive) -> None:
    entry = _entry(archive, "issues/2024-03-casdc-tech-policy/a04.html")
    translated = replace(
        entry, article=replace(entry.article, title_en="DARPA: printed microsystems")
    )
    item = _feed_entry(archive, EN, translated)
    assert item.findtext(f"{ATOM}title") == "DARPA: printed microsystems"
    names = [a.findtext(f"{ATOM}name") for a in item.findall(f"{ATOM}author")]
    assert names and all(name and name.isascii() for name in names)
    summary = item.find(f"{ATOM}summary")
    assert summary is not None and summary.get(XML_LANG) == "zh-CN"


def test_no_english_entry_joins_two_titles(archive) -> None:
    feed = ET.fromstring(atom_feed(archive, EN, "en/feed.xml", "Feed", archive.entries))
    titles = [e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry")]
    assert len(titles) == 50 and not any(" / " in t for t in titles)
    assert all(t.endswith("(in Chinese)") or "· Source title: " in t for t in titles)
