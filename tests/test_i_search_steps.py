"""A whole step of the search index (the term shards, the gram shards) is taken from the last
build of the site while no search block changed (``search.reuse.StepReuse``), done again when
one did or when a file of it changed since, and the index always equals a clean build's."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefgen.search as search
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import search_blocks, write_gram_files, write_term_files
from conftest import TWO_ISSUES, copy_archive


def _not_again(*_: object) -> None:
    raise AssertionError("counts merged for a step that could be taken")


def test_a_taken_step_merges_no_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One issue and no related lists (the index reads none): steps are taken or not whatever
    # the archive's size, and counting two issues cold cost this test twice as much.
    archive = load_archive(copy_archive(tmp_path / "briefings", TWO_ISSUES[:1]), related=False)
    blocks = search_blocks(archive)
    cache = Cache(tmp_path / "cache")
    last, now = tmp_path / "last", tmp_path / "now"
    terms = write_term_files(archive, blocks, last, cache, last)
    grams = write_gram_files(blocks, last, cache, last)
    monkeypatch.setattr(search, "merged_terms", _not_again)
    monkeypatch.setattr(search, "merged_grams", _not_again)
    assert write_term_files(archive, blocks, now, cache, last) == terms
    assert write_gram_files(blocks, now, cache, last) == grams
    written = sorted(str(p.relative_to(last)) for p in last.rglob("*.js"))
    assert sorted(str(p.relative_to(now)) for p in now.rglob("*.js")) == written
    assert all((now / name).stat().st_ino == (last / name).stat().st_ino for name in written)
    # Another build's blocks (one article fewer) are not the last build's: counted again.
    fewer = search_blocks(archive)[:-1]
    with pytest.raises(AssertionError, match="counts merged"):
        write_gram_files(fewer, tmp_path / "other", cache, last)


# No block changed (a source saved again) takes every step file; a changed title does the
# steps again: test_i_shown_records.py, on its rebuilds of the same edits. A step file changed
# since the last build (the same source saved again) is written again: test_i_shown_records.py,
# in the rebuild that also renders pages gone from the last site.

# An issue's number set writes its result files again (they show each issue's label, which no
# search block holds): test_t_article_reuse.py, in its rebuild of the same edit.
