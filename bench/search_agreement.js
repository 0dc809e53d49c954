/* Old search code against new over one index: runs queries through a search-core.js and
 * prints, per query, what a page would show and be told (the hits, partial matches, terms,
 * and the refs Searcher#ahead was told; and the top result handed over early when it is not
 * the answer's first), so two cores' answers can be compared as text.
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
    /* Answered with a promise, as the page's file on the way: a core that draws the top
     * result early ranks the rest after it (search-searcher.js). */
    searcher.ahead = (ref) => {
      told.push(ref);
      return Promise.resolve(null);
    };
    const searching = searcher.search(query);
    const found = await searching;
    const head = searching.early ? await searching.early : null;
    const answer = {
      query, told, terms: found.terms, needles: found.needles, hits: found.hits, partial: found.partial,
    };
    /* The top result handed over early must be the answer's first (noted only when not). */
    if (head && JSON.stringify([head.hit, head.terms, head.needles]) !==
      JSON.stringify([found.hits[0], found.terms, found.needles])) answer.early = head;
    out.push(answer);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
