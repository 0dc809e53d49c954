"""After a title fixed by hand, the build's main process works again on the fixed issue
alone where it can: the analysis makes the texts of that issue only, related articles digest
no other issue's documents (both checked in test_t_title_fix.py's rebuild of the same fix), the
feeds are kept while they list nothing of it; and the site is a clean build's, byte for byte,
whatever the fix changes (names, topics, sections)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefgen.archive import Archive, load_archive
from briefgen.files import site_record_files
from briefgen.records import load_issue
from briefgen.render import feeds, write_feeds
from briefgen.render.facts import shown_parts
from conftest import BRIEFINGS, THREE_ISSUES, Built, build_files

pytestmark = pytest.mark.slow

#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = THREE_ISSUES
CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"


def _edit(briefings: Path, issue: str, old: str, new: str) -> None:
    records = briefings / issue / "records.yaml"
    written = records.read_text(encoding="utf-8")
    edited = re.sub(f"^{re.escape(old)}$", new, written, count=1, flags=re.M)
    assert edited != written
    records.write_text(edited, encoding="utf-8")


# A title fix makes and digests the texts of its issue alone: test_t_title_fix.py, in the one
# rebuild of the same fix on the same kept build it checks.


#: Fixes whose effects reach past the article's own pages: a title that names an entity, a
#: new document and a topic's term (量子) the article did not have; an article moved to
#: another section.
FIXES = {
    "names": (
        f"  title: {TITLE}",
        "  title: 美国白宫宣布《国家量子倡议再授权法案》与芯片法案资助的首批研发设施",
    ),
    "section": ("  section: 政策计划", "  section: 产业动态"),
}


@pytest.mark.parametrize("fix", sorted(FIXES))
def test_a_fix_that_changes_names_topics_or_sections_equals_a_clean_build(
    tmp_path: Path, built: Built, fix: str
) -> None:
    briefings, cache, site, before = built
    _edit(briefings, CHANGED, *FIXES[fix])
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    if fix == "names":
        # The fix reached the pages about many issues it should.
        new_pages = set(after) - set(before)
        assert any(name.startswith("documents/") for name in new_pages)
        article = f"issues/{CHANGED}/a01.html"
        shows = [n for n in after if n.startswith(("entities/", "topics/")) and n in before]
        assert any(article.encode() not in before[n] and b"a01.html" in after[n] for n in shows)


def _seed(folder: Path) -> Path:
    shutil.copytree(BRIEFINGS, folder, ignore=shutil.ignore_patterns("*.pdf", "source.*"))
    return folder


def _feeds_of(folder: Path, out: Path) -> tuple[str, dict[str, bytes]]:
    """What ``feeds_shown`` says of the archive in ``folder``, and its feeds as written."""
    issues = [load_issue(path) for path in site_record_files(folder)]
    archive = load_archive(folder, issues)
    parts = {issue.issue.id: shown_parts(issue) for issue in issues}
    write_feeds(archive, out, [])
    written = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.xml")}
    return feeds.feeds_shown(archive, parts), written


def _listed(archive: Archive) -> set[str]:
    entries = [archive.entries, *(term.entries for term in archive.sections)]
    return {e.path for found in entries for e in found[: feeds.FEED_SIZE]}


def test_the_feeds_are_kept_by_what_they_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One article a feed, so that the seed archive has articles no feed lists.
    monkeypatch.setattr(feeds, "FEED_SIZE", 1)
    folder = _seed(tmp_path / "briefings")
    shown, written = _feeds_of(folder, tmp_path / "before")
    archive = load_archive(folder)
    listed = _listed(archive)
    unlisted = next(e for e in archive.entries if e.path not in listed and e.article.title)
    title = unlisted.article.title
    _edit(folder, unlisted.issue.id, f"  title: {title}", f"  title: 新{title}")
    shown_after, written_after = _feeds_of(folder, tmp_path / "unlisted")
    assert shown_after == shown
    assert written_after == written

    first = archive.entries[0]
    title = first.article.title
    _edit(folder, first.issue.id, f"  title: {title}", f"  title: 新{title}")
    shown_listed, written_listed = _feeds_of(folder, tmp_path / "listed")
    assert shown_listed != shown
    assert written_listed["feed.xml"] != written["feed.xml"]
    assert f"新{title}".encode() in written_listed["feed.xml"]
