/* briefgen search, part 4 of search-core.js: how the Searcher reads a query. Its clauses and
 * each clause's variants (aliases from the manifest's words, Chinese terms with an English
 * sense), which index files they need (an alias bundle for a clause with aliases, term and
 * gram shards for the other names, English shards for Latin words), and what those files
 * hold once in. Methods of the Searcher (search-searcher.js), which adds them to its
 * prototype: ``this`` is a Searcher. Run alone under node (the tests), it requires
 * search-text.js. */
(function (parts) {
  "use strict";

  var text = parts.text || require("./search-text.js");
  var exactPlan = text.exactPlan;
  var parseQuery = text.parseQuery;
  var singulars = text.singulars;
  var termKey = text.termKey;
  var termKeys = text.termKeys;
  var uncoveredCharacters = text.uncoveredCharacters;

  var LATIN = /^[a-z][a-z -]*$/;
  /* Marks around titles that a name may or may not carry (as aliases._TITLE_MARKS). */
  var TITLE_MARKS = /[《》〈〉「」『』“”"]/g;

  var methods = {};

  /* The Chinese terms of the archive with an English sense (the "e" shards, loaded). */
  methods.english = function (phrase) {
    if (!this.manifest.shards.e || !LATIN.test(phrase)) return [];
    for (var k = 0, forms = singulars(phrase); k < forms.length; k++) {
      var table = this.shard("e", forms[k].split(" ")[0]);
      if (Object.prototype.hasOwnProperty.call(table, forms[k])) return table[forms[k]];
    }
    return [];
  };

  /* The "e" shards that English words of a query are looked up in. */
  function englishKeys(parts) {
    var keys = [];
    parts.clauses.concat([parts.needle]).forEach(function (phrase) {
      if (!LATIN.test(phrase)) return;
      singulars(phrase).forEach(function (form) { keys.push(["e", form.split(" ")[0]]); });
    });
    return keys;
  }

  /* The names a clause asks for: itself, its aliases (manifest.words) and, for English, the
   * Chinese terms with that sense. */
  methods.variants = function (clause) {
    var aliases = this.aliases || {};
    var key = clause.replace(TITLE_MARKS, "").trim();
    var own = Object.prototype.hasOwnProperty.call(aliases, key) ? aliases[key] : [];
    var names = [clause].concat(own, this.english(clause));
    return names.filter(function (name, k) { return names.indexOf(name) === k; });
  };

  /* A query's parts, with each clause's variants. A query of several words that is itself an
   * alias ("CHIPS Act") or an English sense ("artificial intelligence") is one clause. */
  methods.read = function (query) {
    var self = this;
    var parts = parseQuery(query);
    var aliases = this.aliases || {};
    var clauses = parts.clauses;
    var key = parts.needle.replace(TITLE_MARKS, "").trim();
    var named = Object.prototype.hasOwnProperty.call(aliases, key);
    if (clauses.length > 1 && (named || this.english(parts.needle).length)) {
      clauses = [parts.needle];
    }
    return {
      parts: parts,
      clauses: clauses,
      variants: clauses.map(function (clause) { return self.variants(clause); }),
    };
  };

  /* The shards ([kind, key]) that strings of a query need: term shards (termKeys; see
   * lastKeys), gram shards for where each string stands. */
  function shardKeys(asked, others) {
    var keys = termKeys(asked.join(" ")).map(function (key) { return ["t", key]; });
    asked.concat(others).forEach(function (needle) {
      var plan = exactPlan(needle);
      if (plan) plan.grams.forEach(function (g) { keys.push([plan.kind, g.gram]); });
    });
    return keys;
  }

  /* The alias key of a clause whose names an alias bundle holds (the clause without title
   * marks, when the manifest lists aliases for it), or null. */
  methods.bundleKey = function (clause) {
    var key = clause.replace(TITLE_MARKS, "").trim();
    var aliases = this.aliases || {};
    if (!this.manifest.shards.a || !Object.prototype.hasOwnProperty.call(aliases, key)) return null;
    return key;
  };

  /* The names of a query that alias bundles hold: each bundled clause's key and aliases. */
  methods.bundledNames = function (read) {
    var self = this;
    var names = new Set();
    read.clauses.forEach(function (clause) {
      var key = self.bundleKey(clause);
      if (key === null) return;
      names.add(key);
      self.aliases[key].forEach(function (name) { names.add(name); });
    });
    return names;
  };

  /* The names of a query its shards must tell about: those no alias bundle holds. */
  methods.unbundled = function (read, names) {
    var bundled = this.bundledNames(read);
    return names.filter(function (name) { return !bundled.has(name); });
  };

  /* The term shards of characters no longer term covers (asked for alone): known once the
   * pairs' shards are in; most often none. */
  methods.lastKeys = function (read, vocabulary) {
    var asked = this.unbundled(read, [].concat.apply([], read.variants)).join(" ");
    return uncoveredCharacters(asked, vocabulary).map(function (ch) { return ["t", ch]; });
  };

  /* A term's postings, from its shard or the query's alias bundles (``held``). */
  methods.lookup = function (term, held) {
    var table = this.shard("t", termKey(term));
    if (Object.prototype.hasOwnProperty.call(table, term)) return table[term];
    return held.terms.get(term);
  };

  methods.vocabulary = function (held) {
    var self = this;
    return { has: function (term) { return !!self.lookup(term, held); } };
  };

  /* The files a query needs, once its aliases and English words are looked up: the alias
   * bundle of each clause with aliases (its names' terms and places in one file), the term
   * and gram shards of the other names. */
  methods.keysFor = function (read) {
    var self = this;
    var keys = [];
    read.clauses.forEach(function (clause) {
      var key = self.bundleKey(clause);
      if (key !== null) keys.push(["a", key]);
    });
    var asked = this.unbundled(read, [].concat.apply([], read.variants));
    var others = this.unbundled(read, read.parts.excluded.concat([read.parts.needle]));
    return keys.concat(shardKeys(asked, others));
  };

  /* What the alias bundles of a query hold, merged: terms → postings, names → places. */
  methods.held = function (read) {
    var self = this;
    var held = { terms: new Map(), places: new Map(), counts: new Map() };
    read.clauses.forEach(function (clause) {
      var key = self.bundleKey(clause);
      var bundle = key === null ? null : self.shard("a", key)[key];
      if (!bundle) return;
      ["terms", "places", "counts"].forEach(function (part) {
        Object.keys(bundle[part]).forEach(function (name) { held[part].set(name, bundle[part][name]); });
      });
    });
    return held;
  };

  /* The shards a query needs before any of them is in: its own and its aliases' (the
   * manifest has the aliases), and the English shards its Latin words are looked up in; all
   * asked for at once, so a query has its shards after one round of requests (a second only
   * for the Chinese terms of an English word, or a last character asked for alone). */
  methods.firstKeys = function (query) {
    var read = this.read(query);
    return englishKeys(read.parts).concat(this.keysFor(read));
  };

  var api = { methods: methods, englishKeys: englishKeys };
  parts.query = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(this.BriefgenSearchParts = this.BriefgenSearchParts || {});
