/* Old search code against new over one index: runs queries through a search-core.js and
 * prints, per query, what a page would show and be told (the hits, partial matches, terms,
 * and the refs Searcher#ahead was told), so two cores' answers can be compared as text.
 * usage: node bench/search_agreement.js SEARCH_CORE_JS SEARCH_DIR QUERIES_JSON > out.json
 * (bench/search_agreement.py makes the queries and compares two cores.) */
"use strict";

const fs = require("fs");
const path = require("path");

const [corePath, folder, queriesJson] = process.argv.slice(2);
const core = require(path.resolve(corePath));

function load(name) {
  const source = fs.readFileSync(path.join(folder, name + ".js"), "utf8");
  let data;
  new Function("BriefgenSearch", source)({ loaded: (_name, value) => { data = value; } });
  return Promise.resolve(data);
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesJson, "utf8"));
  const searcher = new core.Searcher(await load("manifest"), load);
  const out = [];
  for (const query of queries) {
    const told = [];
    searcher.ahead = (ref) => told.push(ref);
    const found = await searcher.search(query);
    out.push({
      query, told, terms: found.terms, needles: found.needles, hits: found.hits, partial: found.partial,
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
