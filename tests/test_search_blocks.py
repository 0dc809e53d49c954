"""Search counts made a block of issues at a time: merged, they are the one-pass counts; kept
in the cache, a rebuild recounts only the block whose articles changed."""

from __future__ import annotations

import json
from array import array
from dataclasses import asdict
from pathlib import Path

import pytest

from briefgen.archive import Archive, load_archive
from briefgen.cache import Cache
from briefgen.search import blocks, count_grams, exact_texts, index, search_documents, term_counts
from briefgen.search.blocks import (
    block_texts,
    merged_grams,
    merged_terms,
    pack,
    search_blocks,
    unpack,
)
from briefgen.search.counts import TermCounts
from briefgen.search.grams import GramCounts
from briefgen.search.index import article_text, search_entries
from conftest import BRIEFINGS, SEED_IDS, copy_archive, seed_archive


@pytest.fixture
def two_issue_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of two issues, so the five seed issues make three blocks (no id's hash ends one
    early: none is a multiple of 2**40)."""
    monkeypatch.setattr(blocks, "MAX_BLOCK_ISSUES", 2)
    monkeypatch.setattr(blocks, "BLOCK_ISSUES", 2**40)


def _plain_terms(counts: TermCounts) -> tuple:
    return (
        list(counts.order.items()),
        [{t: row.tolist() for t, row in field.items()} for field in counts.postings],
        [lengths.tolist() for lengths in counts.lengths],
        counts.documents,
        counts.last,
    )


def _plain_grams(grams: GramCounts) -> tuple:
    return (
        {c: row.tolist() for c, row in grams.characters.items()},
        {g: row.tolist() for g, row in grams.positions.items()},
        grams.last_character,
        grams.last_position,
    )


def test_blocks_are_whole_issues_oldest_first(two_issue_blocks: None) -> None:
    archive = seed_archive()
    found = search_blocks(archive)
    oldest_first = [issue.articles for issue in reversed(archive.issues)]
    assert len(found) == 3
    assert [b.entries for b in found] == [
        oldest_first[0] + oldest_first[1],
        oldest_first[2] + oldest_first[3],
        oldest_first[4],
    ]
    assert [b.start for b in found] == [0, len(found[0].entries), 86 - len(oldest_first[4])]


@pytest.mark.slow  # counts the seed archive's terms and grams whole
def test_merged_block_counts_are_the_one_pass_counts(two_issue_blocks: None) -> None:
    archive = seed_archive()
    found = search_blocks(archive)
    assert _plain_terms(merged_terms(found, archive, Cache(None))) == _plain_terms(
        term_counts(archive)
    )
    one_pass = count_grams(exact_texts(archive))
    assert _plain_grams(merged_grams(found, Cache(None))) == _plain_grams(one_pass)


def _with_body_changed(briefings: Path) -> Archive:
    """The archive after one word of one article of 2024-07-jiwei-chips was edited."""
    records = briefings / "2024-07-jiwei-chips" / "records.yaml"
    text = records.read_text(encoding="utf-8")
    assert "美国宣布芯片法案资助" in text
    records.write_text(text.replace("美国宣布芯片法案资助", "美国公布芯片法案资助", 1), "utf-8")
    return load_archive(briefings, related=False)


@pytest.mark.slow  # counts the seed archive's terms and grams whole
def test_a_rebuild_recounts_only_the_block_of_the_changed_issue(
    two_issue_blocks: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings = copy_archive(tmp_path / "briefings", tuple(SEED_IDS))
    cache = Cache(tmp_path / "cache")
    archive = load_archive(briefings, related=False)
    merged_terms(search_blocks(archive), archive, cache)
    merged_grams(search_blocks(archive), cache)

    counted: list[int] = []
    segmented: list[str] = []
    count_terms, count_grams_of = blocks.count_terms, blocks.count_grams
    segment = blocks.segment_fields
    monkeypatch.setattr(blocks, "count_terms", lambda docs: counted.append(1) or count_terms(docs))
    monkeypatch.setattr(
        blocks,
        "segment_fields",
        lambda ref, article, archive: (
            segmented.append(article.id) or segment(ref, article, archive)
        ),
    )
    monkeypatch.setattr(
        blocks, "count_grams", lambda texts: counted.append(2) or count_grams_of(texts)
    )
    # Unchanged: every block's counts come from the cache.
    merged_terms(search_blocks(archive), archive, cache)
    merged_grams(search_blocks(archive), cache)
    assert counted == []

    changed = _with_body_changed(briefings)
    changed_blocks = search_blocks(changed)
    before = {b.digest for b in search_blocks(archive)}
    assert [b.digest in before for b in changed_blocks].count(False) == 1
    terms = merged_terms(changed_blocks, changed, cache)
    grams = merged_grams(changed_blocks, cache)
    assert counted == [1, 2]
    # Only the changed article is cut into words again: its block's others are in its pack.
    edited = [
        entry.article.id
        for entry in search_entries(changed)
        if "美国公布芯片法案资助" in entry.article.title
    ]
    assert len(edited) == 1 and segmented == edited
    # The changed article's new words are counted, and the whole equals a clean count.
    assert "公布" in terms.order and "公布" in grams.positions
    assert _plain_terms(terms) == _plain_terms(term_counts(changed))
    assert _plain_grams(grams) == _plain_grams(count_grams(exact_texts(changed)))


def test_an_issue_added_or_removed_changes_only_the_block_it_is_in(
    two_issue_blocks: None, tmp_path: Path
) -> None:
    all_five = search_blocks(seed_archive())
    newest = SEED_IDS[-1]
    assert newest in {e.issue.id for e in all_five[-1].entries}
    fewer = copy_archive(tmp_path / "briefings", tuple(i for i in SEED_IDS if i != newest))
    four = search_blocks(load_archive(fewer, related=False))
    assert [b.digest for b in four][:2] == [b.digest for b in all_five][:2]
    assert four[-1].digest != all_five[-1].digest


def test_packed_tables_read_back_as_they_were() -> None:
    rows = {
        "postings": {"芯片": array("i", [0, 2, 31, 5, 1, 40]), "hbm": array("i", [7, 1, 9])},
        "empty": {},
        "lengths": {"0": array("i", []), "1": array("i", [3, -1, 2**31 - 1])},
    }
    values = {"order": {"芯片": 0, "hbm": 1, "a b": 2}, "nothing": {}}
    back_rows, back_values = unpack(pack(rows, values))
    assert back_rows == rows
    assert back_values == values
    assert list(back_values["order"]) == ["芯片", "hbm", "a b"]


def test_block_texts_are_each_articles_text_and_passages_and_are_kept(
    two_issue_blocks: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = seed_archive()
    cache = Cache(tmp_path / "cache")
    found = search_blocks(archive)
    made = [t for b in found for t in block_texts(b, cache)]
    assert made == [article_text(e.article) for e in search_entries(archive)]
    assert sum(len(t.passages) for t in made) > 500
    # Read back from the cache: the same texts, and no article's markdown parsed again.
    monkeypatch.setattr(blocks, "article_text", lambda article: pytest.fail("parsed again"))
    assert [t for b in found for t in block_texts(b, cache)] == made
    assert search_documents(archive, made) == search_documents(seed_archive())


@pytest.mark.slow  # every article of the seed archive
def test_an_articles_segment_inputs_are_every_field_as_asdict_gives_them() -> None:
    """The key of an article's segmentation spells out every field but its id and source
    lines, footnotes included, the same JSON as the standard library's ``asdict``."""
    archive = load_archive(BRIEFINGS, related=False)
    for entry in search_entries(archive):
        article = entry.article
        english = index._english(article, archive)
        expected = json.dumps(
            [asdict(article) | {"id": "", "lines": []}, english], ensure_ascii=False, sort_keys=True
        )
        assert index.segment_inputs(article, archive) == expected
    assert any(entry.article.footnotes for entry in search_entries(archive))
