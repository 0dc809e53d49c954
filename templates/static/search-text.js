/* briefgen search, part 1 of search-core.js (the build joins search-text.js,
 * search-places.js, search-rank.js, search-query.js and search-searcher.js into it, and puts
 * the five at the head of search.js too, the one script the search page loads): the text
 * side. How a query is folded, cut into index terms and read as clauses, which shard holds a
 * key, and how a result's text is marked and cut to a snippet. Mirrors briefgen.search (query_terms, fold, bucket); tests run both sides alike. */
(function (parts) {
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

  /* Whether string a comes before b in code point order, as Python sorts strings (JavaScript
   * compares UTF-16 units, which differ past the Basic Multilingual Plane): -1, 0 or 1. */
  var SURROGATE = /[\ud800-\udfff]/;
  function byCodePoint(a, b) {
    if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
    var x = Array.from(a);
    var y = Array.from(b);
    for (var k = 0; k < x.length && k < y.length; k++) {
      if (x[k] !== y[k]) return x[k].codePointAt(0) < y[k].codePointAt(0) ? -1 : 1;
    }
    return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
  }

  /* Each alias key's bundle number, one file a key, as briefgen.search.bundles numbers them:
   * its bucket, or where a key before it (code point order) has that number, the next free
   * one (wrapping). Map(key → number). */
  function bundleNumbers(keys, count) {
    var numbers = new Map();
    var used = new Set();
    keys.slice().sort(byCodePoint).forEach(function (key) {
      var number = bucket(key, count);
      while (used.has(number)) number = (number + 1) % count;
      used.add(number);
      numbers.set(key, number);
    });
    return numbers;
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
      var covered = covering(chars, vocabulary, function (word) { terms.push(word); });
      chars.forEach(function (ch, k) {
        if (!covered[k] && vocabulary.has(ch)) terms.push(ch);
      });
    });
    return terms.filter(function (term, k) { return terms.indexOf(term) === k; });
  }

  /* Which characters of a CJK run the terms of ``vocabulary`` longer than one character
   * cover; ``found`` is told each such term, longest first. */
  function covering(chars, vocabulary, found) {
    var covered = chars.map(function () { return false; });
    for (var size = Math.min(chars.length, MAX_TERM); size > 1; size--) {
      for (var start = 0; start + size <= chars.length; start++) {
        var word = chars.slice(start, start + size).join("");
        if (!vocabulary.has(word)) continue;
        found(word);
        for (var k = start; k < start + size; k++) covered[k] = true;
      }
    }
    return covered;
  }

  /* A term's shard key: its first two characters (shards.term_key). */
  function termKey(term) {
    return Array.from(term).slice(0, 2).join("");
  }

  /* The term shards of every term a query could be cut into: a CJK run's character pairs
   * (a run of one: itself), a Latin word's termKey. A character alone is asked for only when
   * no longer term covers it (uncoveredCharacters). */
  function termKeys(query) {
    var keys = [];
    (normalise(query).match(PIECES) || []).forEach(function (piece) {
      var chars = Array.from(piece);
      var pieceKeys = [termKey(piece)];
      if (CJK_RUN.test(piece) && chars.length > 1) {
        pieceKeys = chars.slice(1).map(function (ch, k) { return chars[k] + ch; });
      }
      pieceKeys.forEach(function (key) { if (keys.indexOf(key) < 0) keys.push(key); });
    });
    return keys;
  }

  /* The characters of a query's CJK runs that no longer term of ``vocabulary`` covers. */
  function uncoveredCharacters(query, vocabulary) {
    var keys = [];
    (normalise(query).match(PIECES) || []).forEach(function (piece) {
      var chars = Array.from(piece);
      if (chars.length < 2 || !CJK_RUN.test(piece)) return;
      covering(chars, vocabulary, function () {}).forEach(function (covered, k) {
        if (!covered && keys.indexOf(chars[k]) < 0) keys.push(chars[k]);
      });
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

  /* An English word or phrase as CC-CEDICT's senses are written: itself, and without a
   * plural ending ("controls" → "control"). */
  function singulars(phrase) {
    var out = [phrase];
    if (/[a-z]s$/.test(phrase)) out.push(phrase.slice(0, -1));
    if (/[a-z]es$/.test(phrase)) out.push(phrase.slice(0, -2));
    return out;
  }

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


  var api = {
    CJK: CJK,
    normalise: normalise,
    fold: fold,
    foldInPlace: foldInPlace,
    bucket: bucket,
    bundleNumbers: bundleNumbers,
    queryTerms: queryTerms,
    termKey: termKey,
    termKeys: termKeys,
    uncoveredCharacters: uncoveredCharacters,
    exactPlan: exactPlan,
    parseQuery: parseQuery,
    singulars: singulars,
    escapeHtml: escapeHtml,
    highlight: highlight,
    snippet: snippet,
  };
  parts.text = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(this.BriefgenSearchParts = this.BriefgenSearchParts || {});
