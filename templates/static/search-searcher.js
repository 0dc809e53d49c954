/* briefgen search, part 5 of search-core.js: the Searcher. The index files' names (term and
 * gram shards, alias bundles and result files, named by the manifest), loading them, and the
 * search itself, with how it reads a query from search-query.js; and BriefgenSearch, what the
 * page and the index files talk to. Run alone under node (the tests), it requires the other
 * parts. */
(function (root, parts) {
  "use strict";

  if (!parts.text) {
    parts = {
      text: require("./search-text.js"),
      places: require("./search-places.js"),
      rank: require("./search-rank.js"),
      query: require("./search-query.js"),
    };
  }
  var text = parts.text;
  var ranking = parts.rank;
  var standing = parts.places;
  var bucket = text.bucket;
  var exactPlan = text.exactPlan;
  var parseQuery = text.parseQuery;
  var queryTerms = text.queryTerms;
  var exactStarts = standing.exactStarts;
  var placesFrom = standing.placesFrom;
  var countsFrom = standing.countsFrom;
  var lunrScores = ranking.lunrScores;
  var matches = ranking.matches;
  var best = ranking.best;
  var bestPhrased = ranking.bestPhrased;
  var bestInRuns = ranking.bestInRuns;
  var phrasedHit = ranking.phrasedHit;
  var order = ranking.order;
  var titleRefs = ranking.titleRefs;
  var hitOf = ranking.hitOf;
  var union = standing.union;
  var Presence = standing.Presence;
  var addPlaceRefs = standing.addPlaceRefs;
  var addCountRefs = standing.addCountRefs;
  var englishKeys = parts.query.englishKeys;

  var CJK_ANY = new RegExp("[" + text.CJK + "]");
  /* The layout of the index files this code reads (briefgen.search.hashed.FORMAT). */
  var FORMAT = 6;

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

  /* How it reads a query and which files that needs (search-query.js). */
  Object.keys(parts.query.methods).forEach(function (name) {
    Searcher.prototype[name] = parts.query.methods[name];
  });

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

  /* A promise of compute()'s answer, with ``early``: a promise of the top result, when it
   * is known before the rest are ranked and whoever was told it (``ahead``) waits for its
   * file ({hit, terms, needles}: the hit the answer's will equal), else of null. */
  Searcher.prototype.search = function (query) {
    var self = this;
    if (this.recent.has(query)) return this.recent.get(query);
    var simplified = this.simplified(query);
    var heard = null;
    var early = new Promise(function (resolve) { heard = resolve; });
    var found = this.need(this.firstKeys(simplified)).then(function () {
      return self.compute(simplified, heard);
    });
    found.early = early;
    this.recent.set(query, found);
    if (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value);
    found.then(function () { heard(null); }, function () {
      heard(null);
      self.recent.delete(query);
    });
    return found;
  };

  /* {terms, hits, partial}: the lunr terms asked for, the full matches and the partial
   * ones, each ranked as rank() says. ``heard(head)``, when given, is told the top result
   * early (search()). */
  Searcher.prototype.compute = function (query, heard) {
    var self = this;
    var read = null;
    var held = null;
    var vocabulary = { has: function (term) { return !!self.lookup(term, held); } };
    return this.need(englishKeys(parseQuery(query))).then(function () {
      read = self.read(query);
      return self.need(self.keysFor(read));
    }).then(function () {
      held = self.held(read);
      return self.need(self.lastKeys(read, vocabulary));
    }).then(function () {
      return self.ranked(read, held, vocabulary, heard);
    });
  };

  /* compute()'s answer, once the query's files are in. The top result is told (``ahead``)
   * as soon as it is known; when it holds the phrase and the listener answers with a promise
   * (its file on the way), ``heard`` is handed it and the rest is ranked in a task after that
   * promise settles: the page draws the top result first, without waiting for thousands of
   * others to be matched and sorted, and the main thread is free when its file comes in. */
  Searcher.prototype.ranked = function (read, held, vocabulary, heard) {
    var self = this;
    var lookup = function (term) { return self.lookup(term, held); };
    var find = this.finder(held);
    var terms = queryTerms([].concat.apply([], read.variants).join(" "), vocabulary);
    /* A query of one clause whose names hold the phrase (a word and its aliases) has it in
     * every article where the phrase stands: its top is known before the names' places are
     * read, and, when an alias bundle holds the phrase's places, before they are made into
     * a Map (``runs``: made once the top's file is asked for). Otherwise the clauses'
     * places come first. */
    var single = read.clauses.length === 1;
    var sole = single && read.variants[0].indexOf(read.parts.needle) >= 0;
    var runs = sole ? find.runs(read.parts.needle) : null;
    var found = this.scored(read, terms, lookup, find, runs !== null);
    if (!sole) this.place(read, found, find);
    var top = runs ? bestInRuns(runs, found.scores, found.excluded) : null;
    var told = top ? top.ref : read.clauses.length ? bestPhrased(found) : -1;
    var fileComing = this.tell(told);
    var rest = function () {
      if (runs) found.phrase = find.where(read.parts.needle);
      if (sole) self.place(read, found, find);
      return self.finished(read, terms, lookup, vocabulary, found, told);
    };
    var phrased = top || (told >= 0 && found.phrase.get(told));
    if (!heard || !phrased || !phrased.count || !fileComing || typeof fileComing.then !== "function") {
      return rest();
    }
    var hit = top ? phrasedHit(found.scores, told, top.count) : hitOf(read.clauses, found, told, true);
    heard({ hit: hit, terms: terms, needles: needlesOf(read) });
    return fileComing.then(nextTask, nextTask).then(rest);
  };

  /* A promise settled in a task of its own, after the microtasks queued before it (the
   * page drawing the top result) and, when one is due, a frame. */
  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function needlesOf(read) {
    return [read.parts.needle].concat([].concat.apply([], read.variants));
  }

  /* The query's scores, the phrase's places (null with ``later``: ranked() reads them
   * later) and the articles excluded (found.places still empty: place()). */
  Searcher.prototype.scored = function (read, terms, lookup, find, later) {
    var manifest = this.manifest;
    var excluded = new Set();
    read.parts.excluded.forEach(function (needle) {
      find.where(needle).forEach(function (_where, ref) { excluded.add(ref); });
    });
    var stats = { documents: manifest.documents, lengths: manifest.lengths, boosts: manifest.boosts };
    return {
      scores: lunrScores(terms, lookup, stats),
      places: [],
      phrase: later ? null : find.where(read.parts.needle), /* the words as typed, not an alias */
      excluded: excluded,
    };
  };

  /* Where each clause stands (found.places). One clause is never near another: whether each
   * article holds one of its names is all that is read of them (find.present). */
  Searcher.prototype.place = function (read, found, find) {
    var single = read.clauses.length === 1;
    found.places = read.variants.map(function (names) {
      return single && names.length > 1 ? find.present(names) : union(names.map(find.where));
    });
  };

  /* The answer, every result matched and in order; the top told if it was not already. */
  Searcher.prototype.finished = function (read, terms, lookup, vocabulary, found, told) {
    found.titled = read.variants.map(function (names) {
      return titleRefs(queryTerms(names.join(" "), vocabulary), lookup);
    });
    var ranked = matches(read.clauses, found);
    var top = best(ranked.hits) || best(ranked.partial);
    if (top && top.ref !== told) this.tell(top.ref);
    order(ranked.hits);
    order(ranked.partial);
    return {
      terms: terms,
      clauses: read.clauses,
      variants: read.variants,
      needles: needlesOf(read),
      hits: ranked.hits,
      partial: ranked.partial,
    };
  };

  /* Tells the page (``ahead``) a ref whose file it will draw first (-1: nothing known), and
   * hands back what it answered: a promise of that file, or nothing. */
  Searcher.prototype.tell = function (ref) {
    return ref >= 0 && this.ahead ? this.ahead(ref) : null;
  };

  /* Where the strings of a query stand, from its alias bundles (``held``) or gram shards:
   * where(needle), Map(ref → place), read once per string (the phrase is often a clause
   * too); present(names), the articles where any of them stands (a Presence); runs(needle),
   * its places as an alias bundle holds them, while where() has not read them (else null). */
  Searcher.prototype.finder = function (held) {
    var self = this;
    var documents = this.manifest.documents;
    var shard = function (kind, gram) { return self.shard(kind, gram); };
    var placesOf = new Map();
    var whereFrom = function (needle) {
      if (held.places.has(needle)) return placesFrom(held.places.get(needle), Array.from(needle).length);
      if (held.counts.has(needle)) return countsFrom(held.counts.get(needle));
      return exactStarts(exactPlan(needle), shard);
    };
    var where = function (needle) {
      if (!placesOf.has(needle)) placesOf.set(needle, whereFrom(needle));
      return placesOf.get(needle);
    };
    var present = function (names) {
      var into = new Presence(documents);
      var add = function (_where, ref) { into.add(ref); };
      names.forEach(function (name) {
        if (placesOf.has(name)) placesOf.get(name).forEach(add);
        else if (held.places.has(name)) addPlaceRefs(held.places.get(name), into);
        else if (held.counts.has(name)) addCountRefs(held.counts.get(name), into);
        else where(name).forEach(add);
      });
      return into;
    };
    var runs = function (needle) {
      return !placesOf.has(needle) && held.places.has(needle) ? held.places.get(needle) : null;
    };
    return { where: where, present: present, runs: runs };
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
