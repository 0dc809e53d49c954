/* What the node harnesses of the search tests share: the search code as the site ships it
 * (the build joins its parts into static/search-core.js) and an index file read as the page
 * reads it (a script that hands its data to BriefgenSearch.loaded). */
"use strict";

const fs = require("fs");
const path = require("path");

function searchCore(folder) {
  return require(path.resolve(folder, "..", "search-core.js"));
}

function readIndexFile(folder, name) {
  const source = fs.readFileSync(path.join(folder, name + ".js"), "utf8");
  let data;
  new Function("BriefgenSearch", source)({ loaded: (_name, value) => { data = value; } });
  return Promise.resolve(data);
}

module.exports = { searchCore, readIndexFile };
