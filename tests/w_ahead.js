/* For test_w_large_ranking.py: runs queries through search-core.js over a search folder and
 * notes what Searcher#ahead is told (the top result's ref, before the others are sorted).
 * usage: node w_ahead.js SEARCH_DIR QUERIES_JSON  → JSON on stdout: per query, the refs
 * ahead was told and the ranked results. */
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
    searcher.ahead = (ref) => told.push(ref);
    const found = await searcher.search(query);
    out.push({ query, told, hits: found.hits, partial: found.partial });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
