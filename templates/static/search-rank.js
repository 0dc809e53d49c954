/* briefgen search, part 3 of search-core.js: ranking. lunr's BM25 score recomputed from the
 * raw counts the term shards hold, and the order of results (full matches first, then by
 * score), from where the query's strings stand (search-places.js). Tests check the scores
 * against lunr.js on the whole index, float for float. Run alone under node (the tests), it
 * requires search-places.js. */
(function (parts) {
  "use strict";

  var near = (parts.places || require("./search-places.js")).near;

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
   * ``stats``: {documents, lengths (per field, summed), boosts (per field)}. The answer:
   * {refs, of}: the articles scored, in the order lunr first meets them, and every article's
   * score by ref (0 for the others). Arrays by ref, not Maps: a common term holds thousands
   * of articles, and keyed lookups were most of the time. */
  function lunrScores(terms, lookup, stats) {
    var fieldCount = stats.boosts.length;
    var found = [];
    terms.forEach(function (term) {
      var entry = lookup(term);
      if (entry) found.push({ boost: Math.max(1, Array.from(term).length), entry: entry });
    });
    var scores = { refs: [], of: new Float64Array(stats.documents) };
    if (!found.length) return scores;
    /* Field references (ref × fields + field) in the order lunr first meets them: by query
     * term, field, ref. */
    var order = new Int32Array(stats.documents * fieldCount);
    var ordered = 0;
    var dots = new Float64Array(stats.documents * fieldCount);
    var met = new Uint8Array(stats.documents * fieldCount);
    for (var h = 0; h < found.length; h++) {
      for (var f = 0; f < fieldCount; f++) {
        var flat = found[h].entry[1 + f];
        var ref = 0;
        for (var i = 0; i < flat.length; i += 3) {
          ref += flat[i];
          var fieldRef = ref * fieldCount + f;
          if (!met[fieldRef]) {
            met[fieldRef] = 1;
            order[ordered++] = fieldRef;
          }
        }
      }
    }
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
      for (f = 0; f < fieldCount; f++) addWeights(dots, hit, f, fieldCount, {
        idf: idf, average: averages[f], boost: stats.boosts[f],
      });
    });
    var magnitude = Math.sqrt(squares);
    var scored = new Uint8Array(stats.documents);
    for (var k = 0; k < ordered; k++) {
      fieldRef = order[k];
      ref = (fieldRef - fieldRef % fieldCount) / fieldCount;
      var score = dots[fieldRef] / magnitude || 0;
      if (scored[ref]) scores.of[ref] += score;
      else {
        scored[ref] = 1;
        scores.of[ref] = score;
        scores.refs.push(ref);
      }
    }
    return scores;
  }

  /* Each posting's weight of one query term in field ``f``, added to its field reference's
   * dot product. ``weight``: the term's idf, the field's average length and boost. */
  function addWeights(dots, hit, f, fieldCount, weight) {
    var flat = hit.entry[1 + f];
    var ref = 0;
    for (var i = 0; i < flat.length; i += 3) {
      ref += flat[i];
      var tf = flat[i + 1];
      var length = flat[i + 2];
      var score = weight.idf * ((K1 + 1) * tf) /
        (K1 * (1 - B + B * (length / weight.average)) + tf);
      score *= weight.boost;
      dots[ref * fieldCount + f] += hit.boost * round3(score);
    }
  }

  /* Ranking tiers, best first: the exact phrase, every clause near the others, every clause
   * in the title, the rest. */
  var PHRASE = 3;
  var NEARBY = 2;
  var TITLE = 1;

  function byRank(a, b) {
    return (b.tier - a.tier) || (b.score - a.score) || (b.count - a.count) || (a.ref - b.ref);
  }

  /* The results of a query, not yet in order: full matches (every clause stands in the
   * article) and partial ones (some clause or some term does); excluded articles in
   * neither. ``found``: scores (lunrScores'), places (per clause, ref → {count, starts}),
   * phrase (ref → {count, starts}), excluded (Set of refs), titled (per clause, Set of
   * refs). */
  function matches(clauses, found) {
    var places = found.places;
    var seen = new Uint8Array(found.scores.of.length);
    var full = [];
    var partial = [];
    var consider = function (ref) {
      if (seen[ref]) return;
      seen[ref] = 1;
      if (found.excluded.size && found.excluded.has(ref)) return;
      var complete = clauses.length > 0;
      for (var c = 0; complete && c < places.length; c++) complete = places[c].has(ref);
      (complete ? full : partial).push(hitOf(clauses, found, ref, complete));
    };
    var refs = found.scores.refs;
    for (var k = 0; k < refs.length; k++) consider(refs[k]);
    places.forEach(function (place) {
      place.forEach(function (_where, ref) { consider(ref); });
    });
    return { hits: full, partial: partial };
  }

  /* One article's result: {ref, score, tier, count}; ``complete``: a full match. Of an
   * article holding the phrase, known from the scores and the phrase alone (the top result
   * drawn early, search-searcher.js). */
  function hitOf(clauses, found, ref, complete) {
    var phrased = found.phrase.get(ref);
    var count = phrased ? phrased.count : 0;
    var tier = 0;
    if (count) tier = PHRASE;
    else if (complete && clauses.length > 1 &&
      near(found.places.map(function (place) { return place.get(ref); }))) tier = NEARBY;
    else if (inEvery(found.titled, ref)) tier = TITLE;
    return { ref: ref, score: found.scores.of[ref] || 0, tier: tier, count: count };
  }

  function inEvery(sets, ref) {
    for (var k = 0; k < sets.length; k++) if (!sets[k].has(ref)) return false;
    return true;
  }

  /* The first of ``hits`` in rank order, or null: known before the rest are sorted. */
  function best(hits) {
    var top = null;
    for (var k = 0; k < hits.length; k++) {
      if (top === null || byRank(hits[k], top) < 0) top = hits[k];
    }
    return top;
  }

  /* The top ref when the phrase stands in a full match (the first tier, so the first of
   * them by byRank is the top), else -1. ``found``: matches()'s, ``titled`` aside. */
  function bestPhrased(found) {
    var top = -1;
    var topScore = 0;
    var topCount = 0;
    found.phrase.forEach(function (place, ref) {
      if (found.excluded.has(ref)) return;
      for (var c = 0; c < found.places.length; c++) if (!found.places[c].has(ref)) return;
      var score = found.scores.of[ref] || 0;
      var better = top < 0 || score > topScore ||
        (score === topScore && (place.count > topCount || (place.count === topCount && ref < top)));
      if (!better) return;
      top = ref;
      topScore = score;
      topCount = place.count;
    });
    return top;
  }

  /* bestPhrased's answer for a query of one clause (found.places still empty), read from
   * the phrase's places as an alias bundle holds them ([ref delta, n, first start, n - 1
   * deltas, …]: placesFrom's input) without making their Map first: {ref, count}, the top
   * ref (-1 if none) and how often the phrase stands there. A common name stands in
   * thousands of articles; its Map is made while the top result's file is on the way. */
  function bestInRuns(flat, scores, excluded) {
    var top = -1;
    var topScore = 0;
    var topCount = 0;
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      if (excluded.size && excluded.has(ref)) continue;
      var score = scores.of[ref] || 0;
      var count = flat[i + 1];
      var better = top < 0 || score > topScore ||
        (score === topScore && (count > topCount || (count === topCount && ref < top)));
      if (!better) continue;
      top = ref;
      topScore = score;
      topCount = count;
    }
    return { ref: top, count: topCount };
  }

  /* hitOf's answer for an article where the phrase stands ``count`` times (count > 0). */
  function phrasedHit(scores, ref, count) {
    return { ref: ref, score: scores.of[ref] || 0, tier: PHRASE, count: count };
  }

  /* ``hits`` in rank order (in place): by tier, then lunr score, then how often the phrase
   * stands there, then archive order. */
  function order(hits) {
    return hits.sort(byRank);
  }

  /* Results in rank order, split in full matches and partial ones (matches()). */
  function rank(clauses, found) {
    var results = matches(clauses, found);
    return { hits: order(results.hits), partial: order(results.partial) };
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


  var api = {
    lunrScores: lunrScores,
    matches: matches,
    hitOf: hitOf,
    best: best,
    bestPhrased: bestPhrased,
    bestInRuns: bestInRuns,
    phrasedHit: phrasedHit,
    order: order,
    rank: rank,
    titleRefs: titleRefs,
    PHRASE: PHRASE,
  };
  parts.rank = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(this.BriefgenSearchParts = this.BriefgenSearchParts || {});
