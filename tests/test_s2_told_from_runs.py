"""The top result of a query of one alias key is told before its phrase's places are a Map.

A query like 人工智能 (one clause, an alias bundle holding its places) has its top result
known from the scores and the phrase's places: the page fetches that result's file, and the
rest are ranked once it is in. The phrase's places were made into a Map of every article
holding it first (thousands at 20,000 articles) though only the top was needed then; the top
is now read from the places as the bundle holds them (``bestInRuns`` in search-rank.js), and
the Map made once the file is asked for. The answer is the same: bestInRuns agrees with
bestPhrased on any places, and test_w_large_ranking checks the early top against the ranking.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import ROOT

RANK_JS = ROOT / "templates" / "static" / "search-rank.js"
PLACES_JS = ROOT / "templates" / "static" / "search-places.js"
FILES_JS = ROOT / "tests" / "search_files.js"


def _node(script: str, stdin: str = "") -> object:
    done = subprocess.run(
        ["node", "-e", script], input=stdin, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


#: Random places as a bundle holds them ([ref delta, n, first start, n - 1 deltas, …]),
#: scores with many ties, some articles excluded; bestInRuns' answer beside bestPhrased's
#: over placesFrom's Map of the same places.
_AGREE = """
const rank = require(%(rank)s);
const places = require(%(places)s);
let seed = 7;
const random = (n) => {  /* mulberry32 */
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) %% n;
};
const out = [];
for (let run = 0; run < 400; run++) {
  const documents = 1 + random(60);
  const flat = [];
  let last = -1;
  for (let ref = 0; ref < documents; ref++) {
    if (random(3)) continue;
    const n = random(4);
    flat.push(ref - Math.max(last, 0), n);
    for (let k = 0; k < n; k++) flat.push(1 + random(9));
    last = ref;
  }
  const of = new Float64Array(documents);
  for (let ref = 0; ref < documents; ref++) of[ref] = random(4) ? random(3) / 2 : 0;
  const excluded = new Set();
  for (let ref = 0; ref < documents; ref++) if (!random(8)) excluded.add(ref);
  const found = {
    scores: {of: of, refs: []},
    places: [],
    phrase: places.placesFrom(flat, 2),
    excluded: excluded,
  };
  const told = rank.bestPhrased(found);
  const runs = rank.bestInRuns(flat, found.scores, excluded);
  const hit = told >= 0 && found.phrase.get(told).count
    ? rank.hitOf(["x"], found, told, true) : null;
  const early = runs.count ? rank.phrasedHit(found.scores, runs.ref, runs.count) : null;
  const count = told >= 0 ? found.phrase.get(told).count : 0;
  out.push([told, runs.ref, hit, early, runs.count === count]);
}
console.log(JSON.stringify(out));
"""


def test_best_in_runs_tells_the_top_best_phrased_tells() -> None:
    script = _AGREE % {"rank": json.dumps(str(RANK_JS)), "places": json.dumps(str(PLACES_JS))}
    runs = _node(script)
    assert isinstance(runs, list)
    for told, from_runs, hit, early, same_count in runs:
        assert from_runs == told
        assert early == hit
        assert same_count
    # Guards the comparison: places with a top, ties broken by count or order, none at all.
    assert sum(1 for run in runs if run[0] >= 0) > 200
    assert any(run[0] < 0 for run in runs)
    assert any(run[2] is None and run[0] >= 0 for run in runs)  # a top standing 0 times


#: A query for each alias key whose bundle holds the key's places: what the phrase was when
#: the page was told the top (null: not made yet), and the answer's first full match.
_TOLD = """
const {readIndexFile, searchCore} = require(%(files)s);
const folder = process.argv[1];
const core = searchCore(folder);
const load = (name) => readIndexFile(folder, name);
(async () => {
  const searcher = new core.Searcher(await load("manifest"), load);
  let found = null;
  const scored = searcher.scored;
  searcher.scored = function () { found = scored.apply(this, arguments); return found; };
  const out = [];
  for (const key of Object.keys(searcher.aliases)) {
    let phrase;
    searcher.ahead = (ref) => {
      if (phrase === undefined) phrase = found.phrase === null ? null : found.phrase.size;
      return Promise.resolve(null);
    };
    const searching = searcher.search(key);
    const answer = await searching;
    const early = await searching.early;
    out.push({
      key: key, phrase: phrase === undefined ? "untold" : phrase,
      after: found.phrase.size, early: early && early.hit,
      first: answer.hits[0] || null,
    });
  }
  console.log(JSON.stringify(out));
})();
"""


def test_an_alias_keys_top_is_told_before_its_places_are_read(seed_site: Path) -> None:
    folder = seed_site / "static" / "search"
    script = _TOLD % {"files": json.dumps(str(FILES_JS))}
    done = subprocess.run(
        ["node", "-e", script, str(folder)], capture_output=True, text=True, check=True, timeout=120
    )
    runs = json.loads(done.stdout)
    told = [run for run in runs if run["early"]]
    assert len(told) > 5
    for run in told:
        assert run["phrase"] is None, run["key"]  # told before the Map was made
        assert run["after"] > 0  # and made for the rest
        assert run["early"] == run["first"], run["key"]
