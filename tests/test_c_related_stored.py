"""The related articles' last run kept as a base and what changed since (``StoredRun``): read
back after edits it is the run a clean run leaves, and a title fix writes no new base."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen.cache import Cache
from briefgen.related import Document, LastRun, related_again
from briefgen.related.stored_run import Changes, StoredRun
from conftest import related_documents

#: Related articles found over the whole seed archive, several times (as test_related_cache).
pytestmark = pytest.mark.slow

ENTRY = "the run"


def _kept(cache: Cache, this: LastRun, read: StoredRun) -> StoredRun:
    """``this`` kept as ``read`` says (its head under ``ENTRY``), and read back."""
    cache.put_bytes("related", ENTRY, read.head(this))
    return StoredRun.read(cache, ENTRY)


def _same(stored: LastRun | None, fresh: LastRun) -> None:
    assert stored is not None
    for field in dataclasses.fields(LastRun):
        assert getattr(stored, field.name) == getattr(fresh, field.name), field.name


def _retitled(documents: list[Document], k: int, more: str) -> list[Document]:
    edited = list(documents)
    edited[k] = dataclasses.replace(documents[k], title=documents[k].title + more)
    return edited


def test_edits_are_kept_as_changes_to_one_base_and_read_back_as_a_clean_run(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path / "cache")
    bases = tmp_path / "cache" / "related-base"
    documents = related_documents()
    _, first = related_again(documents, None, cache=cache)
    read = _kept(cache, first, StoredRun(cache, ENTRY))
    _same(read.last, first)
    [base] = bases.rglob("*.bin")
    # Two title fixes in turn, each with words no article had (their rarity changes, so other
    # articles' kept words and lists do too), then one undone: each read back equals a clean
    # run of the same documents, and the base is the first run's, untouched.
    for edited in (
        _retitled(documents, 20, "量子芯片"),
        _retitled(_retitled(documents, 20, "量子芯片"), 50, "光刻机出口管制"),
        _retitled(documents, 50, "光刻机出口管制"),
    ):
        _, this = related_again(edited, read.last, cache=cache)
        read = _kept(cache, this, read)
        assert isinstance(read.changes, Changes) and 0 < read.changes.size()
        _, fresh = related_again(edited, None)
        _same(read.last, fresh)
        assert list(bases.rglob("*.bin")) == [base]
    # An added article weighs every article again: a new base.
    _, this = related_again(documents[1:], read.last, cache=cache)
    read = _kept(cache, this, read)
    assert len(list(bases.rglob("*.bin"))) == 2
    assert read.changes is not None and read.changes.size() == 0
    _same(read.last, related_again(documents[1:], None)[1])


def test_a_head_whose_base_is_gone_reads_as_no_run(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    _, run = related_again(related_documents()[:30], None)
    _kept(cache, run, StoredRun(cache, ENTRY))
    for base in (tmp_path / "cache" / "related-base").rglob("*.bin"):
        base.unlink()
    assert StoredRun.read(cache, ENTRY).last is None
