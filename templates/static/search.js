/* briefgen search page: loads the split index a query's worth at a time (scripts, so
 * file:// works), reads the query and filters from the URL, and renders results into
 * #search-results, a page of them at a time. */
(function () {
  "use strict";

  var PAGE = 20;
  /* How long typing must pause before the results follow it, in milliseconds. */
  var TYPING_PAUSE = 150;
  var FACETS = ["section", "tag", "author", "year", "issue"];
  /* The date range: months, YYYY-MM. */
  var RANGE = ["from", "to"];
  var options = {};
  var core = window.BriefgenSearch;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var partialList = document.getElementById("search-partial");
  var partialHeading = document.getElementById("search-partial-heading");
  var partialMore = document.getElementById("search-partial-more");
  var filters = document.getElementById("search-filters");
  var text = JSON.parse(document.getElementById("search-text").textContent);
  var english = document.documentElement.lang === "en";
  var base = new URL("search/", document.currentScript.src).href;
  var waiting = {};
  var requests = {};
  var manifest = null;
  var searcher = null;
  /* Every article's facets load after the first result (or at once for filters without a
   * query): the filters, and their counts, wait for them. */
  var facetsLoading = null;
  var filtersReady = false;
  var lastRefs = null;
  var shown = null;
  var generation = 0;
  var pageTitle = document.title;
  var languageLink = document.querySelector(".lang-switch");
  var languageBase = languageLink ? languageLink.getAttribute("href").split("?")[0] : "";
  /* The place saved when the reader left this entry, if they came Back to it. */
  var returning = history.state && typeof history.state.full === "number" ? history.state : null;

  /* Each index file is a script that hands its data to BriefgenSearch.loaded(name, data). */
  core.loaded = function (name, data) {
    if (waiting[name]) waiting[name](data);
  };

  function load(name) {
    if (!requests[name] && core.received[name]) {
      requests[name] = Promise.resolve(core.received[name]);
      delete core.received[name];
    }
    if (!requests[name]) {
      requests[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var script = document.createElement("script");
        script.src = base + name + ".js";
        script.async = true;
        script.onerror = function () {
          delete requests[name];
          reject(new Error("could not load " + name));
        };
        document.head.appendChild(script);
      });
    }
    return requests[name];
  }

  function label(kind, value) {
    var names = manifest.glossary[kind];
    return english && names && names[value] ? names[value] : value;
  }

  var SLOT = { section: 0, tag: 1, author: 2, year: 3, issue: 4, month: 5 };

  function facetIds(ref, kind) {
    return manifest.docs[ref][SLOT[kind]] || [];
  }

  /* Every facet value's earliest month: issues are listed newest first by it. */
  function firstMonths(kind) {
    var months = manifest.facets.month;
    var first = manifest.facets[kind].map(function () { return "9999"; });
    manifest.docs.forEach(function (_row, ref) {
      var month = months[facetIds(ref, "month")[0]] || "9999";
      facetIds(ref, kind).forEach(function (id) {
        if (month < first[id]) first[id] = month;
      });
    });
    return first;
  }

  /* 2024-07 as the reader's language writes a month: 2024年7月, July 2024. */
  var months = new Intl.DateTimeFormat(document.documentElement.lang || "zh", {
    year: "numeric", month: "long", timeZone: "UTC",
  });
  function monthName(month) {
    var parts = month.split("-");
    return months.format(new Date(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, 1)));
  }

  function select(name, caption) {
    var wrap = document.createElement("label");
    wrap.className = "filter";
    var words = document.createElement("span");
    words.textContent = caption;
    var box = document.createElement("select");
    box.name = name;
    box.id = "filter-" + name;
    var any = document.createElement("option");
    any.value = "";
    any.textContent = text.any;
    box.appendChild(any);
    box.addEventListener("change", function () { run(true); });
    wrap.appendChild(words);
    wrap.appendChild(box);
    filters.appendChild(wrap);
    return box;
  }

  /* A select per facet (its options counted by refreshCounts), a month range, a clear
   * button. */
  function buildFilters() {
    FACETS.forEach(function (kind) {
      var names = manifest.facets[kind];
      var first = kind === "issue" ? firstMonths(kind) : null;
      var order = names.map(function (_name, id) { return id; }).sort(function (a, b) {
        if (kind === "issue") return first[b] < first[a] ? -1 : first[b] > first[a] ? 1 : a - b;
        if (kind === "year") return names[a] < names[b] ? 1 : -1;
        return a - b;
      });
      var box = select(kind, text[kind]);
      options[kind] = [];
      order.forEach(function (id) {
        var option = document.createElement("option");
        option.value = names[id];
        box.appendChild(option);
        options[kind][id] = option;
      });
    });
    var present = manifest.facets.month.filter(Boolean).sort();
    RANGE.forEach(function (end) {
      var box = select(end, text[end]);
      present.forEach(function (month) {
        var option = document.createElement("option");
        option.value = month;
        option.textContent = monthName(month);
        box.appendChild(option);
      });
    });
    var clearButton = document.createElement("button");
    clearButton.type = "button";
    clearButton.id = "filter-clear";
    clearButton.textContent = text.clear;
    clearButton.addEventListener("click", function () {
      FACETS.concat(RANGE).forEach(function (name) {
        document.getElementById("filter-" + name).value = "";
      });
      run(true);
    });
    filters.appendChild(clearButton);
    refreshCounts(everything(), {});
  }

  /* Each option's count: the results that would remain with it chosen (the other filters
   * as they are), so a count never promises what the list will not show. */
  function refreshCounts(refs, picked) {
    FACETS.forEach(function (kind) {
      var others = {};
      Object.keys(picked).forEach(function (name) { if (name !== kind) others[name] = picked[name]; });
      var counts = manifest.facets[kind].map(function () { return 0; });
      refs.forEach(function (ref) {
        if (keep(ref, others)) facetIds(ref, kind).forEach(function (id) { counts[id] += 1; });
      });
      options[kind].forEach(function (option, id) {
        option.textContent = label(kind, manifest.facets[kind][id]) + " (" + counts[id] + ")";
        option.disabled = counts[id] === 0 && picked[kind] !== id;
      });
    });
  }

  function chosen() {
    var picked = {};
    FACETS.forEach(function (kind) {
      var box = document.getElementById("filter-" + kind);
      if (box && box.value) picked[kind] = manifest.facets[kind].indexOf(box.value);
    });
    RANGE.forEach(function (end) {
      var box = document.getElementById("filter-" + end);
      if (box && box.value) picked[end] = box.value;
    });
    return picked;
  }

  function keep(ref, picked) {
    if (!filtersReady) return true;
    var month = manifest.facets.month[facetIds(ref, "month")[0]] || "";
    return Object.keys(picked).every(function (kind) {
      if (kind === "from") return month >= picked.from;
      if (kind === "to") return month !== "" && month <= picked.to;
      return facetIds(ref, kind).indexOf(picked[kind]) >= 0;
    });
  }

  /* The page title carries the query; the language switch keeps it. */
  function titled(query, search) {
    document.title = query ? "“" + query + "” · " + pageTitle : pageTitle;
    if (languageLink) languageLink.href = languageBase + (search ? "?" + search : "");
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    FACETS.concat(RANGE).forEach(function (name) {
      var box = document.getElementById("filter-" + name);
      if (box && box.value) params.set(name, box.value);
    });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "");
    titled(query, search);
    try {
      history.replaceState(null, "", url);
    } catch {
      /* file:// pages may refuse; the search still works */
    }
  }

  /* How well a passage answers the query: each string of it found in the text (the query as
   * typed counts three), then in its heading, then how often they stand in the text. */
  function passageScore(passage, needles) {
    var body = core.fold(passage[2]);
    var heading = core.fold(passage[1]);
    var score = 0;
    needles.forEach(function (needle, k) {
      if (!needle) return;
      var count = body.split(needle).length - 1;
      if (count) score += (k === 0 ? 300 : 100) + Math.min(count, 9);
      if (heading.indexOf(needle) >= 0) score += 10;
    });
    return score;
  }

  /* The passage to show: the best-matching one (the first of equals), or the first passage
   * when none holds the query (the match was in the title or tags); null when none. */
  function bestPassage(doc, needles) {
    var folded = needles.map(function (needle) { return core.fold(needle).trim(); });
    var best = null;
    var bestScore = 0;
    (doc.passages || []).forEach(function (passage) {
      var score = passageScore(passage, folded);
      if (score > bestScore) { best = passage; bestScore = score; }
    });
    if (best) return { passage: best, matched: true };
    return doc.passages && doc.passages.length ? { passage: doc.passages[0], matched: false } : null;
  }

  /* The article's address with the query (``q``, for the reader) and the strings to mark
   * there (``hl``: the query's words, aliases and terms; highlight.js reads both), and the
   * passage's anchor. A query string and a fragment, so it works on any static host and from
   * file://. */
  function articleHref(doc, needles, anchor) {
    var params = new URLSearchParams();
    if (shown && shown.query) params.set("q", shown.query);
    needles.forEach(function (needle, k) {
      if (needle && needles.indexOf(needle) === k && k < 12) params.append("hl", needle);
    });
    var search = params.toString();
    return doc.path + (search ? "?" + search : "") + (anchor ? "#" + anchor : "");
  }

  /* The title as English pages show it: the English title, else the Chinese one marked "in
   * Chinese"; the English title of the reported source, labelled, when there is one. */
  function titleParts(entry, doc, needles, href) {
    var link = document.createElement("a");
    link.className = "article-link";
    link.href = href;
    var shownTitle = english && doc.title_en ? doc.title_en : doc.title;
    link.lang = english && doc.title_en ? "en" : "zh-CN";
    link.innerHTML = core.highlight(shownTitle, needles);
    entry.appendChild(link);
    if (!english) return;
    if (!doc.title_en) {
      var mark = document.createElement("span");
      mark.className = "in-zh";
      mark.textContent = text.in_chinese;
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(mark);
    }
    if (doc.source_title) {
      var source = document.createElement("span");
      source.className = "source-title";
      source.appendChild(document.createTextNode(text.source_title + ": "));
      var cite = document.createElement("cite");
      cite.lang = "en";
      cite.innerHTML = core.highlight(doc.source_title, needles);
      source.appendChild(cite);
      entry.appendChild(source);
    }
  }

  /* The best passage: its heading, and its text around the first match, linked to its
   * anchor in the article. */
  function passageParts(entry, doc, needles) {
    var best = bestPassage(doc, needles);
    if (!best) return;
    var block = document.createElement(best.matched ? "a" : "div");
    block.className = "passage";
    block.lang = "zh-CN";
    if (best.matched) block.href = articleHref(doc, needles, best.passage[0]);
    if (best.passage[1]) {
      var heading = document.createElement("span");
      heading.className = "passage-heading";
      heading.innerHTML = core.highlight(best.passage[1], needles);
      block.appendChild(heading);
    }
    var snippet = document.createElement("span");
    snippet.className = "snippet";
    var lead = core.snippet(best.passage[2], needles[0] || "", needles.slice(1));
    snippet.innerHTML = core.highlight(lead, needles);
    block.appendChild(snippet);
    entry.appendChild(block);
  }

  function item(hit, doc, needles) {
    var entry = document.createElement("li");
    entry.className = "article-item" + (hit.tier === core.PHRASE ? " exact" : "");
    titleParts(entry, doc, needles, articleHref(doc, needles, ""));
    var meta = document.createElement("span");
    meta.className = "meta";
    var date = document.createElement("time");
    date.dateTime = doc.date;
    date.textContent = english ? doc.date_en : doc.date_zh;
    var parts = [english ? doc.issue_en : doc.issue, label("section", doc.section)];
    meta.textContent = parts.filter(Boolean).join(" · ");
    if (doc.date) {
      if (meta.textContent) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(date);
    }
    entry.appendChild(meta);
    passageParts(entry, doc, needles);
    return entry;
  }

  /* One list of results drawn a page at a time: the full matches, or the partial ones. */
  function Pager(hits, into, button) {
    this.hits = hits;
    this.into = into;
    this.button = button;
    this.drawn = 0;
    this.loading = null;
  }

  /* Draw the next page of ``pager``, each result as soon as it and those above it are in. */
  function showMore(pager, mine) {
    if (pager.loading) return pager.loading;
    var page = pager.hits.slice(pager.drawn, pager.drawn + PAGE);
    pager.button.hidden = true;
    pager.into.setAttribute("aria-busy", "true");
    var ready = page.map(function (hit) { return searcher.document(hit.ref); });
    var drawn = ready.reduce(function (previous, doc, k) {
      return previous.then(function () { return doc; }).then(function (data) {
        if (mine !== generation) return;
        pager.into.appendChild(item(page[k], data, shown.needles));
        pager.drawn += 1;
      });
    }, Promise.resolve());
    pager.loading = drawn.then(function () {
      if (mine !== generation) return;
      pager.loading = null;
      pager.button.hidden = pager.drawn >= pager.hits.length;
      pager.into.setAttribute("aria-busy", "false");
    });
    return pager.loading;
  }

  function clear() {
    list.textContent = "";
    partialList.textContent = "";
    more.hidden = true;
    partialMore.hidden = true;
    partialHeading.hidden = true;
  }

  function summary(query, full, partial) {
    if (!full && !partial) return text.none.replace("{query}", query);
    var line = partial ? text.found_partial : text.found;
    return line.replace("{num}", String(full)).replace("{partial}", String(partial))
      .replace("{query}", query);
  }

  function everything() {
    var refs = [];
    for (var ref = 0; ref < searcher.count(); ref++) refs.push(ref);
    return refs;
  }

  /* Filters with no query browse the archive: every article, newest first. */
  function browse() {
    var months = manifest.facets.month;
    var month = function (ref) { return months[facetIds(ref, "month")[0]] || ""; };
    var hits = everything().map(function (ref) { return { ref: ref, tier: 0 }; });
    hits.sort(function (a, b) {
      var ma = month(a.ref);
      var mb = month(b.ref);
      return ma < mb ? 1 : ma > mb ? -1 : a.ref - b.ref;
    });
    return { hits: hits, partial: [], needles: [], terms: [] };
  }

  /* Results as the reader types: a search once typing pauses (not mid-composition, when an
   * input method still holds the characters). */
  var typing = null;
  var ranQuery = null;
  function instant(event) {
    if (event.isComposing) return;
    if (searcher) searcher.prefetch(input.value);
    clearTimeout(typing);
    typing = setTimeout(function () {
      /* Enter may have run this very query already: drawing it again would only delay it. */
      if (input.value.trim() !== ranQuery) run(true);
    }, TYPING_PAUSE);
  }

  /* Draw pages of ``pager`` until ``count`` results are in (Back to a longer list). */
  function fill(pager, count, mine) {
    if (mine !== generation || pager.drawn >= Math.min(count, pager.hits.length)) {
      return Promise.resolve();
    }
    return showMore(pager, mine).then(function () { return fill(pager, count, mine); });
  }

  /* Where the reader was, kept in the history entry: Back draws as many results again and
   * scrolls back there. */
  function savePlace() {
    if (!shown) return;
    var place = { full: shown.full.drawn, partial: shown.partial.drawn, scroll: window.scrollY };
    try {
      history.replaceState(place, "", location.href);
    } catch {
      /* file:// pages may refuse */
    }
  }

  function run(update) {
    var mine = ++generation;
    var query = input.value.trim();
    ranQuery = query;
    if (update) remember(query);
    var picked = filtersReady ? chosen() : {};
    if (!query && !Object.keys(picked).length) {
      clear();
      status.textContent = text.prompt;
      lastRefs = null;
      if (filtersReady) refreshCounts(everything(), {});
      return;
    }
    if (!searcher) return; /* the manifest is still loading; it runs the query when in */
    status.textContent = text.searching;
    list.setAttribute("aria-busy", "true");
    var kept = function (hit) { return keep(hit.ref, picked); };
    (query ? searcher.search(query) : Promise.resolve(browse()))
      .then(function (found) {
        if (mine !== generation) return null;
        lastRefs = found.hits.concat(found.partial).map(function (hit) { return hit.ref; });
        if (filtersReady) refreshCounts(lastRefs, picked);
        shown = {
          query: query,
          /* One-character index terms (和 from an alias's 芯片和科学法案) would mark every
           * 和 of a snippet; the query's own strings are marked whatever their length. */
          needles: found.needles.concat(found.terms.filter(function (term) {
            return term.length > 1;
          })),
          full: new Pager(found.hits.filter(kept), list, more),
          partial: new Pager(found.partial.filter(kept), partialList, partialMore),
        };
        clear();
        partialHeading.hidden = !shown.partial.hits.length;
        var place = returning;
        returning = null;
        return Promise.all([
          fill(shown.full, place ? place.full : PAGE, mine),
          fill(shown.partial, place ? place.partial : PAGE, mine),
        ])
          .then(function () {
            if (mine !== generation) return;
            if (place) window.scrollTo(0, place.scroll);
            loadFacets();
            status.textContent = query
              ? summary(query, shown.full.hits.length, shown.partial.hits.length)
              : text.browse.replace("{num}", String(shown.full.hits.length));
          });
      })
      .catch(function () {
        if (mine !== generation) return;
        status.textContent = text.unavailable;
        list.setAttribute("aria-busy", "false");
      });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  titled(input.value.trim(), location.search.slice(1));
  clear();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run(true);
  });
  input.addEventListener("input", instant);
  input.addEventListener("compositionend", instant);
  window.addEventListener("pagehide", savePlace);
  more.addEventListener("click", function () {
    if (shown) showMore(shown.full, generation);
  });
  partialMore.addEventListener("click", function () {
    if (shown) showMore(shown.partial, generation);
  });
  if (!input.value) input.focus();
  run(false);
  /* The facets file: the filters are built when it is in, set from the URL, and counted
   * for the results on screen. */
  function loadFacets() {
    if (facetsLoading) return facetsLoading;
    facetsLoading = searcher.facets().then(function (data) {
      manifest.facets = data.facets;
      manifest.docs = data.docs;
      Object.keys(data.glossary).forEach(function (kind) {
        manifest.glossary[kind] = data.glossary[kind];
      });
      buildFilters();
      filtersReady = true;
      FACETS.concat(RANGE).forEach(function (name) {
        if (params.get(name)) document.getElementById("filter-" + name).value = params.get(name);
      });
      if (lastRefs) refreshCounts(lastRefs, chosen());
    });
    return facetsLoading;
  }

  var wantsFilters = FACETS.concat(RANGE).some(function (name) { return params.get(name); });
  load("manifest")
    .then(function (data) {
      manifest = data;
      searcher = new core.Searcher(manifest, load);
      /* Filters in the URL, or no query: the filters are what the page shows first. */
      if (wantsFilters || !input.value.trim()) {
        return loadFacets().then(function () {
          if (input.value.trim() || Object.keys(chosen()).length) run(false);
        });
      }
      run(false);
      return null;
    })
    .catch(function () {
      status.textContent = text.unavailable;
    });
})();
