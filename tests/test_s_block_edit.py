"""What a title fix keeps and reuses in the search step, checked against counting afresh.

A block's gram counts after a few of its articles changed are made from its kept counts, the
changed articles counted alone (``block_edit``), which articles changed read from the
articles' keys kept with the counts; a posting is spliced as text (``posting_text``); the
facets file is taken from the last build while every article's facet fields are as they were.
Each is checked over a run of edits against what a clean count or write makes: a kept entry
reused where it no longer holds would show.
"""

from __future__ import annotations

import json
import random
import re
from itertools import pairwise
from pathlib import Path

import pytest

from briefgen.archive import Archive, Entry, load_archive
from briefgen.cache import Cache
from briefgen.search import blocks, count_grams, results
from briefgen.search.blocks import edited_block_grams, kept_grams, merged_grams, search_blocks
from briefgen.search.grams import GramCounts
from briefgen.search.index import exact_text, facet_fields
from briefgen.search.manifest import write_facets
from briefgen.search.posting_text import PAIRS, PLACES, splice_text
from briefgen.search.splice import pair_width, places_width, splice
from conftest import TWO_ISSUES, copy_archive, retitle

CHANGED = "2024-07-jiwei-chips"
TITLES = [
    "美国宣布芯片法案资助的首批研发设施及遴选程序",
    "美国公布芯片法案资助的首批研发设施及遴选程序",
    "新美国公布芯片法案资助的首批研发设施及遴选程序",
]


def _plain(grams: GramCounts) -> tuple:
    return (
        {c: row.tolist() for c, row in grams.characters.items()},
        {g: row.tolist() for g, row in grams.positions.items()},
        grams.last_character,
        grams.last_position,
    )


def _changed_block(before: Archive, after: Archive) -> tuple[blocks.Block, str]:
    """The one block whose digest changed, and its old digest."""
    old = {b.start: b.digest for b in search_blocks(before)}
    changed = [b for b in search_blocks(after) if old[b.start] != b.digest]
    assert len(changed) == 1
    return changed[0], old[changed[0].start]


def test_a_blocks_grams_after_title_fixes_are_its_kept_counts_with_the_article_counted_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three fixes in a row, the last back to a title counted before (its counts kept):
    each time the block equals a clean count of its articles, only the changed article is
    counted, and what the step reads of the change (the keys whose rows changed, the
    article's places before) is what the two clean counts say."""
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    cache = Cache(tmp_path / "cache")
    archive = load_archive(briefings, related=False)
    merged_grams(search_blocks(archive), cache)
    counted: list[int] = []
    count = blocks.count_grams
    monkeypatch.setattr(blocks, "count_grams", lambda texts: counted.append(1) or count(texts))
    for old_title, new_title in [
        (TITLES[0], TITLES[1]),
        (TITLES[1], TITLES[2]),
        (TITLES[2], TITLES[1]),
    ]:
        retitle(briefings, CHANGED, old_title, new_title)
        fixed = load_archive(briefings, related=False)
        block, old_digest = _changed_block(archive, fixed)
        old = kept_grams(old_digest, cache)
        assert old is not None
        made, edited = edited_block_grams(block, old_digest, old, cache)
        clean = count_grams(exact_text(entry) for entry in block.entries)
        assert _plain(made) == _plain(clean)
        assert kept_grams(block.digest, cache) is not None
        assert edited is not None and counted == []  # the block was not counted whole
        (ref,) = edited.articles
        assert new_title in block.entries[ref].article.title
        was = count_grams([exact_text(_entry_of(archive, block.start + ref))])
        assert {g: row.tolist() for g, row in edited.old_positions[ref].items()} == {
            g: row.tolist() for g, row in was.positions.items()
        }
        for kind, rows in (("g", lambda c: c.characters), ("p", lambda c: c.positions)):
            differ = {
                k
                for k in rows(old).keys() | rows(clean).keys()
                if rows(old).get(k) != rows(clean).get(k)
            }
            assert edited.changed[kind] == differ
        archive = fixed


def _entry_of(archive: Archive, ref: int) -> Entry:
    return [entry for block in search_blocks(archive) for entry in block.entries][ref]


def _runs(rng: random.Random, refs: list[int], places: bool) -> list[int]:
    flat, last = [], 0
    for ref in refs:
        flat.append(ref - last)
        last = ref
        if places:
            at = sorted(rng.sample(range(500), rng.randint(1, 4)))
            flat += [len(at), at[0], *(b - a for a, b in pairwise(at))]
        else:
            flat.append(rng.randint(1, 9))
    return flat


@pytest.mark.parametrize("seed", range(4))
def test_a_posting_spliced_as_text_is_the_spliced_posting_encoded(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        places = rng.random() < 0.5
        old = _runs(rng, sorted(rng.sample(range(200), rng.randint(0, 30))), places)
        start, size = rng.randint(0, 210), rng.randint(1, 20)
        new = _runs(rng, sorted(rng.sample(range(size), rng.randint(0, min(size, 4)))), places)
        want = splice(old, new, start, size, places_width if places else pair_width)
        text = json.dumps(old, separators=(",", ":")) if old else None
        got = splice_text(text, new, start, size, PLACES if places else PAIRS)
        assert got == (json.dumps(want, separators=(",", ":")) if want else None)


def test_the_facets_file_is_taken_only_while_every_articles_facet_fields_are_as_they_were(
    tmp_path: Path,
) -> None:
    """Written, taken unchanged (a link to the last build's file) after a title fix, and
    written again, as a clean write makes it, once an article's tags change."""
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    cache, previous = Cache(tmp_path / "cache"), tmp_path / "site"
    previous.mkdir()

    def built(archive: Archive, number: int) -> tuple[bytes, bool]:
        """The facets file written, and whether it is the last build's file (a link)."""
        folder = tmp_path / f"index{number}"
        file = f"{results._facets(archive, folder, cache, previous)}.js"
        kept = previous / file
        linked = kept.exists() and (folder / file).stat().st_ino == kept.stat().st_ino
        data = (folder / file).read_bytes()
        for old in previous.iterdir():  # the build puts the new index in place
            old.unlink()
        (previous / file).write_bytes(data)
        return data, linked

    first, linked = built(load_archive(briefings, related=False), 1)
    assert not linked
    retitle(briefings, CHANGED, TITLES[0], TITLES[1])
    assert built(load_archive(briefings, related=False), 2) == (first, True)
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(re.sub(r"^  tags: \[\]$", "  tags: [半导体]", text, count=1, flags=re.M))
    tagged = load_archive(briefings, related=False)
    written, linked = built(tagged, 3)
    clean = tmp_path / "clean"
    want = clean / f"{write_facets(tagged, facet_fields(tagged), clean)}.js"
    assert not linked and written == want.read_bytes() != first
