"""Where a name stands, worked out from its grams' positions (``places.exact_starts``), is
where it stands in the text: checked against ``str.find`` over random texts of a small
alphabet (many overlapping and repeated names) and over the seed archive's articles."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from briefgen.archive import load_archive
from briefgen.search import places
from briefgen.search.grams import count_grams
from briefgen.search.index import exact_text, search_entries
from briefgen.search.places import exact_starts
from conftest import BRIEFINGS


def _found_in(texts: list[str], name: str) -> list[int]:
    """[ref delta, n, first start, n - 1 deltas, …] of every start of ``name``, overlapping
    ones too, found by scanning the texts."""
    flat: list[int] = []
    last_ref = 0
    for ref, text in enumerate(texts):
        starts = []
        at = text.find(name)
        while at >= 0:
            starts.append(at)
            at = text.find(name, at + 1)
        if starts:
            deltas = [b - a for a, b in pairwise(starts)]
            flat += [ref - last_ref, len(starts), starts[0], *deltas]
            last_ref = ref
    return flat


def _places(texts: list[str], name: str) -> list[int]:
    positions = count_grams(texts).positions
    return exact_starts(name, lambda gram: positions[gram].tolist() if gram in positions else None)


#: Both ways places are worked out: every gram's on numpy arrays, and every gram's in Python
#: (``places.SMALL_ENTRIES``, the most numbers worked out in Python).
WAYS = {"numpy": 0, "python": 10**9}


@pytest.fixture(params=WAYS)
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "SMALL_ENTRIES", WAYS[request.param])


@pytest.mark.parametrize("seed", range(8))
def test_places_are_the_names_starts_in_random_texts(seed: int, way: None) -> None:
    chance = random.Random(seed)
    alphabet = "芯片法案出口管制 "[: chance.randint(3, 9)]
    texts = [
        "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 400)))
        for _ in range(chance.randint(1, 60))
    ]
    names = {
        "".join(chance.choice(alphabet) for _ in range(chance.randint(2, 7))) for _ in range(40)
    }
    for name in sorted(names):
        assert _places(texts, name) == _found_in(texts, name), name


@pytest.mark.slow  # the whole seed archive's grams
def test_places_are_the_names_starts_in_the_seed_archive(way: None) -> None:
    archive = load_archive(BRIEFINGS, related=False)
    texts = [exact_text(entry) for entry in search_entries(archive)]
    names = ["芯片法案", "出口管制", "美国国家科学基金会", "人工智能", "半导体", "HBM"]
    names.append("量子计算机")
    for name in names:
        expected = _found_in(texts, name)
        assert _places(texts, name) == expected, name
    assert sum(bool(_found_in(texts, name)) for name in names) >= 5
