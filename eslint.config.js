// eslint's flat config for the browser code in templates/static/. The files are classic
// scripts (they must load from file://, where modules do not), written in ES5-style var and
// function syntax. The five parts the build joins into search-core.js also run under node in
// the tests, through module.exports (the later ones require the parts they use when run alone).
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["templates/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["templates/static/search-{text,places,rank,query,searcher}.js"],
    languageOptions: { globals: { module: "writable", require: "readonly" } },
  },
  {
    files: ["eslint.config.js", "tests/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "commonjs",
      globals: { ...globals.node },
    },
  },
];
