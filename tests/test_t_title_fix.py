"""A title fixed by hand in a record file: the gram shards, the term shards (where the term
numbering holds) and the alias bundles are patched from the last build's instead of made
whole (``search.patch``), and the site equals a clean build's, byte for byte."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import briefgen.search as search
from briefgen import related as relatedness
from briefgen.analysis import text as analysis_text
from briefgen.analysis.timeline import Month
from briefgen.files import site_record_files
from briefgen.records import load_issue
from briefgen.related_words import Document
from briefgen.render.fragments import MonthFragments
from briefgen.search.bundles import BundleSplice
from briefgen.search.hashed import read_script
from briefgen.search.splice import _pairs, _places, _triples, splice
from conftest import THREE_ISSUES, Built, build_files
from sitecheck import step_files

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
#: The editor's fix: 宣布 (announced) becomes 公布 (made public).
FIXED = "美国公布芯片法案资助的首批研发设施及遴选程序"
ARTICLE_PAGE = re.compile(r"^(en/)?issues/[^/]+/a\d+\.html$")


def test_a_block_s_runs_are_replaced_and_the_next_run_counts_from_the_new_last_ref() -> None:
    # Characters: refs 1, 4, 9, 12 with counts 5, 6, 7, 8; the block is refs 4 to 9 (size 6).
    old = [1, 5, 3, 6, 5, 7, 3, 8]
    # In the block (refs from 0), the character now stands in article 2 (ref 6), twice.
    assert splice(old, [2, 2], 4, 6, _pairs) == [1, 5, 5, 2, 6, 8]
    # Gone from the block: ref 12 counts from ref 1.
    assert splice(old, [], 4, 6, _pairs) == [1, 5, 11, 8]
    # A block before every run, and one after.
    assert splice(old, [0, 3], 0, 1, _pairs) == [0, 3, 1, 5, 3, 6, 5, 7, 3, 8]
    assert splice(old, [1, 1], 20, 5, _pairs) == [*old, 9, 1]
    # Positions: [ref delta, n, first, n - 1 deltas]; ref 2 at 3, 7; ref 5 at 1; block 4–5.
    assert splice([2, 2, 3, 4, 3, 1, 1], [1, 3, 0, 2, 2], 4, 2, _places) == [
        2,
        2,
        3,
        4,
        3,
        3,
        0,
        2,
        2,
    ]
    # Term fields: [ref delta, tf, field length]; ref 3 dropped, ref 7 counts from ref 0.
    assert splice([0, 1, 9, 3, 2, 10, 4, 1, 8], [], 3, 1, _triples) == [0, 1, 9, 7, 1, 8]


def _fix(briefings: Path, old: str, new: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    fixed = re.sub(f"^  title: {old}$", f"  title: {new}", text, count=1, flags=re.M)
    assert fixed != text
    records.write_text(fixed, encoding="utf-8")


def _not_merged(*_: object) -> None:
    raise AssertionError("counts merged where one block changed")


#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = THREE_ISSUES


def _ref_of(index: Path, path: str) -> int:
    """The search ref of the article whose page is ``path`` (its ``doc/REF.HASH.js``)."""
    for file in (index / "doc").glob("*.js"):
        shown = read_script(index, f"doc/{file.name.removesuffix('.js')}")
        if isinstance(shown, dict) and shown["path"] == path:
            return int(file.name.split(".")[0])
    raise AssertionError(f"no result file of {path}")


def _title_refs(index: Path, term: str) -> list[int]:
    """The refs whose title holds ``term``, from the term shard that holds it."""
    for file in (index / "t").glob("*.js"):
        shard = read_script(index, f"t/{file.name.removesuffix('.js')}")
        if isinstance(shard, dict) and term in shard:
            title = shard[term][1]  # [ref delta, tf, field length, …]
            refs, ref = [], 0
            for at in range(0, len(title), 3):
                ref += title[at]
                refs.append(ref)
            return refs
    return []


def _count_splices(monkeypatch: pytest.MonkeyPatch, spliced: Path) -> None:
    """Alias bundles that read a changed key are spliced, in their text: each splice's keys
    written to ``spliced`` (from a search worker, a forked process at two jobs: so a file)."""
    splice_text = BundleSplice.text

    def counted(self: BundleSplice, last: str, keys: list[str], *rest: Any) -> str | None:
        text = splice_text(self, last, keys, *rest)
        if text is not None:
            with spliced.open("a", encoding="utf-8") as out:
                out.write(" ".join(keys) + "\n")
        return text

    monkeypatch.setattr(BundleSplice, "text", counted)


def _count_months(monkeypatch: pytest.MonkeyPatch, rendered: Path) -> None:
    """Each timeline month rendered, as "language month" lines in ``rendered`` (from a page
    worker, a forked process at two jobs: so a file)."""
    month_html = MonthFragments.html

    def counted(self: MonthFragments, language: str, month: Month, render: Callable) -> str:
        def render_counted() -> str:
            with rendered.open("a", encoding="utf-8") as out:
                out.write(f"{language} {month.month}\n")
            return render()

        return month_html(self, language, month, render_counted)

    monkeypatch.setattr(MonthFragments, "html", counted)


class _Markup:
    """The analysis's markup pattern, counting the texts it is asked to clean (one a text
    made)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.texts: list[str] = []

    def sub(self, replacement: str, written: str) -> str:
        self.texts.append(written)
        return self.pattern.sub(replacement, written)


