/* briefgen search, the parts with no page in them: query terms, ranking, snippets.
 * Mirrors briefgen.search.query_terms; tests run both on the same queries. */
(function (root) {
  "use strict";

  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var PIECES = new RegExp("[" + CJK + "]+|[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?", "g");
  var CJK_RUN = new RegExp("^[" + CJK + "]+$");
  var MAX_TERM = 12;

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  /* normalise() one character at a time, keeping the length, so positions found in the
   * folded text are positions in the original ("…" would become "..." under NFKC). */
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i].normalize("NFKC").toLowerCase();
      out += ch.length === 1 ? ch : text[i].toLowerCase();
    }
    return out;
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

  /* A document's searchable text (title, section, tags, authors, body), folded once and
   * kept: queries then only look it up. The body comes last, for snippets. */
  var foldedCache = new WeakMap();
  function folded(doc) {
    var text = foldedCache.get(doc);
    if (text === undefined) {
      var head = [doc.title, doc.title_en, doc.section].concat(doc.tags, doc.authors);
      text = fold(head.join("\n") + "\n" + doc.text).replace(/\s/g, " ");
      foldedCache.set(doc, text);
    }
    return text;
  }

  /* Where the query string itself stands in a text, ignoring case and spacing. */
  function findExact(text, query) {
    var needle = fold(query).replace(/\s+/g, " ").trim();
    if (!needle) return -1;
    return fold(text).replace(/\s/g, " ").indexOf(needle);
  }

  /* Results in rank order: articles holding the exact query string first (by lunr score,
   * then how often it occurs), then articles holding only some of its terms.
   * A lunr ref is the document's position in ``documents``. */
  function rank(query, documents, scored) {
    var score = {};
    scored.forEach(function (hit) { score[hit.ref] = hit.score; });
    var exact = [];
    var needle = fold(query).replace(/\s+/g, " ").trim();
    documents.forEach(function (doc, ref) {
      var haystack = folded(doc);
      if (needle && haystack.indexOf(needle) >= 0) {
        var count = haystack.split(needle).length - 1;
        exact.push({ doc: doc, ref: String(ref), score: score[ref] || 0, count: count, exact: true });
      }
    });
    exact.sort(function (a, b) { return b.score - a.score || b.count - a.count; });
    var seen = {};
    exact.forEach(function (hit) { seen[hit.ref] = true; });
    var partial = scored
      .filter(function (hit) { return !seen[hit.ref] && documents[Number(hit.ref)]; })
      .map(function (hit) {
        return { doc: documents[Number(hit.ref)], ref: hit.ref, score: hit.score, exact: false };
      });
    return exact.concat(partial);
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  /* HTML of a text with the query and its terms marked: escaped first, then marked. */
  function highlight(text, needles) {
    var lower = fold(text);
    var marks = new Array(text.length + 1).fill(0);
    needles.filter(Boolean).forEach(function (needle) {
      var n = fold(needle).trim();
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

  /* About ``width`` characters of a document's text around the first place the query (or
   * else one of its terms) stands; positions come from the folded text kept for ranking. */
  function snippet(doc, query, terms, width) {
    width = width || 120;
    var text = doc.text;
    var haystack = folded(doc);
    var offset = haystack.length - text.length;
    var needles = [fold(query).replace(/\s+/g, " ").trim()].concat(terms);
    var at = -1;
    for (var k = 0; at < 0 && k < needles.length; k++) {
      if (needles[k]) at = haystack.indexOf(needles[k], offset);
    }
    at = at < 0 ? 0 : at - offset;
    var start = Math.max(0, at - Math.floor(width / 3));
    var part = text.slice(start, start + width);
    return (start > 0 ? "…" : "") + part + (start + width < text.length ? "…" : "");
  }

  var api = {
    normalise: normalise,
    fold: fold,
    queryTerms: queryTerms,
    findExact: findExact,
    rank: rank,
    escapeHtml: escapeHtml,
    highlight: highlight,
    snippet: snippet,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BriefgenSearch = api;
})(this);
