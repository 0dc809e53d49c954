"""An alias bundle's places read as a table (search-places.js ``placesFrom``), and ranking
from it (search-rank.js ``matches``, ``bestPhrased``): the same as from decoded places.

A common name stands in thousands of articles: its places are kept as the bundle's list with
each article's run found when asked for (get, has), not a Map of a place per
article, and ranking reads the phrase's counts into an array. Checked under node, in one
process for every seed, against what is worked out here from random lists: each article's
count and spans as the Map-like table answers them, and the hits of a query of one clause
(every article where a name stands; tier 3 where the phrase stands, 1 where a name is in the
title, else 0), with the top result ``bestPhrased`` tells.
"""

from __future__ import annotations

import json
import random
import subprocess
from itertools import pairwise
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"
DOCUMENTS = 80

SCRIPT = """
const places = require(%(places)s);
const rank = require(%(rank)s);
const cases = require(%(cases)s);
const out = cases.map(({length, flat, other, scored, values, titled}) => {
  const table = places.placesFrom(flat, length);
  const read = {size: table.size, get: {}, has: [], eachCount: [], eachRef: []};
  for (let ref = 0; ref < %(documents)d; ref++) {
    const place = table.get(ref);
    if (place) read.get[ref] = [place.count, place.starts, place.ends];
    if (table.has(ref)) read.has.push(ref);
  }
  table.eachCount((count, ref) => read.eachCount.push([ref, count]));
  places.eachRef(table, (ref) => read.eachRef.push(ref));
  const names = new places.Presence(%(documents)d);
  places.eachRef(table, (ref) => names.add(ref));
  places.eachRef(places.placesFrom(other, length + 1), (ref) => names.add(ref));
  const of = new Float64Array(%(documents)d);
  scored.forEach((ref, k) => { of[ref] = values[k]; });
  const found = {
    scores: {refs: scored, of: of},
    places: [names],
    phrase: table,
    excluded: new Set(),
    titled: [new Set(titled)],
  };
  return {read, hits: rank.matches(["x"], found), top: rank.bestPhrased(found)};
});
console.log(JSON.stringify(out));
"""


def _encoded(starts: dict[int, list[int]]) -> list[int]:
    """A name's places as a bundle holds them: [ref delta, n, first start, n - 1 deltas, …]."""
    flat: list[int] = []
    last = 0
    for ref in sorted(starts):
        at = sorted(starts[ref])
        flat += [ref - last, len(at), at[0], *(b - a for a, b in pairwise(at))]
        last = ref
    return flat


def _case(rng: random.Random) -> dict:
    length = rng.randint(2, 6)
    starts = {
        ref: rng.sample(range(300), rng.randint(1, 5))
        for ref in rng.sample(range(DOCUMENTS), rng.randint(1, 50))
    }
    other = {ref: [rng.randrange(300)] for ref in rng.sample(range(DOCUMENTS), rng.randint(0, 30))}
    scored = rng.sample(range(DOCUMENTS), rng.randint(0, 60))
    # Scores from a few values, so ties (broken by the phrase's count, then the ref) occur.
    scores = {ref: rng.choice([0.5, 1.25, 2.0, 3.75]) for ref in scored}
    titled = rng.sample(range(DOCUMENTS), rng.randint(0, 20))
    return {
        "length": length,
        "starts": starts,
        "flat": _encoded(starts),
        "other": _encoded(other),
        "others": sorted(other),
        "scored": scored,
        "values": [scores[ref] for ref in scored],
        "titled": titled,
    }


def _expected_hits(case: dict) -> dict:
    """matches()'s answer for one clause, worked out here: every article met (the scored
    ones in their order, then those where a name stands), full where a name stands."""
    starts, scores = case["starts"], dict(zip(case["scored"], case["values"], strict=True))
    named = [*sorted(starts), *(ref for ref in case["others"] if ref not in starts)]
    full, partial = [], []
    for ref in dict.fromkeys([*scores, *named]):
        count = len(starts.get(ref, []))
        tier = 3 if count else 1 if ref in case["titled"] else 0
        hit = {"ref": ref, "score": scores.get(ref, 0), "tier": tier, "count": count}
        (full if ref in named else partial).append(hit)
    return {"hits": full, "partial": partial}


def _expected_top(case: dict) -> int:
    starts, scores = case["starts"], dict(zip(case["scored"], case["values"], strict=True))
    best = sorted(starts, key=lambda ref: (-scores.get(ref, 0), -len(starts[ref]), ref))
    return best[0] if best else -1


def test_places_table_reads_and_ranks_as_decoded_places(tmp_path: Path) -> None:
    rng = random.Random(34)
    cases = [_case(rng) for _ in range(40)]
    given = tmp_path / "cases.json"
    given.write_text(json.dumps(cases), encoding="utf-8")
    script = SCRIPT % {
        "places": json.dumps(str(STATIC / "search-places.js")),
        "rank": json.dumps(str(STATIC / "search-rank.js")),
        "cases": json.dumps(str(given)),
        "documents": DOCUMENTS,
    }
    done = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    for case, answer in zip(cases, json.loads(done.stdout), strict=True):
        starts, length = case["starts"], case["length"]
        refs = sorted(starts)
        assert answer["read"]["size"] == len(refs)
        assert answer["read"]["has"] == refs
        assert answer["read"]["eachRef"] == refs
        assert answer["read"]["eachCount"] == [[ref, len(starts[ref])] for ref in refs]
        assert answer["read"]["get"] == {
            str(ref): [len(at), sorted(at), [s + length for s in sorted(at)]]
            for ref, at in starts.items()
        }
        assert answer["hits"] == _expected_hits(case)
        assert answer["top"] == _expected_top(case)
