"""The search stage's reuse across builds: alias places and learned aliases come from the cache
while their inputs are unchanged, and the index files are byte for byte those of a run
without a cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import aliases, bundles, write_search
from conftest import THREE_ISSUES, copy_archive

pytestmark = pytest.mark.slow


def _search(briefings: Path, folder: Path, cache: Cache) -> dict[str, bytes]:
    write_search(load_archive(briefings, related=False), folder, cache)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.js"))}


def _counted(function: Callable, calls: list[str]) -> Callable:
    def wrapper(*args: object) -> object:
        calls.append(str(args[0]))
        return function(*args)

    return wrapper


def test_alias_places_are_worked_out_again_only_where_their_grams_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings = copy_archive(tmp_path / "briefings", THREE_ISSUES)
    cache = Cache(tmp_path / "cache")
    clean = _search(briefings, tmp_path / "clean", Cache(None))
    places: list[str] = []
    learned: list[str] = []
    monkeypatch.setattr(bundles, "exact_starts", _counted(bundles.exact_starts, places))
    monkeypatch.setattr(aliases, "learned_aliases", _counted(aliases.learned_aliases, learned))
    assert _search(briefings, tmp_path / "cold", cache) == clean
    every_name = len(places)
    assert every_name > 50 and learned

    # Nothing changed: every name's places and every block's pairs come from the cache.
    places.clear()
    learned.clear()
    assert _search(briefings, tmp_path / "warm", cache) == clean
    assert places == [] and learned == []

    # One article gains a sentence near its start: the grams of that sentence move in it, so
    # the names standing in that article (or built of those grams) are worked out again.
    records = briefings / "2024-07-jiwei-chips" / "records.yaml"
    text = records.read_text(encoding="utf-8")
    body = "  body: |-\n    "
    at = text.index(body) + len(body)
    records.write_text(text[:at] + "美国国家科学基金会（NSF）表示，" + text[at:], "utf-8")
    places.clear()
    changed = _search(briefings, tmp_path / "changed", cache)
    again = list(places)
    assert changed == _search(briefings, tmp_path / "changed-clean", Cache(None))
    assert changed != clean
    # Names none of whose grams stand in that article keep their places (most of them).
    assert 0 < len(again) < every_name * 3 / 4
    assert "美国国家科学基金会" in again or "nsf" in again
