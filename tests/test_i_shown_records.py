"""Pages are reused by what they show of each issue's records (``render.facts.shown_record``),
not by the record file's bytes: a source saved again, whose record changes only where it was
read from, renders no page again; an edit a page shows renders the pages that show it, the
pages about the whole archive (timeline, indexes, home) among them (test_t_title_fix.py);
either way the site equals a clean build byte for byte. The search index's steps go the same
way: taken whole when no search block changed, done again (shard by shard) when a title did
(test_t_title_fix.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from briefgen import build
from briefgen.build import build_site
from briefgen.cache import Cache
from briefgen.cli import DEFAULT_TEMPLATES
from briefgen.records import load_issue
from briefgen.render.facts import shown_record
from conftest import BRIEFINGS, THREE_ISSUES, Built, build_files
from sitecheck import STEP_KINDS, step_files

CHANGED = "2024-07-jiwei-chips"


def test_the_shown_record_leaves_out_where_the_record_was_read_and_nothing_else() -> None:
    issue = load_issue(BRIEFINGS / CHANGED / "records.yaml")
    digest = shown_record(issue)
    resaved = dataclasses.replace(issue.issue, source_sha256="0" * 64)
    moved = [dataclasses.replace(a, lines=[n + 3 for n in a.lines]) for a in issue.articles]
    assert shown_record(dataclasses.replace(issue, issue=resaved, articles=moved)) == digest
    first = issue.articles[0]
    for change in ({"title": first.title + "新"}, {"body": first.body + "。"}, {"tags": ["新"]}):
        edited = [dataclasses.replace(first, **change), *issue.articles[1:]]
        assert shown_record(dataclasses.replace(issue, articles=edited)) != digest, change
    dated = dataclasses.replace(issue.issue, date="2024-07-02")
    assert shown_record(dataclasses.replace(issue, issue=dated)) != digest


def _inodes(site: Path, paths: list[str]) -> dict[str, int]:
    return {path: (site / path).stat().st_ino for path in paths}


#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = THREE_ISSUES


def _resave(briefings: Path) -> None:
    """The changed issue's source saved again: its record's source digest changes."""
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    resaved = re.sub(r"(?m)^(  source_sha256: )\w+$", r"\g<1>" + "0" * 64, text, count=1)
    assert resaved != text
    records.write_text(resaved, encoding="utf-8")


def _no_page_list(*_: object) -> None:
    raise AssertionError("the page list made again though every issue shows what it showed")


@pytest.mark.slow
def test_a_source_saved_again_renders_no_page(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, before = built
    pages = [p for p in before if p.endswith(".html")]
    inodes = _inodes(site, pages)
    steps = step_files(site)
    assert all(any(name.startswith(f"{kind}/") for name in steps) for kind in STEP_KINDS)
    _resave(briefings)
    with monkeypatch.context() as patched:
        # The last build's page list is used: no analysis, no page contexts.
        patched.setattr(build, "pages_for", _no_page_list)
        after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    # Only the dataset shows the source's digest; every page is the last build's file but the
    # home page, which lists the dataset's files by size (the compressed ones change).
    assert after["data/articles.jsonl"] != before["data/articles.jsonl"]
    redone = {p for p in pages if (site / p).stat().st_ino != inodes[p]}
    assert redone <= {"index.html", "en/index.html"}
    # No search block changed: every step of the index is the last build's, file by file
    # (``search.reuse.StepReuse``).
    assert step_files(site) == steps


# A changed title renders the pages about the whole archive (timeline, indexes, home) and the
# feeds again, not an article page that shows nothing of its issue, and does the search steps
# again shard by shard: test_t_title_fix.py, in its one rebuild of a title fix on the same
# kept build.


def _alter_a_gram_shard(site: Path) -> tuple[str, bytes]:
    """A gram shard of the last site edited by hand to numbers of the same length (the file
    keeps its size): its name and its bytes now."""
    gram = sorted((site / "static" / "search" / "g").glob("*.js"))[0]
    text = gram.read_text(encoding="utf-8")
    numbers = re.search(r"\[(\d)", text)
    assert numbers is not None
    digit = "1" if numbers[1] != "1" else "2"
    gram.write_text(text[: numbers.start(1)] + digit + text[numbers.end(1) :], encoding="utf-8")
    return str(gram.relative_to(site)), gram.read_bytes()


@pytest.mark.slow
def test_a_page_gone_or_a_step_file_changed_since_the_last_site_is_made_again(
    tmp_path: Path, built: Built
) -> None:
    """Pages deleted from the last site are rendered again, and a file of a search step
    changed there since (``search.reuse.StepReuse``) is written again, though the source saved
    again changed no page and no search block."""
    briefings, cache, site, before = built
    gone = ["timeline.html", f"en/issues/{CHANGED}/index.html", f"issues/{CHANGED}/a01.html"]
    for page in gone:
        (site / page).unlink()
    gram, altered = _alter_a_gram_shard(site)
    assert len(altered) == len(before[gram])
    _resave(briefings)
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    assert all(after[page] == before[page] for page in gone)
    assert after[gram] == before[gram] != altered


@pytest.mark.slow
def test_a_build_with_nothing_to_do_reads_the_stamp_alone(built: Built) -> None:
    briefings, cache, site, before = built
    summary = build_site(briefings, site, DEFAULT_TEMPLATES, Cache(cache))
    assert summary.up_to_date
    assert summary.pages == len([p for p in before if p.endswith(".html")])
