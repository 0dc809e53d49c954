/* briefgen search, part 4 of search-core.js: the Searcher. Which index files a query needs
 * (term and gram shards, named by the manifest; aliases from its words, English senses),
 * loading them, and the search itself; and BriefgenSearch, what the page and the index files
 * talk to. Run alone under node (the tests), it requires the other parts. */
(function (root, parts) {
  "use strict";

  if (!parts.text) {
    parts = { text: require("./search-text.js"), places: require("./search-places.js"), rank: require("./search-rank.js") };
  }
  var text = parts.text;
  var ranking = parts.rank;
  var standing = parts.places;
  var bucket = text.bucket;
  var exactPlan = text.exactPlan;
  var parseQuery = text.parseQuery;
  var queryTerms = text.queryTerms;
  var singulars = text.singulars;
  var termKey = text.termKey;
  var termKeys = text.termKeys;
  var uncoveredCharacters = text.uncoveredCharacters;
  var exactStarts = standing.exactStarts;
  var placesFrom = standing.placesFrom;
  var countsFrom = standing.countsFrom;
  var lunrScores = ranking.lunrScores;
  var matches = ranking.matches;
  var best = ranking.best;
  var bestPhrased = ranking.bestPhrased;
  var order = ranking.order;
  var titleRefs = ranking.titleRefs;
  var union = standing.union;

  var CJK_ANY = new RegExp("[" + text.CJK + "]");
  var LATIN = /^[a-z][a-z -]*$/;
  /* Marks around titles that a name may or may not carry (as aliases._TITLE_MARKS). */
  var TITLE_MARKS = /[《》〈〉「」『』“”"]/g;
  /* The layout of the index files this code reads (briefgen.search.hashed.FORMAT). */
  var FORMAT = 5;

  function unique(list) {
    return list.filter(function (item, k) { return item && list.indexOf(item) === k; });
  }

  /* A search over the split index. ``load(name)`` returns a promise of an index file's data
   * (name: "t/3.ab12cd34" for t/3.ab12cd34.js); the result is {terms, hits}, hits ranked as
   * rank() says. Every file but the manifest is named by its content's hash: shards by their
   * run's (manifest.hashes), results by their issue's (manifest.groups). */
  function Searcher(manifest, load) {
    if (!manifest || manifest.version !== FORMAT) throw new Error("search index format");
    this.manifest = manifest;
    this.load = load;
    this.files = {};
    this.aliases = manifest.words.aliases;
    /* The last few queries' results: Enter after typing finds the one computed meanwhile. */
    this.recent = new Map();
    /* Told the ref of a query's top result as soon as it is known, before the others are
     * in order (the page fetches its file then); null: nobody listens. */
    this.ahead = null;
  }

  /* A key's shard: its bucket; an alias bundle's, one file a key (bundleNumbers). */
  Searcher.prototype.shardNumber = function (kind, key) {
    if (kind !== "a") return bucket(key, this.manifest.shards[kind]);
    this.bundles = this.bundles || text.bundleNumbers(Object.keys(this.aliases), this.manifest.shards.a);
    return this.bundles.get(key);
  };

  /* A shard's file name, or null when it is empty: KIND/N.HASH, HASH that of the run of
   * shards N is in (briefgen.search.hashed). */
  Searcher.prototype.shardFile = function (kind, key) {
    var manifest = this.manifest;
    var number = this.shardNumber(kind, key);
    var bits = parseInt(manifest.present[kind].charAt(number >> 2), 16);
    if (!((bits >> (number & 3)) & 1)) return null;
    var hashes = manifest.hashes[kind];
    var run = Math.floor(number / (manifest.shards[kind] / hashes.length));
    return kind + "/" + number + "." + hashes[run];
  };

  Searcher.prototype.shard = function (kind, key) {
    if (!this.manifest.shards[kind]) return {};
    return this.files[this.shardFile(kind, key)] || {};
  };

  Searcher.prototype.fetch = function (names) {
    var self = this;
    return Promise.all(unique(names).map(function (name) {
      if (self.files[name]) return null;
      return self.load(name).then(function (data) { self.files[name] = data; });
    }));
  };

  /* Load the shards holding ``wanted`` ([kind, key] pairs) that are not empty, all at once;
   * instant for files already in. */
  Searcher.prototype.need = function (wanted) {
    var self = this;
    wanted = wanted.filter(function (pair) { return self.manifest.shards[pair[0]]; });
    return this.fetch(wanted.map(function (pair) {
      return self.shardFile(pair[0], pair[1]);
    }));
  };

  /* The result file of an article: doc/REF.HASH, HASH shared by a run of one issue's
   * articles (manifest.groups: [count, HASH] for each run, in ref order). */
  Searcher.prototype.documentName = function (ref) {
    if (!this.starts) {
      var at = 0;
      this.starts = this.manifest.groups.map(function (group) {
        var start = at;
        at += group[0];
        return start;
      });
    }
    var low = 0;
    var high = this.starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= ref) low = middle;
      else high = middle - 1;
    }
    return "doc/" + ref + "." + this.manifest.groups[low][1];
  };

  /* What a result shows: a promise of {path, title, issue, section, date, text …}. */
  Searcher.prototype.document = function (ref) {
    return this.load(this.documentName(ref));
  };

  /* Every article's facets (section, tags …): a promise, loaded once. */
  Searcher.prototype.facets = function () {
    return this.load(this.manifest.files.facets);
  };

  Searcher.prototype.count = function () {
    return this.manifest.documents;
  };

  /* The Chinese terms of the archive with an English sense (the "e" shards, loaded). */
  Searcher.prototype.english = function (phrase) {
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
  Searcher.prototype.variants = function (clause) {
    var aliases = this.aliases || {};
    var key = clause.replace(TITLE_MARKS, "").trim();
    var own = Object.prototype.hasOwnProperty.call(aliases, key) ? aliases[key] : [];
    var names = [clause].concat(own, this.english(clause));
    return names.filter(function (name, k) { return names.indexOf(name) === k; });
  };

  /* A query's parts, with each clause's variants. A query of several words that is itself an
   * alias ("CHIPS Act") or an English sense ("artificial intelligence") is one clause. */
  Searcher.prototype.read = function (query) {
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
  Searcher.prototype.bundleKey = function (clause) {
    var key = clause.replace(TITLE_MARKS, "").trim();
    var aliases = this.aliases || {};
    if (!this.manifest.shards.a || !Object.prototype.hasOwnProperty.call(aliases, key)) return null;
    return key;
  };

  /* The names of a query that alias bundles hold: each bundled clause's key and aliases. */
  Searcher.prototype.bundledNames = function (read) {
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
  Searcher.prototype.unbundled = function (read, names) {
    var bundled = this.bundledNames(read);
    return names.filter(function (name) { return !bundled.has(name); });
  };

  /* The term shards of characters no longer term covers (asked for alone): known once the
   * pairs' shards are in; most often none. */
  Searcher.prototype.lastKeys = function (read, vocabulary) {
    var asked = this.unbundled(read, [].concat.apply([], read.variants)).join(" ");
    return uncoveredCharacters(asked, vocabulary).map(function (ch) { return ["t", ch]; });
  };

  /* A term's postings, from its shard or the query's alias bundles (``held``). */
  Searcher.prototype.lookup = function (term, held) {
    var table = this.shard("t", termKey(term));
    if (Object.prototype.hasOwnProperty.call(table, term)) return table[term];
    return held.terms.get(term);
  };

  Searcher.prototype.vocabulary = function (held) {
    var self = this;
    return { has: function (term) { return !!self.lookup(term, held); } };
  };

  /* The files a query needs, once its aliases and English words are looked up: the alias
   * bundle of each clause with aliases (its names' terms and places in one file), the term
   * and gram shards of the other names. */
  Searcher.prototype.keysFor = function (read) {
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
  Searcher.prototype.held = function (read) {
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
  Searcher.prototype.firstKeys = function (query) {
    var read = this.read(query);
    return englishKeys(read.parts).concat(this.keysFor(read));
  };

  /* Traditional characters in a query as the simplified ones the archive has: the
   * manifest's pairs, read the first time a query has a CJK character (then
   * Map(traditional → simplified)). */
  Searcher.prototype.simplified = function (query) {
    if (!this.folding && CJK_ANY.test(query)) {
      var chars = Array.from(this.manifest.words.fold);
      this.folding = new Map();
      for (var k = 0; k + 1 < chars.length; k += 2) this.folding.set(chars[k], chars[k + 1]);
    }
    return this.simplify(query);
  };

  Searcher.prototype.simplify = function (query) {
    var folding = this.folding;
    if (!folding) return query;
    return Array.from(query).map(function (ch) { return folding.get(ch) || ch; }).join("");
  };

  /* Start fetching what a query as typed needs (its term and gram shards), without
   * searching: a pasted query's files are then on their way before Enter. Not the English
   * shards, keyed by whole words: every prefix typed would fetch another. */
  Searcher.prototype.prefetch = function (query) {
    var self = this;
    var simplified = this.simplified(query);
    var keys = this.firstKeys(simplified).filter(function (pair) {
      return pair[0] !== "e";
    });
    return this.need(keys).then(function () {
      var read = self.read(simplified);
      return self.need(self.lastKeys(read, self.vocabulary(self.held(read))));
    }).catch(function () {
      return null; /* the search proper reports a file that could not load */
    });
  };

  Searcher.prototype.search = function (query) {
    var self = this;
    if (this.recent.has(query)) return this.recent.get(query);
    var simplified = this.simplified(query);
    var found = this.need(this.firstKeys(simplified)).then(function () {
      return self.compute(simplified);
    });
    this.recent.set(query, found);
    if (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value);
    found.catch(function () { self.recent.delete(query); });
    return found;
  };

  /* {terms, hits, partial}: the lunr terms asked for, the full matches and the partial
   * ones, each ranked as rank() says. */
  Searcher.prototype.compute = function (query) {
    var self = this;
    var read = null;
    var held = null;
    var manifest = this.manifest;
    var lookup = function (term) { return self.lookup(term, held); };
    var vocabulary = { has: function (term) { return !!lookup(term); } };
    return this.need(englishKeys(parseQuery(query))).then(function () {
      read = self.read(query);
      return self.need(self.keysFor(read));
    }).then(function () {
      held = self.held(read);
      return self.need(self.lastKeys(read, vocabulary));
    }).then(function () {
      var shard = function (kind, gram) { return self.shard(kind, gram); };
      /* Where a string stands; once per string (the phrase is often a clause too). */
      var placesOf = new Map();
      var where = function (needle) {
        if (!placesOf.has(needle)) placesOf.set(needle, whereFrom(needle));
        return placesOf.get(needle);
      };
      var whereFrom = function (needle) {
        if (held.places.has(needle)) return placesFrom(held.places.get(needle), Array.from(needle).length);
        if (held.counts.has(needle)) return countsFrom(held.counts.get(needle));
        return exactStarts(exactPlan(needle), shard);
      };
      var terms = queryTerms([].concat.apply([], read.variants).join(" "), vocabulary);
      var excluded = new Set();
      read.parts.excluded.forEach(function (needle) {
        where(needle).forEach(function (_where, ref) { excluded.add(ref); });
      });
      var places = read.variants.map(function (names) { return union(names.map(where)); });
      var stats = { documents: manifest.documents, lengths: manifest.lengths, boosts: manifest.boosts };
      var found = {
        scores: lunrScores(terms, lookup, stats),
        places: places,
        phrase: where(read.parts.needle), /* the words as typed, not an alias */
        excluded: excluded,
      };
      /* The top result is known before thousands of others are ranked and sorted: its
       * file is fetched meanwhile. Most often a full match holding the phrase. */
      var told = read.clauses.length ? bestPhrased(found) : -1;
      if (told >= 0 && self.ahead) self.ahead(told);
      found.titled = read.variants.map(function (names) {
        return titleRefs(queryTerms(names.join(" "), vocabulary), lookup);
      });
      var ranked = matches(read.clauses, found);
      var top = best(ranked.hits) || best(ranked.partial);
      if (top && top.ref !== told && self.ahead) self.ahead(top.ref);
      order(ranked.hits);
      order(ranked.partial);
      return {
        terms: terms,
        clauses: read.clauses,
        variants: read.variants,
        needles: [read.parts.needle].concat([].concat.apply([], read.variants)),
        hits: ranked.hits,
        partial: ranked.partial,
      };
    });
  };

  /* Index files hand their data here; the page takes over ``loaded`` to hear of later ones,
   * and finds those that came first (the manifest, loaded by the page itself) in ``received``. */
  var received = {};

  var api = {
    received: received,
    loaded: function (name, data) { received[name] = data; },
    normalise: text.normalise,
    fold: text.fold,
    bucket: bucket,
    queryTerms: queryTerms,
    parseQuery: parseQuery,
    rank: ranking.rank,
    PHRASE: ranking.PHRASE,
    Searcher: Searcher,
    escapeHtml: text.escapeHtml,
    highlight: text.highlight,
    snippet: text.snippet,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BriefgenSearch = api;
})(this, this.BriefgenSearchParts || {});
