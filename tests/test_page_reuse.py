"""Pages about many issues (term lists, term indexes, followed documents and entities) are
taken from the previous site while what they show is unchanged, and the site still equals a
clean build byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main
from conftest import BRIEFINGS, THREE_ISSUES, Built, build_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
NEW_TITLE = "美国公布芯片法案资助的首批研发设施及遴选程序"
FOUR_ISSUES = (*THREE_ISSUES, "2024-08-chips-act-review")
MANY_ISSUE_FOLDERS = ("sections", "tags", "topics", "authors", "documents", "entities")


def _many_issue_pages(site: dict[str, bytes]) -> list[str]:
    """Every list, index and followed page, in both languages."""
    return [
        path
        for path in site
        if path.endswith(".html") and path.removeprefix("en/").split("/")[0] in MANY_ISSUE_FOLDERS
    ]


def _edit(briefings: Path, old: str, new: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert old in text
    records.write_text(text.replace(old, new, 1), encoding="utf-8")


def _inodes(site: Path, paths: list[str]) -> dict[str, int]:
    return {path: (site / path).stat().st_ino for path in paths}


#: The issues of the kept build each test starts from (conftest ``built``): four, so an issue
#: page two issues after a changed one is there to be kept (the last test).
KEPT_ISSUES = FOUR_ISSUES


def test_a_changed_title_re_renders_exactly_the_lists_that_show_its_article(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    pages = _many_issue_pages(before)
    inodes = _inodes(site, pages)
    _edit(briefings, f"  title: {TITLE}", f"  title: {NEW_TITLE}")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)

    kept = redone = kept_beside = 0
    for page in pages:
        same_file = (site / page).stat().st_ino == inodes[page]
        if page.endswith("/index.html"):
            continue  # an index of terms or followed things: reused while its counts stay
        # A list is rendered again exactly when it shows the changed article (its title with
        # it), not when it shows only other articles of its issue; and those that listed the
        # article show its new title.
        lists_article = TITLE.encode() in before[page]
        assert same_file != lists_article, page
        other_articles = f"issues/{CHANGED}/".encode() in after[page] and not lists_article
        kept_beside += same_file and other_articles
        assert (NEW_TITLE.encode() in after[page]) == (TITLE.encode() in before[page]), page
        kept += same_file
        redone += not same_file
    assert kept > 20 and redone > 5 and kept_beside > 0
    # The term indexes show names and counts only: a title changes none of them.
    for kind in ("sections", "tags", "topics", "authors"):
        for prefix in ("", "en/"):
            index = f"{prefix}{kind}/index.html"
            assert (site / index).stat().st_ino == inodes[index], index


def test_a_tag_added_to_an_article_re_renders_the_tags_pages_and_its_index(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    tag_pages = [p for p in before if p.removeprefix("en/").startswith("tags/")]
    tags = [
        p
        for p in tag_pages
        if p.startswith("tags/")
        and p != "tags/index.html"
        and f"{CHANGED}/".encode() not in before[p]
    ]
    # A tag of other issues only: adding it to the changed issue's first article changes its
    # count and list on every page of it, in both languages.
    tag_page = tags[0]
    name = before[tag_page].split(b"<h1>")[1].split(b"</span>")[1].rsplit(b">", 1)[1].decode()
    inodes = _inodes(site, tag_pages)
    _edit(
        briefings,
        f"  title: {TITLE}\n  title_en: null\n  tags: []",
        f"  title: {TITLE}\n  title_en: null\n  tags:\n  - {name}",
    )
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    for prefix in ("", "en/"):
        page = prefix + tag_page
        assert (site / page).stat().st_ino != inodes[page], page
        assert TITLE.encode() in after[page] and TITLE.encode() not in before[page], page
        index = f"{prefix}tags/index.html"
        assert (site / index).stat().st_ino != inodes[index], index


def test_nothing_changed_but_the_code_reuses_no_list(tmp_path: Path, built: Built) -> None:
    """A template change reaches the lists too: their facts are kept only with what every
    page shares."""
    briefings, cache, site, before = built
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (BRIEFINGS.parent / "templates").rglob("*"):
        if path.is_file():
            target = templates / path.relative_to(BRIEFINGS.parent / "templates")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- x --></body>"))
    args = ["build", "-q", "--briefings", str(briefings), "--out", str(site)]
    assert main([*args, "--templates", str(templates), "--cache", str(cache)]) == 0
    for page in _many_issue_pages(before):
        assert b"<!-- x -->" in (site / page).read_bytes(), page


def test_an_issue_page_is_rendered_again_when_what_it_names_first_changes(
    tmp_path: Path, built: Built
) -> None:
    """An issue's page shows what it names first, which depends on every earlier issue: when
    an earlier issue stops naming an entity, the next issue to name it shows it as new."""
    briefings, cache, site, before = built
    earlier, later = "2024-03-jiwei-microelectronics", "2024-03-casdc-tech-policy"
    page = f"issues/{later}/index.html"
    carried = before[page].split(b'id="novelty-carried"')[1]
    assert "美国商务部".encode() in carried
    pages = [p for p in before if p.removeprefix("en/").startswith("issues/") and "/index" in p]
    inodes = _inodes(site, pages)

    records = briefings / earlier / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("美国商务部", "某机构").replace("商务部", "某部"), "utf-8")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    new = after[page].split(b'id="novelty-new"')[1].split(b'id="novelty-carried"')[0]
    assert "美国商务部".encode() in new
    assert (site / page).stat().st_ino != inodes[page]
    # Issue pages whose neighbours and novelty stayed as they were are the files of the last
    # build, though an earlier issue changed.
    kept = [p for p in pages if (site / p).stat().st_ino == inodes[p]]
    assert any(f"/{FOUR_ISSUES[-1]}/" in p for p in kept), kept
