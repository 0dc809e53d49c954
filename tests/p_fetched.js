/* For test_p_term_shards.py: the index files each query loads, a fresh Searcher per query (as
 * a page that has loaded nothing but the manifest).
 * usage: node p_fetched.js SEARCH_DIR QUERIES_JSON  → JSON on stdout: per query, the names
 * of the files loaded and the terms asked for. */
"use strict";

const fs = require("fs");
const { readIndexFile, searchCore } = require("./search_files.js");

const [folder, queriesJson] = process.argv.slice(2);
const core = searchCore(folder);

function reader(names) {
  return function load(name) {
    names.push(name);
    return readIndexFile(folder, name);
  };
}

async function main() {
  const queries = JSON.parse(fs.readFileSync(queriesJson, "utf8"));
  const manifest = await reader([])("manifest");
  const out = [];
  for (const query of queries) {
    const names = [];
    const found = await new core.Searcher(manifest, reader(names)).search(query);
    out.push({ query, names, terms: found.terms });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
