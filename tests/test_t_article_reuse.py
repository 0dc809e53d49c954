"""Pages are reused article by article (``render.facts.shown_parts``): a change to an issue's
label renders all of its articles again, and the pages of the issues beside it, and the search
index's result files, which show each issue's label (no search block holds it); the site equals
a clean build byte for byte. (After a title fixed by hand, only the article pages that
show the article: test_t_title_fix.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import THREE_ISSUES, Built, build_files
from sitecheck import step_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
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


# After a title fixed by hand, exactly the article pages that show the article are rendered
# again, and its citation files: test_t_title_fix.py, in the one rebuild of the fix it checks.


def test_a_changed_issue_label_renders_its_articles_and_its_neighbours_pagers_again(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    articles = sorted(name for name in before if ARTICLE_PAGE.match(name))
    inodes = {name: (site / name).stat().st_ino for name in articles}
    steps = step_files(site)
    _edit(briefings, "  number: null\n", "  number: '7'\n")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    # The search index's result files show the label: written again.
    assert any(name not in steps for name in step_files(site) if name.startswith("doc/"))
    rewritten = _rewritten(site, inodes, articles)
    assert {name for name in articles if f"/{CHANGED}/" in name} <= rewritten
    # The issue before it shows its label in every article's issue pager.
    neighbours = {
        name
        for name in articles
        if f"/{CHANGED}/" not in name and f"{CHANGED}/index.html".encode() in before[name]
    }
    assert neighbours and neighbours <= rewritten
