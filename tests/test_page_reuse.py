"""Pages about many issues are rendered again when what they show changes, and the site still
equals a clean build byte for byte: a tag added to an article (the tag's pages and the tags'
index), an entity an earlier issue stops naming (the issue pages that show what they name
first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import THREE_ISSUES, Built, build_files

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"


def _edit(briefings: Path, old: str, new: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert old in text
    records.write_text(text.replace(old, new, 1), encoding="utf-8")


def _inodes(site: Path, paths: list[str]) -> dict[str, int]:
    return {path: (site / path).stat().st_ino for path in paths}


#: The issues of the kept build each test starts from (conftest ``built``): three, so an issue
#: page two issues after a changed one is there to be kept (the last test), and the same
#: three as the other modules of its worker group (conftest WORKER_GROUPS), whose first build
#: it takes (a fourth issue cost a first build of its own, and each build a fifth more).
KEPT_ISSUES = THREE_ISSUES


# A changed title re-renders exactly the lists that show its article: test_t_title_fix.py, in
# the one rebuild of the same title fix it checks (three kept issues). A template change
# reaching every page: test_b_build_reuse.py.


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
    assert any(f"/{THREE_ISSUES[-1]}/" in p for p in kept), kept
