"""Places read lazily (search-places.js): the same counts and spans as decoding them all.

An alias bundle's places ([ref delta, n, first start, n - 1 deltas, …] a name) are decoded
only when a query reads their spans, and several names' places in one article are merged only
then. Checked under node against the places worked out here from random lists: every ref,
count and (start, end) span, in the order the page reads them.
"""

from __future__ import annotations

import json
import random
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest

PLACES_JS = Path(__file__).resolve().parent.parent / "templates" / "static" / "search-places.js"


def _encoded(starts: dict[int, list[int]]) -> list[int]:
    """A name's places as a bundle holds them."""
    flat: list[int] = []
    last = 0
    for ref in sorted(starts):
        at = sorted(starts[ref])
        flat += [ref - last, len(at), at[0], *(b - a for a, b in pairwise(at))]
        last = ref
    return flat


def _random_names(rng: random.Random) -> list[tuple[str, dict[int, list[int]]]]:
    names = []
    for length in rng.sample(range(2, 9), rng.randint(1, 4)):
        refs = rng.sample(range(60), rng.randint(1, 40))
        starts = {ref: rng.sample(range(300), rng.randint(1, 6)) for ref in refs}
        names.append(("x" * length, starts))
    return names


def _expected(names: list[tuple[str, dict[int, list[int]]]]) -> dict[str, list]:
    """ref → [count, starts, ends] of the names together, spans by start, then end."""
    out: dict[int, list[tuple[int, int]]] = {}
    for name, starts in names:
        for ref, at in starts.items():
            out.setdefault(ref, []).extend((s, s + len(name)) for s in at)
    return {
        str(ref): [len(spans), [s for s, _ in sorted(spans)], [e for _, e in sorted(spans)]]
        for ref, spans in out.items()
    }


SEEDS = range(6)


def _page(cases: list[list[tuple[str, dict[int, list[int]]]]]) -> list[dict[str, list]]:
    """The page's places of each case's names together, under node: one process for every
    case (a node start costs more than the cases)."""
    given = [[[len(n), _encoded(s)] for n, s in names] for names in cases]
    script = (
        f"const places = require({json.dumps(str(PLACES_JS))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map((names) => {"
        "const all = places.union(names.map(([length, flat]) => places.placesFrom(flat, length)));"
        "const out = {};"
        "all.forEach((place, ref) => { out[ref] = [place.count, place.starts, place.ends]; });"
        "return out; })));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def read_by_page() -> dict[int, dict[str, list]]:
    """What the page reads of each seed's names."""
    return dict(zip(SEEDS, _page([_random_names(random.Random(s)) for s in SEEDS]), strict=True))


@pytest.mark.parametrize("seed", SEEDS)
def test_lazy_places_read_as_decoded_and_merged_ones(
    seed: int, read_by_page: dict[int, dict[str, list]]
) -> None:
    names = _random_names(random.Random(seed))
    assert read_by_page[seed] == _expected(names)
