"""Pages are reused article by article (``render.facts.shown_parts``): after a title fixed by
hand, exactly the article pages that show that article (its own, its neighbours' pagers,
related articles) are rendered again, other articles of its issue are the last build's very
files, and the site equals a clean build byte for byte. A change to the issue's label renders
all of its articles again, and the pages of the issues beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import THREE_ISSUES, Built, build_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
FIXED = "美国公布芯片法案资助的首批研发设施及遴选程序"
#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = THREE_ISSUES
ARTICLE_PAGE = re.compile(r"^(en/)?issues/[^/]+/a\d+\.html$")


def _edit(briefings: Path, old: str, new: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert old in text
    records.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rewritten(site: Path, before: dict[str, int], names: list[str]) -> set[str]:
    return {name for name in names if (site / name).stat().st_ino != before[name]}


def test_a_title_fix_renders_again_only_the_pages_that_show_the_article(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    articles = sorted(name for name in before if ARTICLE_PAGE.match(name))
    citations = sorted(name for name in before if name.endswith((".bib", ".ris")))
    inodes = {name: (site / name).stat().st_ino for name in articles + citations}
    _edit(briefings, f"  title: {TITLE}", f"  title: {FIXED}")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)

    rewritten = _rewritten(site, inodes, articles)
    # An article page is rendered again exactly when it shows the fixed article: the article
    # itself, the next one's pager, a related article list; each such page shows the new title.
    assert rewritten == {name for name in articles if TITLE.encode() in before[name]}
    assert all(FIXED.encode() in after[name] for name in rewritten)
    assert {f"issues/{CHANGED}/a01.html", f"en/issues/{CHANGED}/a02.html"} <= rewritten
    kept_in_issue = [n for n in articles if f"/{CHANGED}/" in n and n not in rewritten]
    assert len(kept_in_issue) > 4
    # Citation files go with their article: the fixed one's are written again, no other.
    assert _rewritten(site, inodes, citations) == {
        name for name in citations if name.startswith(f"issues/{CHANGED}/a01.")
    }


def test_a_changed_issue_label_renders_its_articles_and_its_neighbours_pagers_again(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    articles = sorted(name for name in before if ARTICLE_PAGE.match(name))
    inodes = {name: (site / name).stat().st_ino for name in articles}
    _edit(briefings, "  number: null\n", "  number: '7'\n")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    rewritten = _rewritten(site, inodes, articles)
    assert {name for name in articles if f"/{CHANGED}/" in name} <= rewritten
    # The issue before it shows its label in every article's issue pager.
    neighbours = {
        name
        for name in articles
        if f"/{CHANGED}/" not in name and f"{CHANGED}/index.html".encode() in before[name]
    }
    assert neighbours and neighbours <= rewritten