def _count_digested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The issue of each list of documents related articles digest (in this process)."""
    digested: list[str] = []
    digest = relatedness.documents_digest

    def counted(documents: list[Document]) -> str:
        digested.append(documents[0].key.split("/")[1])
        return digest(documents)

    monkeypatch.setattr(relatedness, "documents_digest", counted)
    return digested


@pytest.mark.slow
def test_a_title_fixed_by_hand_patches_the_index_and_equals_a_clean_build(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One rebuild of the fix checked for all it patched, rendered and worked out again (the
    index, the pages, the article pages and citation files, the lists, the timeline's months,
    the analysis's texts and related articles' digests), then the fix undone: each is a check
    of the same rebuild of the same kept build."""
    briefings, cache, site, before = built
    inodes = {name: (site / name).stat().st_ino for name in before}
    steps = step_files(site)
    _fix(briefings, TITLE, FIXED)
    # Forked search workers inherit the patch: neither step may merge the blocks.
    monkeypatch.setattr(search, "merged_grams", _not_merged)
    monkeypatch.setattr(search, "merged_terms", _not_merged)
    _count_splices(monkeypatch, tmp_path / "spliced")
    _count_months(monkeypatch, tmp_path / "rendered")
    markup = _Markup(analysis_text._MARKUP)
    monkeypatch.setattr(analysis_text, "_MARKUP", markup)
    digested = _count_digested(monkeypatch)
    after = build_files(briefings, site, cache)
    monkeypatch.undo()
    # No alias name stands in the fixed title, nor is cut into 宣布 or 公布: every bundle's
    # own values are as they were, and none is spliced (``bundle_splice``).
    assert not (tmp_path / "spliced").exists()
    assert after == build_files(briefings, tmp_path / "clean", None)
    _assert_fixed_issue_alone(briefings, markup.texts, digested)
    rewritten = {name for name in after if (site / name).stat().st_ino != inodes.get(name)}
    _assert_patched(site, before, after, rewritten)
    _assert_whole_archive(site, before, after, rewritten, steps)
    _assert_timeline_months(after, (tmp_path / "rendered").read_text(encoding="utf-8"))
    _assert_article_pages(before, after, rewritten)
    _assert_lists(before, after, rewritten)

    # The fix undone gives back the first build.
    _fix(briefings, FIXED, TITLE)
    assert build_files(briefings, site, cache) == before


def _assert_fixed_issue_alone(briefings: Path, texts: list[str], digested: list[str]) -> None:
    """The build's main process worked again on the fixed issue alone: the analysis (in this
    process; page workers forked at two jobs count for themselves) made the texts of the fixed
    issue's articles, each once, and of no other issue; related articles read no unchanged
    issue's documents to know them unchanged."""
    changed = [p for p in site_record_files(briefings) if p.parent.name == CHANGED]
    articles = load_issue(changed[0]).articles
    assert len(texts) == len(articles)
    assert any(text.startswith(FIXED) for text in texts)
    assert not any(text.startswith(TITLE) for text in texts)
    assert set(digested) <= {CHANGED}


def _assert_patched(
    site: Path, before: dict[str, bytes], after: dict[str, bytes], rewritten: set[str]
) -> None:
    article = f"issues/{CHANGED}/a01.html"
    assert FIXED.encode() in after[article] and TITLE.encode() not in after[article]
    # What shows the title was written again: its issue's pages, the timeline, the index;
    # pages that show nothing of its issue are the very files of the last build.
    assert article in rewritten and f"en/{article}" in rewritten
    assert f"issues/{CHANGED}/index.html" in rewritten and "timeline.html" in rewritten
    assert any(name.startswith("issues/") and name not in rewritten for name in after)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed <= rewritten
    # Most gram shards are the last build's files, linked.
    grams = [name for name in after if name.startswith(("static/search/g/", "static/search/p/"))]
    assert sum(name not in rewritten for name in grams) > len(grams) // 2

    # The index: the new title word finds the article by its title, the old one no longer.
    index = site / "static" / "search"
    ref = _ref_of(index, article)
    assert ref in _title_refs(index, "公布")
    assert ref not in _title_refs(index, "宣布")


#: Pages made from every issue's records: the timeline, the indexes, the home page.
WHOLE_ARCHIVE = (
    "index.html",
    "issues/index.html",
    "sources/index.html",
    "documents/index.html",
    "entities/index.html",
    "timeline.html",
)


