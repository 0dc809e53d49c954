/* briefgen search, part 2 of search-core.js: where an exact string stands. From the
 * two-character gram positions the gram shards hold (exactStarts), or the places an alias
 * bundle holds (placesFrom), as Map(ref → place): a place is {count, starts, ends}, its
 * spans (character positions in the article's folded text) read only when asked for; and
 * whether a query's clauses stand near each other (near). */
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
    if (entries.length === 1) return gramPlaces(entries[0]);
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

  /* A place whose spans are read only when asked for (``starts``, ``ends``): a query of one
   * clause reads only the counts, and a common name stands in thousands of articles, where
   * decoding every span (and the garbage it left) was most of an alias query's time.
   * ``decode(place)`` gives {starts, ends}, once. */
  function lazySpans(Place, decode) {
    var spans = function (place) { return place.spans || (place.spans = decode(place)); };
    Object.defineProperty(Place.prototype, "starts", { get: function () { return spans(this).starts; } });
    Object.defineProperty(Place.prototype, "ends", { get: function () { return spans(this).ends; } });
  }

  /* One article's run of an alias bundle's places: [n, first start, n - 1 deltas] from
   * ``at`` in ``flat``; ``length``: the string's, in characters. */
  function RunPlace(flat, at, length) {
    this.count = flat[at];
    this.flat = flat;
    this.at = at;
    this.length = length;
    this.spans = null;
  }
  lazySpans(RunPlace, function (place) {
    var starts = runPositions(place.flat, place.at);
    var ends = new Array(starts.length);
    for (var k = 0; k < starts.length; k++) ends[k] = starts[k] + place.length;
    return { starts: starts, ends: ends };
  });

  /* exactStarts' answer from a string's starts as an alias bundle holds them ([ref delta, n,
   * first start, n - 1 deltas, …]; ``length``: the string's, in characters). */
  function placesFrom(flat, length) {
    var out = new Map();
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      out.set(ref, new RunPlace(flat, i + 1, length));
    }
    return out;
  }

  /* exactStarts' answer for a string of two characters, one gram: its places as the gram's
   * positions are, spans read only when asked for (a query of one clause reads counts only,
   * and a common word's positions in thousands of articles were most of its time). */
  function gramPlaces(flat) {
    var out = new Map();
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      if (flat[i + 1]) out.set(ref, new RunPlace(flat, i + 1, 2));
    }
    return out;
  }

  /* A single character's places: counted, with no spans. Shared, and only read. */
  var NO_SPANS = [];

  /* exactStarts' answer for one character from its counts ([ref delta, count, …]). */
  function countsFrom(flat) {
    var out = new Map();
    eachPair(flat, function (ref, count) {
      out.set(ref, { count: count, starts: NO_SPANS, ends: NO_SPANS });
    });
    return out;
  }

  /* The articles where any of several strings stands, when whether is all that is asked
   * (a query of one clause: no two clauses to find near each other). Filled by add(ref);
   * read as union()'s answer is, by has(ref) and forEach(fn(_place, ref)), in the order
   * the articles were added. A flag per article and a list: a common name stands in
   * thousands, and a Map of merged places for them was most of the ranking's time. */
  function Presence(documents) {
    this.flags = new Uint8Array(documents);
    this.refs = [];
  }
  Presence.prototype.add = function (ref) {
    if (this.flags[ref]) return;
    this.flags[ref] = 1;
    this.refs.push(ref);
  };
  Presence.prototype.has = function (ref) {
    return this.flags[ref] === 1;
  };
  Presence.prototype.forEach = function (fn) {
    for (var k = 0; k < this.refs.length; k++) fn(null, this.refs[k]);
  };

  /* The refs of an alias bundle's places ([ref delta, n, n starts, …], placesFrom's) or
   * counts ([ref delta, count, …], countsFrom's), added to ``into`` (a Presence). */
  function addPlaceRefs(flat, into) {
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2 + flat[i + 1]) {
      ref += flat[i];
      into.add(ref);
    }
  }
  function addCountRefs(flat, into) {
    var ref = 0;
    for (var i = 0; i < flat.length; i += 2) {
      ref += flat[i];
      into.add(ref);
    }
  }

  /* Where any of several strings stands (a clause and its aliases): the places merged, in
   * the order their articles are first met. Where one string alone stands, its place as it
   * is (places are only read). */
  function union(placesList) {
    if (placesList.length === 1) return placesList[0];
    var out = new Map();
    placesList.forEach(function (places) {
      places.forEach(function (place, ref) {
        var there = out.get(ref);
        if (!there) out.set(ref, place);
        else if (there instanceof MergedPlace) there.add(place);
        else out.set(ref, new MergedPlace(there, place));
      });
    });
    return out;
  }

  /* Several strings' places in one article as one: the counts summed, the spans (when read)
   * in order of start, then end. */
  function MergedPlace(first, second) {
    this.list = [first, second];
    this.count = first.count + second.count;
    this.spans = null;
  }
  MergedPlace.prototype.add = function (place) {
    this.list.push(place);
    this.count += place.count;
  };
  lazySpans(MergedPlace, function (place) { return mergedSpans(place.list); });

  /* Each string's spans are in order already: merged, not sorted (a common word stands
   * thousands of times, and a pair per span was most of the time). */
  function mergedSpans(list) {
    var total = 0;
    for (var k = 0; k < list.length; k++) total += list[k].starts.length;
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
    return { starts: starts, ends: ends };
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

  var api = {
    exactStarts: exactStarts,
    placesFrom: placesFrom,
    countsFrom: countsFrom,
    union: union,
    Presence: Presence,
    addPlaceRefs: addPlaceRefs,
    addCountRefs: addCountRefs,
    near: near,
  };
  parts.places = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(this.BriefgenSearchParts = this.BriefgenSearchParts || {});
