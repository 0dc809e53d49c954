"""Text issues from a house none of the declared layouts describes.

A house whose articles end with no author line briefgen knows (or none at all) was refused
whole as "unknown layout": with no author line, nothing ended an article. Now such a text is
read by its titles' shape (layout "titles"): the articles, their sections, bodies and notes as
in the text, the authors left for the editor, and one warning that says so. The texts are the
seeds' and pdftotext's output of their cached prints, with every author line (and casdc's end
block: 供稿自, the source URLs, 原文标题) taken out.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from briefgen.errors import ParseError
from briefgen.ingest.layouts import BY_TITLE_SHAPE, CJK, KNOWN
from briefgen.ingest.text import parse_text
from briefgen.records import Article
from conftest import BRIEFINGS, parsed
from producers import extracted_text

#: One seed of each house layout: jiwei (（执笔：…）), casdc (供稿自 block), topical (（董金鑫）).
SEEDS = ["2024-01-jiwei-semiconductors", "2024-03-casdc-tech-policy", "2024-08-chips-act-review"]


def _without_authors(text: str) -> str:
    """``text`` as a house that prints no author line would: each attribution taken out, and
    after a 供稿自 line its source URLs and 原文标题 (wrapped in Latin lines). A page's first
    line opens with a space in the seeds' text: the line after a removed one keeps it."""
    kept: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        attribution = KNOWN.attribution(line.strip()) if line.strip() else None
        k += 1
        if attribution is None:
            kept.append(line)
            continue
        end = _end_block_end(lines, k) if attribution.layout.end_block else k
        page_start = any(gone.startswith(" ") and gone.strip() for gone in [line, *lines[k:end]])
        k = end
        following = next((j for j in range(k, len(lines)) if lines[j].strip()), None)
        if page_start and following is not None and not lines[following].startswith(" "):
            lines[following] = " " + lines[following]
    return "\n".join(kept)


def _end_block_end(lines: list[str], k: int) -> int:
    """Where the end block starting at ``k`` stops: after 原文标题 and its Latin lines."""
    titled = False
    while k < len(lines):
        text = lines[k].strip()
        if text.startswith("原文标题"):
            titled = True
        elif text and (titled or re.search(f"[{CJK}]", text)) and re.search(f"[{CJK}]", text):
            return k
        k += 1
    return k


def _read(issue_id: str) -> str:
    return _without_authors((BRIEFINGS / issue_id / "source.txt").read_text(encoding="utf-8"))


def _squeezed(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _fields(article: Article) -> tuple[object, ...]:
    notes = tuple((note.url, note.title) for note in article.footnotes)
    body = _squeezed(f"{article.editor_note or ''}{article.body}")
    return (article.section, _squeezed(article.title), article.tags, notes, body)


@pytest.mark.parametrize("issue_id", SEEDS)
def test_a_text_with_no_author_lines_is_read_by_its_titles_shape(
    issue_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    text = _read(issue_id)
    assert not any(KNOWN.attribution(line.strip()) for line in text.split("\n") if line.strip())
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        got = parse_text(text, Path(f"{issue_id}.txt"))
    assert got.layout is BY_TITLE_SHAPE
    expected = parsed(issue_id).articles
    assert [_fields(a) for a in got.articles] == [_fields(a) for a in expected]
    assert all(a.authors == [] and a.source_urls == [] for a in got.articles)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"the {len(expected)} articles were read as 'titles'" in warnings[0]


def test_notes_at_the_page_bottom_still_go_to_their_markers() -> None:
    got = parse_text(_read(SEEDS[0]), Path("x.txt")).articles
    first = got[0]
    assert first.title == "荷兰政府撤销 ASML部分 DUV光刻机出口许可证"
    assert "影响了少数中国客户[^1]。" in first.body
    assert [note.url for note in first.footnotes] == [
        "https://www.asml.com/en/news/press-releases/2023/statement-regarding-partial-revocation-export-license",
        "https://www.asml.com/en/products/duv-lithography-systems",
    ]


@pytest.mark.slow  # extracts the text of a test print (printed when the PDF cache lacks it)
@pytest.mark.parametrize("mode", ["-layout", "plain"])
def test_pdftotext_output_with_no_author_lines_is_read_by_its_titles_shape(mode: str) -> None:
    """A title there may run into the paragraph before it (no author line stands between)."""
    issue_id = SEEDS[0]
    text = _without_authors(extracted_text(issue_id, "libreoffice", mode))
    got = parse_text(text, Path(f"{issue_id}.txt"))
    assert got.layout is BY_TITLE_SHAPE
    expected = parsed(issue_id).articles
    assert [_fields(a)[:2] for a in got.articles] == [_fields(a)[:2] for a in expected]
    bodies = [_fields(a)[4] == _fields(b)[4] for a, b in zip(got.articles, expected, strict=True)]
    assert sum(bodies) >= len(expected) - 1  # plain: one body keeps a note's wrapped URL


#: Written by hand, paragraphs wrapped and apart by blank lines: what in an article looks
#: like a title but is none (a numbered heading, a figure's caption, a URL, a box's label).
HAND_MADE = """政策计划

美国发布微电子研究战略

美国白宫科技政策办公室发布《国家微电子研究战略》，提出四大战略目标，
为联邦部门和机构、学术界、工业界提供指导框架。

一、促进未来微电子技术研究

战略提出加快新材料、新器件和新工艺的研究，推动从研究到制造的转化，
并建设连接研究与制造的基础设施。

图 1 微电子研究的四大目标

https://www.whitehouse.gov/ostp/news-updates/2024/03/15/strategy

【快报延伸】

该战略由国家科学技术委员会微电子领导小组委员会制定，概述了未来五年的发展目标、
关键需求和行动方案。

欧盟投资芯片试验线

欧盟宣布投资 3.25 亿欧元建设四条芯片试验线，支持欧洲半导体创新生态系统的发展，
试验线向企业和研究机构开放。

前沿研究

日本团队研制出新型存储器

日本东京大学研究团队研制出一种新型铁电存储器，读写速度比现有产品提高十倍，
功耗降低一半，有望用于边缘计算设备。
"""


def test_what_only_looks_like_a_title_stays_in_the_body() -> None:
    got = parse_text(HAND_MADE, Path("x.txt")).articles
    assert [(a.section, a.title) for a in got] == [
        ("政策计划", "美国发布微电子研究战略"),
        ("政策计划", "欧盟投资芯片试验线"),
        ("前沿研究", "日本团队研制出新型存储器"),
    ]
    assert "### 一、促进未来微电子技术研究" in got[0].body
    assert "![图 1 微电子研究的四大目标]()" in got[0].body
    assert "> **【快报延伸】**" in got[0].body


def test_fewer_than_two_titles_by_shape_are_still_refused() -> None:
    first_article = HAND_MADE.split("欧盟投资芯片试验线")[0]
    with pytest.raises(ParseError, match="no layout matched \\(unknown layout\\)"):
        parse_text(first_article, Path("x.txt"))


def test_unknown_author_lines_are_still_refused_so_a_layout_can_name_them() -> None:
    """Author lines no layout reads: an entry for them keeps the authors, so no shape reading."""
    text = re.sub(r"[（(]执笔：([^）)]*)[）)]", r"执笔人 \1", _read_seed_with_authors())
    with pytest.raises(ParseError, match="author lines: line 31 '执笔人 沈湘 王丽'"):
        parse_text(text, Path("x.txt"))


def _read_seed_with_authors() -> str:
    return (BRIEFINGS / SEEDS[0] / "source.txt").read_text(encoding="utf-8")
