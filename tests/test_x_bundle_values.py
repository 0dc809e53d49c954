"""Alias bundles after a title fixed by hand (``search.bundle_splice``): the fix moves every
later position of its article, so nearly every bundle reads a shard that changed, but only the
bundles whose own values changed (a name standing in the moved text, a term of a name in it)
are read back and spliced; the others are linked unread. The index equals a clean build's,
byte for byte, and a bundle file changed by hand in the old index is made again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import briefgen.search as search
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import bundles, hashed, patch, reuse, write_search
from briefgen.search.hashed import handed_name
from conftest import Indexed

pytestmark = pytest.mark.slow

CHANGED = "2024-07-jiwei-chips"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.js"))}


#: Files of the last ``_build`` that are hard links to the old index's.
linked: set[str] = set()


def _build(briefings: Path, site: Path, staging: Path, cache: Cache) -> dict[str, bytes]:
    """The index written to ``staging`` beside ``site``'s, then put in its place."""
    write_search(load_archive(briefings, related=False), staging, cache, site)
    written = _files(staging)
    linked.clear()
    linked.update(name for name in written if (staging / name).stat().st_nlink > 1)
    shutil.rmtree(site, ignore_errors=True)
    staging.rename(site)
    return written


def _bundles(files: dict[str, bytes]) -> dict[str, bytes]:
    """The alias bundle files by what they hand their data over as (``a/12``)."""
    return {handed_name(n.removesuffix(".js")): d for n, d in files.items() if n.startswith("a/")}


def _fix_title(briefings: Path) -> None:
    """A character put before the first title of the issue: every later position moves."""
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  title: ") + len("\n  title: ")
    at += text[at] in "'\""
    records.write_text(text[:at] + "新" + text[at:], encoding="utf-8")


def _bundles_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The alias bundle files read back from the old index (``hashed.read_payload``)."""
    read: list[str] = []
    read_payload = hashed.read_payload

    def counted(folder: Path, name: str) -> str:
        if name.startswith("a/"):
            read.append(handed_name(name))
        return read_payload(folder, name)

    monkeypatch.setattr(hashed, "read_payload", counted)
    monkeypatch.setattr(reuse, "read_payload", counted)
    return read


@pytest.fixture
def setting(first_index: Indexed) -> tuple[Path, Cache, Path]:
    """Two issues' records, and their first index (conftest ``KeptIndex``) and its cache."""
    briefings, cache, site = first_index
    return briefings, Cache(cache), site


#: Clean indexes made in this module, by the records they were made from: the tests that
#: make the same fix compare with the same clean index.
_clean_indexes: dict[str, dict[str, bytes]] = {}


def _clean(briefings: Path, folder: Path) -> dict[str, bytes]:
    """The index of ``briefings`` written without a cache."""
    records = (briefings / CHANGED / "records.yaml").read_text(encoding="utf-8")
    if records not in _clean_indexes:
        write_search(load_archive(briefings, related=False), folder, Cache(None))
        _clean_indexes[records] = _files(folder)
    return _clean_indexes[records]


def test_a_title_fix_reads_and_splices_only_the_bundles_whose_values_changed(
    setting: tuple[Path, Cache, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site = setting
    before = _files(site)
    _fix_title(briefings)
    read = _bundles_read(monkeypatch)
    after = _build(briefings, site, tmp_path / "fixed", cache)
    monkeypatch.undo()
    assert after == _clean(briefings, tmp_path / "clean")

    old, new = _bundles(before), _bundles(after)
    assert old.keys() == new.keys()
    changed = {name for name in new if new[name] != old[name]}
    # The fix reaches some bundles and not others: both kinds are looked at here.
    assert changed and changed != new.keys()
    # Those read back are those that changed (spliced in their text), each once; the others
    # are linked without being read.
    assert sorted(read) == sorted(changed)
    # The others are the old index's files, linked.
    assert {n for n in after if n.startswith("a/") and handed_name(n[:-3]) not in changed} <= linked


def test_an_old_bundle_changed_by_hand_is_made_again(
    setting: tuple[Path, Cache, Path], tmp_path: Path
) -> None:
    briefings, cache, site = setting
    first = _files(site)
    spoiled = sorted(site.glob("a/*.js"))[0]
    spoiled.write_text(spoiled.read_text(encoding="utf-8").replace("[", "[9,", 1), "utf-8")
    assert _build(briefings, site, tmp_path / "again", cache) == first
    _fix_title(briefings)
    first = _build(briefings, site, tmp_path / "fixed", cache)
    spoiled = sorted(site.glob("a/*.js"))[-1]
    spoiled.write_text(spoiled.read_text(encoding="utf-8").replace("[", "[9,", 1), "utf-8")
    _fix_title(briefings)
    fixed = _build(briefings, site, tmp_path / "fixed again", cache)
    assert fixed == _clean(briefings, tmp_path / "clean")


def test_a_term_step_done_whole_still_says_which_terms_changed(
    setting: tuple[Path, Cache, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the term shards cannot be patched (here: no numbering worked out again), the
    step merges every block, and says which terms' postings changed (renumbered ones too,
    ``patch.whole_term_changes``): the bundles are still spliced, not made whole."""
    briefings, cache, site = setting
    before = _files(site)
    _fix_title(briefings)
    monkeypatch.setattr(patch, "_renumbered", lambda *_: None)
    monkeypatch.setattr(patch, "numbering_kept", lambda *_: False)
    merged: list[bool] = []
    merged_terms = search.merged_terms

    def counted(*args: object) -> object:
        merged.append(True)
        return merged_terms(*args)

    monkeypatch.setattr(search, "merged_terms", counted)
    monkeypatch.setattr(bundles, "_bundle", _not_made_whole)
    read = _bundles_read(monkeypatch)
    after = _build(briefings, site, tmp_path / "fixed", cache)
    monkeypatch.undo()
    assert merged
    assert after == _clean(briefings, tmp_path / "clean")
    old, new = _bundles(before), _bundles(after)
    assert sorted(read) == sorted(name for name in new if new[name] != old[name])


def _not_made_whole(*_: object) -> None:
    raise AssertionError("an alias bundle made whole")
