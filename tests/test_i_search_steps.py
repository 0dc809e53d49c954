"""A whole step of the search index (the term shards, the gram shards) is taken from the last
build of the site while no search block changed (``search.reuse.StepReuse``), done again when
one did or when a file of it changed since, and the index always equals a clean build's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefgen.search as search
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import search_blocks, write_gram_files, write_term_files
from conftest import BRIEFINGS, THREE_ISSUES, Built, build_files
from sitecheck import step_files

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"


def _not_again(*_: object) -> None:
    raise AssertionError("counts merged for a step that could be taken")


def test_a_taken_step_merges_no_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = load_archive(BRIEFINGS)
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


def _edit(briefings: Path, old: str, new: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    edited = re.sub(old, new, text, count=1, flags=re.M)
    assert edited != text
    records.write_text(edited, encoding="utf-8")


#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = THREE_ISSUES


# No block changed (a source saved again) takes every step file; a changed title does the
# steps again: test_i_shown_records.py, on its rebuilds of the same edits.


@pytest.mark.slow
def test_a_step_file_changed_since_is_written_again(tmp_path: Path, built: Built) -> None:
    briefings, cache, site, files = built
    index = site / "static" / "search"
    gram = sorted((index / "g").glob("*.js"))[0]
    # Edited by hand to numbers of the same length: the file keeps its size.
    text = gram.read_text(encoding="utf-8")
    numbers = re.search(r"\[(\d)", text)
    assert numbers is not None
    digit = "1" if numbers[1] != "1" else "2"
    gram.write_text(text[: numbers.start(1)] + digit + text[numbers.end(1) :], encoding="utf-8")
    altered = gram.read_bytes()
    assert len(altered) == len(files[str(gram.relative_to(site))])
    _edit(briefings, r"^(  source_sha256: )\w+$", r"\g<1>" + "0" * 64)
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    name = str(gram.relative_to(site))
    assert after[name] == files[name] != altered


@pytest.mark.slow
def test_an_issue_number_set_writes_its_results_again(tmp_path: Path, built: Built) -> None:
    """The result files show each issue's label, which no search block holds."""
    briefings, cache, site, _ = built
    before = step_files(site)
    _edit(briefings, r"^(  number: )null$", r"\g<1>'7'")
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)
    now = step_files(site)
    assert any(name not in before for name in now if name.startswith("doc/"))
