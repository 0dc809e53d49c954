/* briefgen search, the parts with no page in them: query terms, the split index, ranking,
 * snippets. Mirrors briefgen.search (query_terms, fold, bucket); tests run both sides on the
 * same queries, and check the ranking against lunr.js on the whole index. */
(function (root) {
  "use strict";

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var PIECES = new RegExp("[" + CJK + "]+|[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?", "g");
  var CJK_RUN = new RegExp("^[" + CJK + "]+$");
  var CJK_ANY = new RegExp("[" + CJK + "]");
  var LATIN = /^[a-z][a-z -]*$/;
  var MAX_TERM = 12;
  /* Marks around titles that a name may or may not carry (as aliases._TITLE_MARKS). */
  var TITLE_MARKS = /[《》〈〉「」『』“”"]/g;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  /* Most characters are ASCII or CJK ideographs, which NFKC leaves alone: skip it for them. */
  function plain(code) {
    return code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
  }

  function foldChar(ch) {
    if (plain(ch.charCodeAt(0))) return ch.toLowerCase();
    var folded = ch.normalize("NFKC").toLowerCase();
    return Array.from(folded).length === 1 ? folded : ch.toLowerCase();
  }

  /* What exact matches compare: normalise()d a character at a time, spacing collapsed
   * (briefgen.search.fold does the same to every article at build time). */
  function fold(text) {
    return Array.from(text).map(foldChar).join("").replace(/\s+/g, " ");
  }

  /* fold() keeping every UTF-16 position, for marking matches in the text shown:
   * a character whose folded form is longer ("…" would become "...") is only lower-cased. */
  function foldInPlace(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      var ch = plain(code) ? text[i] : text[i].normalize("NFKC");
      ch = ch.toLowerCase();
      out += ch.length === 1 ? ch : text[i].toLowerCase();
    }
    return out.replace(/\s/g, " ");
  }

  /* FNV-1a over code points, modulo count: which shard holds a key (as shards.bucket). */
  function bucket(text, count) {
    var value = 0x811c9dc5;
    Array.from(text).forEach(function (ch) {
      value = Math.imul(value ^ ch.codePointAt(0), 0x01000193) >>> 0;
    });
    return value % count;
  }

  /* The index terms a query asks for: Latin words whole, and every piece of a CJK run
   * that is a term of the index (a character alone only when no term covers it). */
  function queryTerms(query, vocabulary) {
    var terms = [];
    var pieces = normalise(query).match(PIECES) || [];
    pieces.forEach(function (piece) {
      if (!CJK_RUN.test(piece)) {
        terms.push(piece);
        return;
      }
      var chars = Array.from(piece);
      var covered = chars.map(function () { return false; });
      for (var size = Math.min(chars.length, MAX_TERM); size > 1; size--) {
        for (var start = 0; start + size <= chars.length; start++) {
          var word = chars.slice(start, start + size).join("");
          if (vocabulary.has(word)) {
            terms.push(word);
            for (var k = start; k < start + size; k++) covered[k] = true;
          }
        }
      }
      chars.forEach(function (ch, k) {
        if (!covered[k] && vocabulary.has(ch)) terms.push(ch);
      });
    });
    return terms.filter(function (term, k) { return terms.indexOf(term) === k; });
  }

  /* The first characters of every term a query could be cut into: their term shards. */
  function termKeys(query) {
    var keys = [];
    (normalise(query).match(PIECES) || []).forEach(function (piece) {
      var chars = CJK_RUN.test(piece) ? Array.from(piece) : [Array.from(piece)[0]];
      chars.forEach(function (ch) { if (keys.indexOf(ch) < 0) keys.push(ch); });
    });
    return keys;
  }

  /* The grams that find a string in an article: a single character's count ("g" shards);
   * for longer strings, two-character grams with positions ("p" shards) at offsets 0, 2, 4 …
   * and the last, which between them cover every character and prove where it starts. */
  function exactPlan(needle) {
    var chars = Array.from(needle);
    if (!chars.length) return null;
    if (chars.length === 1) return { kind: "g", grams: [{ gram: needle, offset: 0 }] };
    var offsets = [];
    for (var at = 0; at + 2 <= chars.length; at += 2) offsets.push(at);
    if (offsets[offsets.length - 1] !== chars.length - 2) offsets.push(chars.length - 2);
    return {
      kind: "p",
      grams: offsets.map(function (offset) {
        return { gram: chars.slice(offset, offset + 2).join(""), offset: offset };
      }),
    };
  }

  /* A query as the reader means it: words (all required), "quoted phrases" (one string each),
   * -excluded words or -"phrases". Each part is fold()ed; ``needle`` is the whole query
   * without its exclusions, the exact phrase that ranks first. */
  function parseQuery(query) {
    var parts = { clauses: [], excluded: [] };
    var pattern = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
    var found;
    while ((found = pattern.exec(query)) !== null) {
      var quoted = found[2] !== undefined;
      var minus = quoted ? found[1] : found[3];
      var piece = fold(quoted ? found[2] : found[4]).trim();
      if (!piece) continue;
      if (minus) parts.excluded.push(piece);
      else parts.clauses.push(piece);
    }
    parts.needle = parts.clauses.reduce(function (joined, clause) {
      if (!joined) return clause;
      var glue = CJK_RUN.test(joined.slice(-1)) && CJK_RUN.test(clause[0]) ? "" : " ";
      return joined + glue + clause;
    }, "");
    return parts;
  }

  /* fn(ref, value) for each pair of a [ref delta, value, …] list. */
  function eachPair(flat, fn) {
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2) {
      ref += flat[i];
      fn(ref, flat[i + 1]);
    }
  }

  /* [ref delta, value, …] → Map(ref → value). */
  function pairs(flat) {
    var out = new Map();
    eachPair(flat, function (ref, value) { out.set(ref, value); });
    return out;
  }

  /* [ref delta, n, first, n - 1 deltas, …] → Map(ref → where its positions start in flat). */
  function positionRuns(flat) {
    var out = new Map();
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      out.set(ref, i + 1);
    }
    return out;
  }

  /* The positions of one run, in order. */
  function runPositions(flat, at) {
    var n = flat[at];
    var out = new Array(n);
    var position = 0;
    for (var k = 0; k < n; k++) {
      position += flat[at + 1 + k];
      out[k] = position;
    }
    return out;
  }

  /* Where a string stands, from the loaded gram shards: Map(ref → {count, starts, ends});
   * starts and ends (character positions in the article's folded text) are known for
   * strings of two or more characters, and empty for a single one. */
  function exactStarts(plan, shard) {
    var out = new Map();
    if (!plan) return out;
    var entries = plan.grams.map(function (g) { return shard(plan.kind, g.gram)[g.gram]; });
    if (entries.some(function (entry) { return entry === undefined; })) return out;
    if (plan.kind === "g") {
      pairs(entries[0]).forEach(function (count, ref) {
        out.set(ref, { count: count, starts: [], ends: [] });
      });
      return out;
    }
    var runs = entries.map(positionRuns);
    var length = plan.grams[plan.grams.length - 1].offset + 2;
    runs[0].forEach(function (_first, ref) {
      if (!runs.every(function (run) { return run.has(ref); })) return;
      /* Walk every gram's sorted positions at once: a start counts when each gram stands
       * at start + its offset. */
      var lists = runs.map(function (run, k) { return runPositions(entries[k], run.get(ref)); });
      var cursors = lists.map(function () { return 0; });
      var starts = lists[0].filter(function (start) {
        for (var k = 1; k < lists.length; k++) {
          var want = start + plan.grams[k].offset;
          var list = lists[k];
          while (cursors[k] < list.length && list[cursors[k]] < want) cursors[k] += 1;
          if (list[cursors[k]] !== want) return false;
        }
        return true;
      });
      if (!starts.length) return;
      var ends = starts.map(function (start) { return start + length; });
      out.set(ref, { count: starts.length, starts: starts, ends: ends });
    });
    return out;
  }

  /* Where any of several strings stands (a clause and its aliases): the places merged. */
  function union(placesList) {
    if (placesList.length === 1) return placesList[0];
    var out = new Map();
    placesList.forEach(function (places) {
      places.forEach(function (place, ref) {
        var into = out.get(ref) || { count: 0, spans: [] };
        into.count += place.count;
        place.starts.forEach(function (start, k) { into.spans.push([start, place.ends[k]]); });
        out.set(ref, into);
      });
    });
    out.forEach(function (into, ref) {
      into.spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
      out.set(ref, {
        count: into.count,
        starts: into.spans.map(function (span) { return span[0]; }),
        ends: into.spans.map(function (span) { return span[1]; }),
      });
    });
    return out;
  }

  /* Whether one occurrence of each clause stands within NEAR characters, first start to last
   * end: for each occurrence as the leftmost, the nearest end of every clause after it.
   * A clause with no positions (a single character) is never near. */
  var NEAR = 40;
  function near(places) {
    if (places.some(function (place) { return !place.starts.length; })) return false;
    return places.some(function (place) {
      return place.starts.some(function (left) {
        return places.every(function (other) {
          var end = Infinity;
          other.starts.forEach(function (start, k) {
            if (start >= left) end = Math.min(end, other.ends[k]);
          });
          return end - left <= NEAR;
        });
      });
    });
  }

  /* lunr's BM25 constants, as lunr.Builder has them. */
  var K1 = 1.2;
  var B = 0.75;

  /* Python's round(x, 3), which lunr.py stores weights with: x * 1000 rounded, except close
   * to a half, where the product's own rounding could tip it; there toFixed, which rounds
   * the exact value as Python does. */
  function round3(x) {
    var scaled = x * 1000;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) scaled = Number(x.toFixed(3)) * 1000;
    return Math.round(scaled) / 1000;
  }

  /* fn(ref, tf, length) for each posting of a [ref delta, tf, field length, …] list. */
  function eachPosting(flat, fn) {
    var ref = 0;
    for (var i = 0; i < flat.length; i += 3) {
      ref += flat[i];
      fn(ref, flat[i + 1], flat[i + 2]);
    }
  }

  /* lunr's score for every article holding a query term, computed as lunr.Index#query does
   * (same terms, same order of additions) from the terms' postings and the archive's
   * statistics: each weight as lunr.Builder computes it (BM25, rounded to 3 places).
   * ``stats``: {documents, lengths (per field, summed), boosts (per field)}. */
  function lunrScores(terms, lookup, stats) {
    var fieldCount = stats.boosts.length;
    var found = [];
    terms.forEach(function (term) {
      var entry = lookup(term);
      if (entry) found.push({ boost: Math.max(1, Array.from(term).length), entry: entry });
    });
    var scores = new Map();
    if (!found.length) return scores;
    /* Field references in the order lunr first meets them: by query term, field, ref. */
    var order = [];
    var dots = new Map();
    found.forEach(function (hit) {
      for (var f = 0; f < fieldCount; f++) {
        eachPosting(hit.entry[1 + f], function (ref) {
          var fieldRef = f + "/" + ref;
          if (!dots.has(fieldRef)) {
            dots.set(fieldRef, 0);
            order.push([fieldRef, ref]);
          }
        });
      }
    });
    var averages = stats.lengths.map(function (sum) { return sum / stats.documents; });
    /* Dot products and the query's length sum in lunr's term index order. */
    var byIndex = found.slice().sort(function (a, b) { return a.entry[0] - b.entry[0]; });
    var squares = 0;
    byIndex.forEach(function (hit) {
      squares += hit.boost * hit.boost;
      var holding = 0;
      for (var f = 0; f < fieldCount; f++) holding += hit.entry[1 + f].length / 3;
      var x = (stats.documents - holding + 0.5) / (holding + 0.5);
      var idf = Math.log(1 + Math.abs(x));
      for (f = 0; f < fieldCount; f++) {
        var average = averages[f];
        var fieldBoost = stats.boosts[f];
        eachPosting(hit.entry[1 + f], function (ref, tf, length) {
          var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf);
          score *= fieldBoost;
          var fieldRef = f + "/" + ref;
          dots.set(fieldRef, dots.get(fieldRef) + hit.boost * round3(score));
        });
      }
    });
    var magnitude = Math.sqrt(squares);
    order.forEach(function (pair) {
      var score = dots.get(pair[0]) / magnitude || 0;
      scores.set(pair[1], scores.has(pair[1]) ? scores.get(pair[1]) + score : score);
    });
    return scores;
  }

  /* Ranking tiers, best first: the exact phrase, every clause near the others, every clause
   * in the title, the rest. */
  var PHRASE = 3;
  var NEARBY = 2;
  var TITLE = 1;

  function byRank(a, b) {
    return (b.tier - a.tier) || (b.score - a.score) || (b.count - a.count) || (a.ref - b.ref);
  }

  /* Results in rank order, split in full matches (every clause stands in the article) and
   * partial ones (some clause or some term does); excluded articles in neither. Within a
   * tier, by lunr score, then how often the phrase stands there, then archive order.
   * ``found``: scores (ref → lunr score), places (per clause, ref → {count, starts}), phrase
   * (ref → {count, starts}), excluded (Set of refs), titled (per clause, Set of refs). */
  function rank(clauses, found) {
    var refs = new Set(found.scores.keys());
    found.places.forEach(function (place) {
      place.forEach(function (_where, ref) { refs.add(ref); });
    });
    var full = [];
    var partial = [];
    refs.forEach(function (ref) {
      if (found.excluded.has(ref)) return;
      var where = found.places.map(function (place) { return place.get(ref); });
      var complete = clauses.length > 0 && where.every(Boolean);
      var count = found.phrase.has(ref) ? found.phrase.get(ref).count : 0;
      var tier = 0;
      if (count) tier = PHRASE;
      else if (complete && clauses.length > 1 && near(where)) tier = NEARBY;
      else if (found.titled.every(function (set) { return set.has(ref); })) tier = TITLE;
      var hit = { ref: ref, score: found.scores.get(ref) || 0, tier: tier, count: count };
      (complete ? full : partial).push(hit);
    });
    return { hits: full.sort(byRank), partial: partial.sort(byRank) };
  }

  /* The refs whose title holds one of ``terms`` (the title is lunr's first field). */
  function titleRefs(terms, lookup) {
    var refs = new Set();
    terms.forEach(function (term) {
      var entry = lookup(term);
      if (entry) eachPosting(entry[1], function (ref) { refs.add(ref); });
    });
    return refs;
  }

  /* The layout of the index files this code reads (briefgen.search.hashed.FORMAT). */
  var FORMAT = 2;
  /* Shards listed by one name table (hashed.TABLE). */
  var TABLE = 256;

  function unique(list) {
    return list.filter(function (item, k) { return item && list.indexOf(item) === k; });
  }

  /* A search over the split index. ``load(name)`` returns a promise of an index file's data
   * (name: "t/3.ab12cd34" for t/3.ab12cd34.js); the result is {terms, hits}, hits ranked as
   * rank() says. Every file but the manifest is named by its content's hash: shards through
   * their kind's name tables, results through their issue's hash (manifest.groups). */
  function Searcher(manifest, load) {
    if (!manifest || manifest.version !== FORMAT) throw new Error("search index format");
    this.manifest = manifest;
    this.load = load;
    this.files = {};
    this.aliases = null;
    /* The last few queries' results: Enter after typing finds the one computed meanwhile. */
    this.recent = new Map();
  }

  Searcher.prototype.shardNumber = function (kind, key) {
    return bucket(key, this.manifest.shards[kind]);
  };

  /* The name table that lists a shard (the same table lists every kind's). */
  Searcher.prototype.tableName = function (number) {
    var k = Math.floor(number / TABLE);
    return "names-" + k + "." + this.manifest.tables[k];
  };

  /* A shard's file name, or null when it is empty (or its table is not loaded). */
  Searcher.prototype.shardFile = function (kind, key) {
    var number = this.shardNumber(kind, key);
    var table = this.files[this.tableName(number)];
    var hash = table && table[kind][number % TABLE];
    return hash ? kind + "/" + number + "." + hash : null;
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

  /* Load the shards holding ``wanted`` ([kind, key] pairs): their name tables, then those
   * that are not empty. Both steps are instant for files already in. */
  Searcher.prototype.need = function (wanted) {
    var self = this;
    wanted = wanted.filter(function (pair) { return self.manifest.shards[pair[0]]; });
    var tables = wanted.map(function (pair) {
      return self.tableName(self.shardNumber(pair[0], pair[1]));
    });
    return this.fetch(tables).then(function () {
      return self.fetch(wanted.map(function (pair) { return self.shardFile(pair[0], pair[1]); }));
    });
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

  /* An English word or phrase as CC-CEDICT's senses are written: itself, and without a
   * plural ending ("controls" → "control"). */
  function singulars(phrase) {
    var out = [phrase];
    if (/[a-z]s$/.test(phrase)) out.push(phrase.slice(0, -1));
    if (/[a-z]es$/.test(phrase)) out.push(phrase.slice(0, -2));
    return out;
  }

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

  /* The names a clause asks for: itself, its aliases (words.js) and, for English, the
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

  /* The shards ([kind, key]) that strings of a query need: term shards by every first
   * character a term could have, gram shards for where each string stands. */
  function shardKeys(asked, others) {
    var keys = termKeys(asked.join(" ")).map(function (ch) { return ["t", ch]; });
    asked.concat(others).forEach(function (needle) {
      var plan = exactPlan(needle);
      if (plan) plan.grams.forEach(function (g) { keys.push([plan.kind, g.gram]); });
    });
    return keys;
  }

  /* The shards a query needs, once its aliases and English words are looked up. */
  function keysFor(read) {
    var asked = [].concat.apply([], read.variants);
    return shardKeys(asked, read.parts.excluded.concat([read.parts.needle]));
  }

  /* The shards a query needs as typed, before aliases, English senses or folding: fetched
   * together with those, so a plain query has its shards after one round of requests. */
  function keysAsTyped(query) {
    var parts = parseQuery(query);
    return englishKeys(parts).concat(shardKeys(parts.clauses, parts.excluded.concat([parts.needle])));
  }

  /* Traditional characters in a query as the simplified ones the archive has: words.js's
   * pairs, read the first time a query has a CJK character (then Map(traditional →
   * simplified)). */
  Searcher.prototype.simplified = function (query) {
    var self = this;
    if (this.folding || !CJK_ANY.test(query)) return Promise.resolve(this.simplify(query));
    return this.loadWords().then(function (words) {
      var chars = Array.from(words.fold);
      self.folding = new Map();
      for (var k = 0; k + 1 < chars.length; k += 2) self.folding.set(chars[k], chars[k + 1]);
      return self.simplify(query);
    });
  };

  Searcher.prototype.simplify = function (query) {
    var folding = this.folding;
    if (!folding) return query;
    return Array.from(query).map(function (ch) { return folding.get(ch) || ch; }).join("");
  };

  /* words.js, loaded at the first query: the traditional → simplified pairs (``fold``) and
   * the alias table (``aliases``). */
  Searcher.prototype.loadWords = function () {
    var self = this;
    return this.load(this.manifest.files.words).then(function (words) {
      self.aliases = words.aliases;
      return words;
    });
  };

  /* Start fetching what a query as typed needs (its term and gram shards, the words file),
   * without searching: a pasted query's files are then on their way before Enter. Not the
   * English shards, keyed by whole words: every prefix typed would fetch another. */
  Searcher.prototype.prefetch = function (query) {
    var keys = keysAsTyped(query).filter(function (pair) { return pair[0] !== "e"; });
    return Promise.all([this.loadWords(), this.need(keys)]).catch(function () {
      return null; /* the search proper reports a file that could not load */
    });
  };

  Searcher.prototype.search = function (query) {
    var self = this;
    if (this.recent.has(query)) return this.recent.get(query);
    var found = Promise.all([
      this.simplified(query),
      this.loadWords(),
      this.need(keysAsTyped(query)),
    ]).then(function (ready) { return self.compute(ready[0]); });
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
    var manifest = this.manifest;
    return this.need(englishKeys(parseQuery(query))).then(function () {
      read = self.read(query);
      return self.need(keysFor(read));
    }).then(function () {
      var lookup = function (term) {
        var table = self.shard("t", Array.from(term)[0]);
        return Object.prototype.hasOwnProperty.call(table, term) ? table[term] : undefined;
      };
      var vocabulary = { has: function (term) { return !!lookup(term); } };
      var shard = function (kind, gram) { return self.shard(kind, gram); };
      var where = function (needle) { return exactStarts(exactPlan(needle), shard); };
      var terms = queryTerms([].concat.apply([], read.variants).join(" "), vocabulary);
      var excluded = new Set();
      read.parts.excluded.forEach(function (needle) {
        where(needle).forEach(function (_where, ref) { excluded.add(ref); });
      });
      var places = read.variants.map(function (names) { return union(names.map(where)); });
      var stats = { documents: manifest.documents, lengths: manifest.lengths, boosts: manifest.boosts };
      var ranked = rank(read.clauses, {
        scores: lunrScores(terms, lookup, stats),
        places: places,
        phrase: where(read.parts.needle), /* the words as typed, not an alias */
        excluded: excluded,
        titled: read.variants.map(function (names) {
          return titleRefs(queryTerms(names.join(" "), vocabulary), lookup);
        }),
      });
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

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  /* HTML of a text with the query and its terms marked: escaped first, then marked. */
  function highlight(text, needles) {
    var lower = foldInPlace(text);
    var marks = new Array(text.length + 1).fill(0);
    needles.filter(Boolean).forEach(function (needle) {
      var n = foldInPlace(needle).replace(/ +/g, " ").trim();
      var at = lower.indexOf(n);
      while (at >= 0 && n.length) {
        marks[at] += 1;
        marks[at + n.length] -= 1;
        at = lower.indexOf(n, at + n.length);
      }
    });
    var html = "";
    var depth = 0;
    var open = false;
    for (var i = 0; i <= text.length; i++) {
      depth += marks[i];
      if (depth > 0 && !open) { html += "<mark>"; open = true; }
      if (depth <= 0 && open) { html += "</mark>"; open = false; }
      if (i < text.length) html += escapeHtml(text[i]);
    }
    return html;
  }

  /* About ``width`` characters of a text around the first place the query (or else one of
   * its terms) stands. */
  function snippet(text, query, terms, width) {
    width = width || 120;
    var haystack = foldInPlace(text);
    var needles = [foldInPlace(query).replace(/ +/g, " ").trim()].concat(terms);
    var at = -1;
    for (var k = 0; at < 0 && k < needles.length; k++) {
      if (needles[k]) at = haystack.indexOf(needles[k]);
    }
    at = Math.max(at, 0);
    var start = Math.max(0, at - Math.floor(width / 3));
    var part = text.slice(start, start + width);
    return (start > 0 ? "…" : "") + part + (start + width < text.length ? "…" : "");
  }

  /* Index files hand their data here; the page takes over ``loaded`` to hear of later ones,
   * and finds those that came first (the manifest, loaded by the page itself) in ``received``. */
  var received = {};

  var api = {
    received: received,
    loaded: function (name, data) { received[name] = data; },
    normalise: normalise,
    fold: fold,
    bucket: bucket,
    queryTerms: queryTerms,
    parseQuery: parseQuery,
    rank: rank,
    PHRASE: PHRASE,
    Searcher: Searcher,
    escapeHtml: escapeHtml,
    highlight: highlight,
    snippet: snippet,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BriefgenSearch = api;
})(this);
