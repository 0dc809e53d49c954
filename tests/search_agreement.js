/* Runs queries two ways, for test_search_agreement.py: through briefgen's split index (the
 * files the site ships, read as the page reads them) and through lunr.js on the whole index.
 * usage: node search_agreement.js SEARCH_DIR LUNR_JSON QUERIES_JSON  → JSON on stdout */
"use strict";

const fs = require("fs");
const { readIndexFile, searchCore } = require("./search_files.js");
const lunr = require("../node_modules/lunr/lunr.js");

const [folder, lunrJson, queriesJson] = process.argv.slice(2);
const core = searchCore(folder);

function load(name) {
  return readIndexFile(folder, name);
}

async function main() {
  const index = lunr.Index.load(JSON.parse(fs.readFileSync(lunrJson, "utf8")));
  const queries = JSON.parse(fs.readFileSync(queriesJson, "utf8"));
  const searcher = new core.Searcher(await load("manifest"), load);
  const out = [];
  for (const query of queries) {
    const found = await searcher.search(query);
    const whole = found.terms.length
      ? index.query((q) => {
          found.terms.forEach((term) => {
            q.term(term, { usePipeline: false, boost: Math.max(1, Array.from(term).length) });
          });
        })
      : [];
    out.push({
      query,
      terms: found.terms,
      clauses: found.clauses,
      variants: found.variants,
      sharded: found.hits,
      partial: found.partial,
      lunr: whole.map((hit) => [Number(hit.ref), hit.score]),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