def _assert_whole_archive(
    site: Path,
    before: dict[str, bytes],
    after: dict[str, bytes],
    rewritten: set[str],
    steps: dict[str, int],
) -> None:
    """An edit a page shows renders the pages about the whole archive again, and the feeds;
    an article page that shows nothing of the changed issue is the last build's file. The
    search steps are done again shard by shard (``ShardReuse``): the gram shards that hold
    the new character are new files, the others still linked from the last build."""
    now = step_files(site)
    assert any(name not in steps for name in now if name.startswith("g/"))
    assert any(steps.get(name) == inode for name, inode in now.items())
    whole = [prefix + page for page in WHOLE_ARCHIVE for prefix in ("", "en/")]
    assert [page for page in whole if page not in rewritten] == []
    assert FIXED.encode() in after["feed.xml"] and TITLE.encode() in before["feed.xml"]
    articles = [name for name in before if ARTICLE_PAGE.match(name)]
    unrelated = [name for name in articles if f"{CHANGED}/".encode() not in after[name]]
    assert unrelated and not [name for name in unrelated if name in rewritten]


def _assert_article_pages(
    before: dict[str, bytes], after: dict[str, bytes], rewritten: set[str]
) -> None:
    """Pages are reused article by article (``render.facts.shown_parts``): an article page is
    rendered again exactly when it shows the fixed article (its own, the next one's pager, a
    related article list), and each such page shows the new title; other articles of its issue
    are the last build's very files. Citation files go with their article."""
    articles = sorted(name for name in before if ARTICLE_PAGE.match(name))
    again = {name for name in articles if name in rewritten}
    assert again == {name for name in articles if TITLE.encode() in before[name]}
    assert all(FIXED.encode() in after[name] for name in again)
    assert {f"issues/{CHANGED}/a01.html", f"en/issues/{CHANGED}/a02.html"} <= again
    kept_in_issue = [n for n in articles if f"/{CHANGED}/" in n and n not in again]
    assert len(kept_in_issue) > 4
    citations = sorted(name for name in before if name.endswith((".bib", ".ris")))
    assert {name for name in citations if name in rewritten} == {
        name for name in citations if name.startswith(f"issues/{CHANGED}/a01.")
    }


MANY_ISSUE_FOLDERS = ("sections", "tags", "topics", "authors", "documents", "entities")


def _assert_lists(before: dict[str, bytes], after: dict[str, bytes], rewritten: set[str]) -> None:
    """Pages about many issues (term lists, term indexes, followed documents and entities)
    are taken from the previous site while what they show is unchanged."""
    pages = [
        path
        for path in before
        if path.endswith(".html") and path.removeprefix("en/").split("/")[0] in MANY_ISSUE_FOLDERS
    ]
    kept = redone = kept_beside = 0
    for page in pages:
        same_file = page not in rewritten
        if page.endswith("/index.html"):
            continue  # an index of terms or followed things: reused while its counts stay
        # A list is rendered again exactly when it shows the changed article (its title with
        # it), not when it shows only other articles of its issue; and those that listed the
        # article show its new title.
        lists_article = TITLE.encode() in before[page]
        assert same_file != lists_article, page
        other_articles = f"issues/{CHANGED}/".encode() in after[page] and not lists_article
        kept_beside += same_file and other_articles
        assert (FIXED.encode() in after[page]) == (TITLE.encode() in before[page]), page
        kept += same_file
        redone += not same_file
    assert kept > 20 and redone > 5 and kept_beside > 0
    # The term indexes show names and counts only: a title changes none of them.
    for kind in ("sections", "tags", "topics", "authors"):
        for prefix in ("", "en/"):
            assert f"{prefix}{kind}/index.html" not in rewritten, kind


def _assert_timeline_months(after: dict[str, bytes], rendered: str) -> None:
    """Only the months of the fixed issue were rendered again."""
    again = rendered.split("\n")[:-1]
    months = re.findall(
        r'<section class="timeline-month" aria-labelledby="m-([\d-]+)"',
        after["timeline.html"].decode(),
    )
    # The fixed article's events fall in some months, in both languages; the rest are kept.
    assert again and len(again) < 2 * len(months)
    fixed = {m for m in months if FIXED in _month_text(after["timeline.html"].decode(), m)}
    assert {line.split()[1] for line in again} == fixed


@pytest.mark.slow
def test_a_shard_gone_from_the_last_site_makes_the_step_whole(tmp_path: Path, built: Built) -> None:
    briefings, cache, site, _ = built
    for shard in (site / "static" / "search" / "p").glob("*.js"):
        shard.unlink()
    _fix(briefings, TITLE, FIXED)
    assert build_files(briefings, site, cache) == build_files(briefings, tmp_path / "clean", None)


def _month_text(page: str, month: str) -> str:
    start = page.index(f'aria-labelledby="m-{month}"')
    return page[start : page.index("</section>", start)]
