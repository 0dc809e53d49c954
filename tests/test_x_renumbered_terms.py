"""A title fix that brings a word no article had, or takes away the only one: lunr's term
index of every later term moves (``search.renumber``), and the term shards are patched with
the new numbers instead of merged whole; the index equals a clean build's, byte for byte."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import briefgen.search as search
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import write_search
from conftest import Indexed

pytestmark = pytest.mark.slow

#: The issue whose first title is fixed: the later of the two, so terms come after it.
CHANGED = "2024-07-jiwei-chips"
#: A word no article of the archive holds.
NEW_WORD = "鑫淼"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.js"))}


def _build(briefings: Path, site: Path, staging: Path, cache: Cache) -> dict[str, bytes]:
    write_search(load_archive(briefings, related=False), staging, cache, site)
    written = _files(staging)
    shutil.rmtree(site, ignore_errors=True)
    staging.rename(site)
    return written


def _clean(briefings: Path, folder: Path) -> dict[str, bytes]:
    write_search(load_archive(briefings, related=False), folder, Cache(None))
    return _files(folder)


def _title(briefings: Path, change: str) -> None:
    """``change`` put before the issue's first title, or taken from before it ("-")."""
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  title: ") + len("\n  title: ")
    at += text[at] in "'\""
    if change == "-":
        assert text[at : at + len(NEW_WORD) + 1] == NEW_WORD + "，"
        text = text[:at] + text[at + len(NEW_WORD) + 1 :]
    else:
        text = text[:at] + change + text[at:]
    records.write_text(text, encoding="utf-8")


def _not_merged(*_: object) -> None:
    raise AssertionError("term counts merged where one block changed")


def _term_numbers(files: dict[str, bytes]) -> dict[str, int]:
    """Each term's lunr index, from the term shards' text."""
    numbers: dict[str, int] = {}
    for name, data in files.items():
        if name.startswith("t/"):
            text = data.decode()
            literal = text[text.index("JSON.parse('") + 12 : text.rindex("'));")]
            shard = json.loads(re.sub(r"\\(['/\\])", r"\1", literal))
            numbers |= {term: value[0] for term, value in shard.items()}
    return numbers


def test_a_new_word_and_its_removal_renumber_the_terms_and_patch_the_shards(
    first_index: Indexed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two issues' first index and its cache (conftest ``KeptIndex``).
    briefings, cache_folder, site = first_index
    cache = Cache(cache_folder)
    before = _files(site)
    old = _term_numbers(before)
    assert NEW_WORD not in old

    _title(briefings, NEW_WORD + "，")
    with monkeypatch.context() as patched:
        patched.setattr(search, "merged_terms", _not_merged)
        added = _build(briefings, site, tmp_path / "added", cache)
    assert added == _clean(briefings, tmp_path / "clean added")
    new = _term_numbers(added)
    # The new word is numbered where its block first meets it, and later terms move on.
    assert NEW_WORD in new
    moved = [term for term in old if new[term] != old[term]]
    assert moved and all(new[term] == old[term] + 1 for term in moved)

    _title(briefings, "-")
    with monkeypatch.context() as patched:
        patched.setattr(search, "merged_terms", _not_merged)
        removed = _build(briefings, site, tmp_path / "removed", cache)
    assert removed == _clean(briefings, tmp_path / "clean removed")
    assert _term_numbers(removed) == old
