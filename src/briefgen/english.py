"""What the English pages need from Chinese records: romanized names, script-based language
tags, and the English title of the source an article reports on (labelled as that source's)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from briefgen.lazy import lazy_module
from briefgen.records import Article

#: Loaded when a name is first romanized (its phrase tables take a third of a second).
pypinyin = lazy_module("pypinyin")

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z]")
#: Two-character family names; pinyin is written as one word (Ouyang Xiu).
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 司徒 夏侯 公孙 长孙 宇文 尉迟 端木 独孤 轩辕".split()
)
#: Family names read differently from the same character in other words (单 is Shan, not dan).
_SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "区": "ou",
    "仇": "qiu",
    "解": "xie",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "尉": "yu",
    "缪": "miao",
    "翟": "zhai",
    "任": "ren",
    "覃": "qin",
}


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def text_lang(text: str | None) -> str:
    """The ``lang`` of a piece of record text from its script: Chinese when it has any Han
    character, English when it has Latin letters only (a cited English source)."""
    if text and not has_han(text) and _LATIN.search(text):
        return "en"
    return "zh-CN"


#: Names romanized by an earlier process (``remember_romanized``): a build that meets no other
#: name never loads pypinyin's phrase tables.
_KNOWN: dict[str, str] = {}


def remember_romanized(names: Iterable[str], known: Mapping[str, str]) -> dict[str, str]:
    """Each of ``names`` romanized: as ``known`` (an earlier process's ``romanize``) has it,
    else now; ``romanize`` then gives those, here and in processes forked from here."""
    _KNOWN.update(known)
    return {name: romanize(name) for name in names}


@cache
def romanize(name: str) -> str:
    """A Chinese personal name in pinyin, family name first: 沈湘 → Shen Xiang,
    欧阳修 → Ouyang Xiu. Names without Han characters are returned as they are."""
    known = _KNOWN.get(name)
    if known is not None:
        return known
    name = name.strip()
    if not has_han(name) or len(name) < 2:
        return name if not has_han(name) else "".join(pypinyin.lazy_pinyin(name)).capitalize()
    split = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
    family, given = name[:split], name[split:]
    if split == 1 and family in _SURNAME_READINGS:
        family_text = _SURNAME_READINGS[family]
    else:
        family_text = "".join(pypinyin.lazy_pinyin(family))
    return f"{family_text.capitalize()} {''.join(pypinyin.lazy_pinyin(given)).capitalize()}"


def source_title(article: Article) -> str | None:
    """The English title of the source the article reports on: its ``原文标题``, else the
    English title of its only cited source. Never the article's own title."""
    if article.original_title and not has_han(article.original_title):
        return article.original_title
    if len(article.footnotes) != 1 or not article.footnotes[0].title:
        return None
    title = cited_title(article.footnotes[0].title)
    return title if title and not has_han(title) else None


#: GB/T 7714 citations: "Authors, et al. Title[J]. Journal, 2024, …"; the title sits between
#: the author list and the bracketed document type.
_CITATION = re.compile(r"(?:et al\.|等\.?)\s*(?P<title>[^\[\]]+?)\s*\[(?:J|M|C|D|R|EB/OL)\]")


def cited_title(citation: str) -> str | None:
    """The title inside a GB/T 7714 citation, or None when the citation has no such shape."""
    match = _CITATION.search(citation)
    return match.group("title").strip() if match else None
