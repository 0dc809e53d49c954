"""An issue newer than every other appended to the search index (``search.appending``): each
posting gains the added articles' runs at its end, and the index equals one written whole.

The appenders are checked against counts made in one pass over every article (the postings
of the articles before, with the added articles' runs put after them, are the postings of
all of them); a shard's file patched in its bytes against the file written from its data;
and whole indexes, grown an issue at a time (into the last block, then as a block of its
own), then a title fixed in the grown block, against indexes written without a cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import briefgen.search as search_module
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import blocks, count_grams, count_terms, exact_texts, shards, write_search
from briefgen.search.appending import PostingAppender, TermAppender
from briefgen.search.blocks import search_blocks
from briefgen.search.grown import appended
from briefgen.search.hashed import payload, script, text_digest
from briefgen.search.index import lunr_documents
from briefgen.search.patch import block_refs
from briefgen.search.posting_text import PAIRS, PLACES
from briefgen.search.shard_file import patched_file
from conftest import BRIEFINGS, SEED_IDS, copy_archive, seed_archive


@pytest.fixture
def two_issue_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of two issues (as in test_search_blocks)."""
    monkeypatch.setattr(blocks, "MAX_BLOCK_ISSUES", 2)
    monkeypatch.setattr(blocks, "BLOCK_ISSUES", 2**40)


def _split() -> tuple[list[str], int]:
    texts = list(exact_texts(seed_archive()))
    return texts, len(texts) * 2 // 3


@pytest.mark.parametrize("walked", [False, True])
def test_appended_gram_postings_are_the_postings_of_every_article(walked: bool) -> None:
    texts, first = _split()
    before, added, whole = (
        count_grams(texts[:first]),
        count_grams(texts[first:]),
        count_grams(texts),
    )
    for rows, lasts, runs, all_rows in (
        (before.characters, before.last_character, PAIRS, whole.characters),
        (before.positions, before.last_position, PLACES, whole.positions),
    ):
        piece = added.characters if runs == PAIRS else added.positions
        assert piece
        for name, row in piece.items():
            end = None if walked else lasts.get(name)
            old = payload(rows[name].tolist()) if name in rows else None
            appender = PostingAppender(row.tolist(), first, end, runs)
            assert appender(old) == payload(all_rows[name].tolist()), name


@pytest.mark.parametrize("walked", [False, True])
def test_appended_term_values_are_the_values_of_every_article(walked: bool) -> None:
    documents = list(lunr_documents(seed_archive()))
    first = len(documents) * 2 // 3
    before, added = count_terms(documents[:first]), count_terms(documents[first:])
    whole = count_terms(documents)
    for term in added.order:
        rows = [field.get(term) for field in added.postings]
        ends = [None if walked else field.get(term) for field in before.last]
        old = None
        if term in before.order:
            fields = [field[term].tolist() if term in field else [] for field in before.postings]
            old = payload([before.order[term], *fields])
        expected = [f[term].tolist() if term in f else [] for f in whole.postings]
        appender = TermAppender(whole.order[term], rows, first, ends)
        assert appender(old) == payload([whole.order[term], *expected]), term


def test_a_shard_file_is_patched_in_its_bytes_as_written_from_its_data() -> None:
    texts, first = _split()
    before, added, whole = (
        count_grams(texts[:first]),
        count_grams(texts[first:]),
        count_grams(texts),
    )
    names = sorted(set(before.positions) & set(added.positions))[:5]
    old = payload({name: before.positions[name].tolist() for name in names})
    new = payload({name: whole.positions[name].tolist() for name in names})
    data = script("p/3", old).encode()
    values = {
        name: PostingAppender(
            added.positions[name].tolist(), first, before.last_position[name], PLACES
        )
        for name in names
    }
    done = patched_file(data, dict(values))
    assert done is not None
    shard, grown = done
    assert shard.data == script("p/3", new).encode()
    assert shard.digest == text_digest(new)
    assert set(grown) == set(names) and all(size > 0 for size in grown.values())
    # A key new to the shard, or a script holding an escape, is left to the text path.
    assert patched_file(data, {"新键": values[names[0]]}) is None
    escaped = script("p/3", payload({"'a": [0, 1, 0], **{n: [1] for n in names}})).encode()
    assert patched_file(escaped, dict(values)) is None


def test_only_issues_newer_than_every_other_are_appended(
    two_issue_blocks: None, tmp_path: Path
) -> None:
    def refs(issues: tuple[str, ...], name: str) -> list:
        folder = copy_archive(tmp_path / name, issues)
        return search_blocks(load_archive(folder, related=False))

    three = block_refs(refs(tuple(SEED_IDS[:3]), "three"))
    grown = appended(three, refs(tuple(SEED_IDS[:4]), "four"))
    assert grown is not None and grown.grown == three[-1] and grown.first == len(three) - 1
    four = block_refs(refs(tuple(SEED_IDS[:4]), "four again"))
    after = appended(four, refs(tuple(SEED_IDS), "five"))
    assert after is not None and after.grown is None and after.first == len(four)
    assert after.end == four[-1].start + four[-1].size
    # An old issue put back among the others moves every later ref: no append.
    gap = block_refs(refs(tuple(i for i in SEED_IDS if i != SEED_IDS[1]), "gap"))
    assert appended(gap, refs(tuple(SEED_IDS), "filled")) is None


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.js"))}


def _not_merged(*_: object) -> None:
    raise AssertionError("the whole step was done")


@pytest.mark.slow  # writes indexes of two to four seed issues eight times
def test_issues_added_then_a_title_fixed_equal_a_clean_index(
    two_issue_blocks: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new test, not an existing build's: the blocks must be two issues each for both ways
    an issue is appended (into the last block, then as a block of its own), which no shared
    fixture builds. The first two issues, then the two newest: the first added opens a
    block of its own after theirs, the second goes into that block."""
    # Shard counts that stay as they are while the archive grows (64 of each kind): a kind
    # whose count doubles is written whole, as it must be.
    monkeypatch.setattr(shards, "SHARD_BYTES", 64)
    monkeypatch.setattr(shards, "MAX_SHARDS", 64)
    briefings = copy_archive(tmp_path / "briefings", tuple(SEED_IDS[:2]))
    cache, site = Cache(tmp_path / "cache"), tmp_path / "site"

    def build(name: str, forbidden: tuple[str, ...] = ()) -> dict[str, bytes]:
        """The index incremental (the steps named ``forbidden`` not done whole), checked
        equal to a clean one."""
        staging = tmp_path / name
        with monkeypatch.context() as patched:
            for step in forbidden:
                patched.setattr(search_module, step, _not_merged)
            write_search(load_archive(briefings, related=False), staging, cache, site)
        shutil.rmtree(site, ignore_errors=True)
        staging.rename(site)
        clean = tmp_path / f"{name}-clean"
        write_search(load_archive(briefings, related=False), clean, Cache(None))
        assert _files(site) == _files(clean)
        return _files(site)

    first = build("first")
    for issue in SEED_IDS[3:]:
        shutil.copytree(BRIEFINGS / issue, briefings / issue)
        assert build(f"with-{issue}", ("merged_grams", "merged_terms")) != first
    # A title fixed in the grown block is patched from the counts kept for it when it grew:
    # counts kept stale would give another index than the clean one. (The term step may be
    # done whole: a title's new word can number terms again.)
    records = briefings / SEED_IDS[3] / "records.yaml"
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  title: ") + len("\n  title: ")
    at += text[at] in "'\""
    records.write_text(text[:at] + "新" + text[at:], encoding="utf-8")
    build("fixed", ("merged_grams",))
