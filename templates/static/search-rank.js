/* briefgen search, part 2 of search-core.js: ranking. Where an exact string stands (from the
 * two-character gram positions), lunr's BM25 score recomputed from the raw counts the term
 * shards hold, and the order of results (full matches first, then by score). Tests check the
 * scores against lunr.js on the whole index, float for float. */
(function (parts) {
  "use strict";

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

  /* [ref delta, n, first, n - 1 deltas, …] → {refs, at}: the refs in order, and where each
   * one's positions start in flat. */
  function positionRuns(flat) {
    var refs = [];
    var at = [];
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      refs.push(ref);
      at.push(i + 1);
    }
    return { refs: refs, at: at };
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
    var grams = runs.length;
    /* Plain loops, each later gram's positions read from its deltas as the walk goes (a
     * common gram stands in thousands of articles: allocation was most of the time). Per
     * later gram: which of its refs the walk is at (refs ascend in every run), the last
     * position read (-1: none yet), the next delta's index, and how many positions are left
     * unread. */
    var cursor = new Array(grams).fill(0);
    var value = new Array(grams);
    var next = new Array(grams);
    var left = new Array(grams);
    var firstRefs = runs[0].refs;
    for (var r = 0; r < firstRefs.length; r++) {
      var ref = firstRefs[r];
      var k;
      for (k = 1; k < grams; k++) {
        var theirs = runs[k].refs;
        var c = cursor[k];
        while (c < theirs.length && theirs[c] < ref) c++;
        cursor[k] = c;
        if (theirs[c] !== ref) break;
        var found = runs[k].at[c];
        value[k] = -1;
        next[k] = found + 1;
        left[k] = entries[k][found];
      }
      if (k < grams) continue;
      var starts = startsOf(plan, entries, runs[0].at[r], value, next, left);
      if (!starts.length) continue;
      var ends = new Array(starts.length);
      for (var i = 0; i < starts.length; i++) ends[i] = starts[i] + length;
      out.set(ref, { count: starts.length, starts: starts, ends: ends });
    }
    return out;
  }

  /* The starts of one article where every gram of ``plan`` stands at start + its offset:
   * the first gram's sorted positions (from ``first`` in its list) walked with the others'
   * at once (value, next, left: exactStarts' cursors into the later grams' positions). */
  function startsOf(plan, entries, first, value, next, left) {
    var grams = entries.length;
    var flat = entries[0];
    var starts = [];
    var start = 0;
    for (var i = 0, n = flat[first]; i < n; i++) {
      start += flat[first + 1 + i];
      var k;
      for (k = 1; k < grams; k++) {
        var want = start + plan.grams[k].offset;
        var list = entries[k];
        while (value[k] < want && left[k] > 0) {
          value[k] = Math.max(value[k], 0) + list[next[k]];
          next[k] += 1;
          left[k] -= 1;
        }
        if (value[k] !== want) break;
      }
      if (k === grams) starts.push(start);
    }
    return starts;
  }

  /* exactStarts' answer from a string's starts as an alias bundle holds them ([ref delta, n,
   * first start, n - 1 deltas, …]; ``length``: the string's, in characters). */
  function placesFrom(flat, length) {
    var out = new Map();
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      var starts = runPositions(flat, i + 1);
      var ends = new Array(starts.length);
      for (var k = 0; k < starts.length; k++) ends[k] = starts[k] + length;
      out.set(ref, { count: starts.length, starts: starts, ends: ends });
    }
    return out;
  }

  /* exactStarts' answer for one character from its counts ([ref delta, count, …]). */
  function countsFrom(flat) {
    var out = new Map();
    pairs(flat).forEach(function (count, ref) {
      out.set(ref, { count: count, starts: [], ends: [] });
    });
    return out;
  }

  /* Where any of several strings stands (a clause and its aliases): the places merged. */
  function union(placesList) {
    if (placesList.length === 1) return placesList[0];
    var holding = new Map();
    placesList.forEach(function (places) {
      places.forEach(function (place, ref) {
        var list = holding.get(ref);
        if (list) list.push(place);
        else holding.set(ref, [place]);
      });
    });
    var out = new Map();
    /* Where one string alone stands, its place as it is (places are only read). */
    holding.forEach(function (list, ref) { out.set(ref, list.length > 1 ? merged(list) : list[0]); });
    return out;
  }

  /* Several strings' places in one article as one: the counts summed, the spans in order of
   * start, then end. Each string's spans are in that order already: merged, not sorted (a
   * common word stands thousands of times, and a pair per span was most of the time). */
  function merged(list) {
    var count = 0;
    var total = 0;
    for (var k = 0; k < list.length; k++) {
      count += list[k].count;
      total += list[k].starts.length;
    }
    var starts = new Array(total);
    var ends = new Array(total);
    var at = new Array(list.length).fill(0);
    for (var n = 0; n < total; n++) {
      var pick = -1;
      for (k = 0; k < list.length; k++) {
        if (at[k] < list[k].starts.length && (pick < 0 || before(list[k], at[k], list[pick], at[pick]))) {
          pick = k;
        }
      }
      starts[n] = list[pick].starts[at[pick]];
      ends[n] = list[pick].ends[at[pick]];
      at[pick] += 1;
    }
    return { count: count, starts: starts, ends: ends };
  }

  /* Whether span i of place a comes before span j of place b: by start, then end. */
  function before(a, i, b, j) {
    return a.starts[i] < b.starts[j] || (a.starts[i] === b.starts[j] && a.ends[i] < b.ends[j]);
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
    var order = [];
    var dots = new Float64Array(stats.documents * fieldCount);
    var met = new Uint8Array(stats.documents * fieldCount);
    found.forEach(function (hit) {
      for (var f = 0; f < fieldCount; f++) {
        var flat = hit.entry[1 + f];
        var ref = 0;
        for (var i = 0; i < flat.length; i += 3) {
          ref += flat[i];
          var fieldRef = ref * fieldCount + f;
          if (!met[fieldRef]) {
            met[fieldRef] = 1;
            order.push(fieldRef);
          }
        }
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
      for (f = 0; f < fieldCount; f++) addWeights(dots, hit, f, fieldCount, {
        idf: idf, average: averages[f], boost: stats.boosts[f],
      });
    });
    var magnitude = Math.sqrt(squares);
    var scored = new Uint8Array(stats.documents);
    for (var k = 0; k < order.length; k++) {
      var fieldRef = order[k];
      var ref = (fieldRef - fieldRef % fieldCount) / fieldCount;
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
      if (found.excluded.has(ref)) return;
      var hit = matchOf(clauses, found, ref);
      (hit.complete ? full : partial).push(hit.hit);
    };
    found.scores.refs.forEach(consider);
    places.forEach(function (place) {
      place.forEach(function (_where, ref) { consider(ref); });
    });
    return { hits: full, partial: partial };
  }

  /* One article's result: {complete (a full match), hit: {ref, score, tier, count}}. */
  function matchOf(clauses, found, ref) {
    var places = found.places;
    var complete = clauses.length > 0;
    for (var c = 0; complete && c < places.length; c++) complete = places[c].has(ref);
    var phrased = found.phrase.get(ref);
    var count = phrased ? phrased.count : 0;
    var tier = 0;
    if (count) tier = PHRASE;
    else if (complete && clauses.length > 1 &&
      near(places.map(function (place) { return place.get(ref); }))) tier = NEARBY;
    else if (found.titled.every(function (set) { return set.has(ref); })) tier = TITLE;
    var hit = { ref: ref, score: found.scores.of[ref] || 0, tier: tier, count: count };
    return { complete: complete, hit: hit };
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
    exactStarts: exactStarts,
    placesFrom: placesFrom,
    countsFrom: countsFrom,
    union: union,
    lunrScores: lunrScores,
    matches: matches,
    best: best,
    bestPhrased: bestPhrased,
    order: order,
    rank: rank,
    titleRefs: titleRefs,
    PHRASE: PHRASE,
  };
  parts.rank = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(this.BriefgenSearchParts = this.BriefgenSearchParts || {});
