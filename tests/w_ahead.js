/* For test_w_large_ranking.py: runs queries through search-core.js over a search folder and
 * notes what Searcher#ahead is told (the top result's ref, before the others are sorted) and
 * the top result handed over early (search()'s ``early``, or null).
 * usage: node w_ahead.js SEARCH_DIR QUERIES_JSON  → JSON on stdout: per query, the refs
 * ahead was told, the early top result and the ranked results. */
"use strict";

const fs = require("fs");
const { readIndexFile, searchCore } = require("./search_files.js");

const [folder, queriesJson] = process.argv.slice(2);
const core = searchCore(folder);

function load(name) {
  return readIndexFile(folder, name);
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesJson, "utf8"));
  const searcher = new core.Searcher(await load("manifest"), load);
  const out = [];
  for (const query of queries) {
    const told = [];
    /* Answered as the page answers: a promise of the top result's file. */
    searcher.ahead = (ref) => {
      told.push(ref);
      return Promise.resolve(null);
    };
    const searching = searcher.search(query);
    const found = await searching;
    const early = await searching.early;
    out.push({
      query, told, early, hits: found.hits, partial: found.partial, terms: found.terms,
      needles: found.needles,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
