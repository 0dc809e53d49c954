"""Alias bundles: one file holds what a query for a name with aliases needs of the index.

Checked against the articles themselves: every place a bundle gives for a name is where the
name stands in the article's folded text, found here by plain string search; and its terms
are the terms lunr.py's index has for the name's pieces, with the postings the term shards
hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.search import (
    alias_table,
    bucket,
    build_index,
    learned_aliases,
    query_terms,
    search_documents,
)
from briefgen.search.bundles import bundle_numbers
from conftest import seed_archive
from test_search_index import read_index_file

pytestmark = pytest.mark.slow  # builds the seed site


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    """The terms of lunr.py's index of the seed archive (the reference, not the shards)."""
    return set(build_index(seed_archive()).inverted_index)


def _starts(text: str, name: str) -> list[int]:
    """Every position where ``name`` starts in ``text``, overlapping ones too."""
    starts = []
    at = text.find(name)
    while at >= 0:
        starts.append(at)
        at = text.find(name, at + 1)
    return starts


def _decoded(flat: list[int]) -> dict[int, list[int]]:
    """[ref delta, n, first, n - 1 deltas, …] → ref → starts."""
    out: dict[int, list[int]] = {}
    ref = at = 0
    while at < len(flat):
        ref += flat[at]
        n = flat[at + 1]
        position, starts = 0, []
        for delta in flat[at + 2 : at + 2 + n]:
            position += delta
            starts.append(position)
        out[ref] = starts
        at += 2 + n
    return out


def _file(folder: Path, manifest: dict, kind: str, key: str) -> dict:
    count = manifest["shards"][kind]
    if kind == "a":
        number = bundle_numbers(manifest["words"]["aliases"], count)[key]
    else:
        number = bucket(key, count)
    run = number // (count // len(manifest["hashes"][kind]))
    path = folder / kind / f"{number}.{manifest['hashes'][kind][run]}.js"
    data = read_index_file(path) if path.exists() else {}
    assert isinstance(data, dict)
    return data


def test_bundles_hold_each_alias_names_places_and_terms(
    seed_site: Path, vocabulary: set[str]
) -> None:
    folder = seed_site / "static" / "search"
    manifest = read_index_file(folder / "manifest.js")
    assert isinstance(manifest, dict)
    documents = search_documents(seed_archive())
    texts = [doc.exact_text() for doc in documents]
    aliases = alias_table(seed_archive().glossary, learned_aliases(documents))
    assert manifest["words"]["aliases"] == aliases and len(aliases) > 20
    found_somewhere = 0
    for key, others in aliases.items():
        bundle = _file(folder, manifest, "a", key)[key]
        names = [key, *others]
        assert set(bundle["places"]) | set(bundle["counts"]) == set(names), key
        for name in bundle["places"]:
            expected = {ref: _starts(text, name) for ref, text in enumerate(texts)}
            expected = {ref: starts for ref, starts in expected.items() if starts}
            assert _decoded(bundle["places"][name]) == expected, name
            found_somewhere += bool(expected)
        wanted = {t for name in names for t in query_terms(name, vocabulary) if t in vocabulary}
        assert set(bundle["terms"]) == wanted, key
        for term, postings in bundle["terms"].items():
            assert _file(folder, manifest, "t", term[:2])[term] == postings
    assert found_somewhere > 20  # names that stand in the seed articles, not only absent ones
