/* briefgen search, the parts with no page in them: query terms, the split index, ranking,
 * snippets. Mirrors briefgen.search (query_terms, fold, bucket); tests run both sides on the
 * same queries, and check the ranking against lunr.js on the whole index. */
(function (root) {
  "use strict";

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var PIECES = new RegExp("[" + CJK + "]+|[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?", "g");
  var CJK_RUN = new RegExp("^[" + CJK + "]+$");
  var MAX_TERM = 12;

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

  /* The grams that prove the exact query string stands in an article: the string itself when
   * it is one or two characters ("g" shards), else two-character grams with positions ("p"
   * shards) at offsets 0, 2, 4 … and the last, which between them cover every character. */
  function exactPlan(needle) {
    var chars = Array.from(needle);
    if (!chars.length) return null;
    if (chars.length <= 2) return { kind: "g", grams: [{ gram: needle, offset: 0 }] };
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

  /* Map(ref → how often the exact string stands there), from the loaded gram shards. */
  function exactCounts(plan, shard) {
    if (!plan) return new Map();
    var entries = plan.grams.map(function (g) { return shard(plan.kind, g.gram)[g.gram]; });
    if (entries.some(function (entry) { return entry === undefined; })) return new Map();
    if (plan.kind === "g") return pairs(entries[0]);
    var runs = entries.map(positionRuns);
    var counts = new Map();
    runs[0].forEach(function (first, ref) {
      if (!runs.every(function (run) { return run.has(ref); })) return;
      /* Walk every gram's sorted positions at once: a start counts when each gram stands
       * at start + its offset. */
      var lists = runs.map(function (run, k) { return runPositions(entries[k], run.get(ref)); });
      var cursors = lists.map(function () { return 0; });
      var count = 0;
      lists[0].forEach(function (start) {
        for (var k = 1; k < lists.length; k++) {
          var want = start + plan.grams[k].offset;
          var list = lists[k];
          while (cursors[k] < list.length && list[cursors[k]] < want) cursors[k] += 1;
          if (list[cursors[k]] !== want) return;
        }
        count += 1;
      });
      if (count) counts.set(ref, count);
    });
    return counts;
  }

  /* lunr's score for every article holding a query term, computed as lunr.Index#query does
   * (same terms, same order of additions), from the terms' postings alone. */
  function lunrScores(terms, lookup, fieldCount) {
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
        eachPair(hit.entry[1 + f], function (ref) {
          var fieldRef = f + "/" + ref;
          if (!dots.has(fieldRef)) {
            dots.set(fieldRef, 0);
            order.push([fieldRef, ref]);
          }
        });
      }
    });
    /* Dot products and the query's length sum in lunr's term index order. */
    var byIndex = found.slice().sort(function (a, b) { return a.entry[0] - b.entry[0]; });
    var squares = 0;
    byIndex.forEach(function (hit) {
      squares += hit.boost * hit.boost;
      for (var f = 0; f < fieldCount; f++) {
        eachPair(hit.entry[1 + f], function (ref, weight) {
          var fieldRef = f + "/" + ref;
          dots.set(fieldRef, dots.get(fieldRef) + hit.boost * (weight / 1000));
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

  /* Results in rank order: articles holding the exact query string first, then the rest;
   * within each, by lunr score, then how often the string stands there, then archive order. */
  function rank(scores, counts) {
    var refs = new Set(scores.keys());
    counts.forEach(function (_count, ref) { refs.add(ref); });
    var hits = [];
    refs.forEach(function (ref) {
      var count = counts.get(ref) || 0;
      hits.push({ ref: ref, score: scores.get(ref) || 0, exact: count > 0, count: count });
    });
    return hits.sort(function (a, b) {
      return (b.exact - a.exact) || (b.score - a.score) || (b.count - a.count) || (a.ref - b.ref);
    });
  }

  /* A search over the split index. ``load(name)`` returns a promise of a shard's data;
   * the result is {terms, hits}, hits ranked as rank() says. */
  function Searcher(manifest, load) {
    this.manifest = manifest;
    this.load = load;
    this.shards = {};
    /* The last few queries' results: Enter after typing finds the one computed meanwhile. */
    this.recent = new Map();
  }

  Searcher.prototype.shardName = function (kind, key) {
    return kind + "/" + bucket(key, this.manifest.shards[kind]);
  };

  Searcher.prototype.shard = function (kind, key) {
    return this.shards[this.shardName(kind, key)] || {};
  };

  Searcher.prototype.fetch = function (names) {
    var self = this;
    return Promise.all(names.map(function (name) {
      if (self.shards[name]) return null;
      return self.load(name).then(function (data) { self.shards[name] = data; });
    }));
  };

  /* The index files a query needs (the page fetches them while the query is typed). */
  Searcher.prototype.filesFor = function (query) {
    var self = this;
    var plan = exactPlan(fold(query).trim());
    var names = termKeys(query).map(function (ch) { return self.shardName("t", ch); });
    if (plan) {
      plan.grams.forEach(function (g) { names.push(self.shardName(plan.kind, g.gram)); });
    }
    return names.filter(function (name, k) { return names.indexOf(name) === k; });
  };

  Searcher.prototype.search = function (query) {
    var self = this;
    if (this.recent.has(query)) return this.recent.get(query);
    var found = this.compute(query);
    this.recent.set(query, found);
    if (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value);
    found.catch(function () { self.recent.delete(query); });
    return found;
  };

  Searcher.prototype.compute = function (query) {
    var self = this;
    var plan = exactPlan(fold(query).trim());
    return this.fetch(this.filesFor(query)).then(function () {
      var lookup = function (term) {
        var table = self.shard("t", Array.from(term)[0]);
        return Object.prototype.hasOwnProperty.call(table, term) ? table[term] : undefined;
      };
      var terms = queryTerms(query, { has: function (term) { return !!lookup(term); } });
      var scores = lunrScores(terms, lookup, self.manifest.fields.length);
      var counts = exactCounts(plan, function (kind, gram) { return self.shard(kind, gram); });
      return { terms: terms, hits: rank(scores, counts) };
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
    rank: rank,
    Searcher: Searcher,
    escapeHtml: escapeHtml,
    highlight: highlight,
    snippet: snippet,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BriefgenSearch = api;
})(this);
