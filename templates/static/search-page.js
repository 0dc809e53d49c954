/* briefgen search page, part 5 of the page's half of search.js: loads the split index a query's worth at a time
 * (scripts, so file:// works), reads the query and filters from the URL, and renders results
 * into #search-results, a page of them at a time. */
(function (parts) {
  "use strict";

  var PAGE = parts.PAGE;
  /* How long typing must pause before the results follow it, in milliseconds. */
  var TYPING_PAUSE = 150;
  var core = window.BriefgenSearch;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var partialList = document.getElementById("search-partial");
  var partialMore = document.getElementById("search-partial-more");
  var filters = document.getElementById("search-filters");
  var text = JSON.parse(document.getElementById("search-text").textContent);
  var english = document.documentElement.lang === "en";
  var load = parts.indexLoader(new URL("search/", document.currentScript.src).href);
  var manifest = null;
  var searcher = null;
  /* Every article's facets load after the first result (or at once for filters without a
   * query): the filters, and their counts, wait for them. */
  var facetsLoading = null;
  /* The filters, once the facets file is in (parts.Filters). */
  var filterSet = null;
  var lastRefs = null;
  var generation = 0;
  var results = new parts.Results(
    {
      list: list,
      more: more,
      partialList: partialList,
      partialHeading: document.getElementById("search-partial-heading"),
      partialMore: partialMore,
    },
    function (ref) { return searcher.document(ref); },
    function (hit, data) { return parts.item(hit, data, results.shown.needles, view()); },
    function (run) { return run === generation; }
  );
  var pageTitle = document.title;
  var languageLink = document.querySelector(".lang-switch");
  var languageBase = languageLink ? languageLink.getAttribute("href").split("?")[0] : "";
  /* The place saved when the reader left this entry, if they came Back to it. */
  var returning = history.state && typeof history.state.full === "number" ? history.state : null;

  /* The page title carries the query; the language switch keeps it. */
  function titled(query, search) {
    document.title = query ? "“" + query + "” · " + pageTitle : pageTitle;
    if (languageLink) languageLink.href = languageBase + (search ? "?" + search : "");
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    parts.FILTER_NAMES.forEach(function (name) {
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

  /* What a result needs of the page to be drawn (search-items.js). */
  function view() {
    return {
      english: english,
      strings: text,
      query: results.shown ? results.shown.query : "",
      label: function (kind, value) { return parts.label(manifest.glossary, english, kind, value); },
    };
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
    var month = function (ref) { return filterSet.month(ref); };
    var hits = everything().map(function (ref) { return { ref: ref, tier: 0 }; });
    hits.sort(function (a, b) {
      var ma = month(a.ref);
      var mb = month(b.ref);
      return ma < mb ? 1 : ma > mb ? -1 : a.ref - b.ref;
    });
    return { hits: hits, partial: [], needles: [], terms: [] };
  }

  /* A query's top result is known before the others are in order: its file is fetched
   * (the promise returned: the Searcher ranks the rest once it is in, and the top result
   * drawn, see early()). With filters set, the top one shown may be another. */
  function fetchAhead(ref) {
    if (filterSet && Object.keys(filterSet.chosen()).length) return null;
    return searcher.document(ref).catch(function () {
      return null; /* drawing it asks again, and reports a file that could not load */
    });
  }

  function needlesOf(found) {
    /* One-character index terms (和 from an alias's 芯片和科学法案) would mark every 和 of
     * a snippet; the query's own strings are marked whatever their length. */
    return found.needles.concat(found.terms.filter(function (term) { return term.length > 1; }));
  }

  /* The top result of run ``mine``, drawn as soon as its file is in, before the others are
   * ranked (Searcher#search's ``early``): the results shown while it waits are those of the
   * last query, replaced when it is drawn. */
  function early(head, query, mine) {
    if (!head || mine !== generation) return;
    var top = results.show(mine, query, needlesOf(head), [head.hit], []).full;
    top.whole = false;
    results.showMore(top, mine);
  }

  /* Run ``mine``'s results, all ranked: into the pagers of its top result drawn early when
   * there are (the same top result; else drawn anew). */
  function showAll(found, query, mine, kept) {
    var full = found.hits.filter(kept);
    var partial = found.partial.filter(kept);
    var shown = results.shown;
    var drawn = shown && shown.run === mine ? shown.full : null;
    if (drawn && full.length && full[0].ref === drawn.hits[0].ref) {
      drawn.hits = full;
      drawn.whole = true;
      if (!drawn.loading) results.settle(drawn); /* fill() may draw no more (one full match) */
      results.showPartial(partial);
      return;
    }
    results.show(mine, query, needlesOf(found), full, partial);
  }

  /* A query's files are asked for as soon as it is in the box. When it came in whole (pasted,
   * committed by an input method, filled in: not one character typed or deleted at the end),
   * it is also searched (not drawn) once they are in, if the box still holds it: Enter, or
   * the typing pause, then finds it ranked and its top result's file on the way. */
  var lastValue = "";
  function ahead(value) {
    var step = value.length - lastValue.length;
    var oneKey = (step === 1 && value.startsWith(lastValue)) ||
      (step === -1 && lastValue.startsWith(value));
    lastValue = value;
    var fetched = searcher.prefetch(value);
    if (oneKey || !value.trim()) return;
    fetched.then(function () {
      return input.value === value ? searcher.search(value.trim()) : null;
    }).catch(function () {
      return null; /* the search proper reports a file that could not load */
    });
  }

  /* Results as the reader types: a search once typing pauses (not mid-composition, when an
   * input method still holds the characters). */
  var typing = null;
  var ranQuery = null;
  function instant(event) {
    if (event.isComposing) return;
    if (searcher) ahead(input.value);
    clearTimeout(typing);
    typing = setTimeout(function () {
      /* Enter may have run this very query already: drawing it again would only delay it. */
      if (input.value.trim() !== ranQuery) run(true);
    }, TYPING_PAUSE);
  }

  /* Where the reader was, kept in the history entry: Back draws as many results again and
   * scrolls back there. */
  function savePlace() {
    var shown = results.shown;
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
    /* The address and title follow the first result drawn: a history entry takes
     * milliseconds (tens on a busy machine) that the first result need not wait for. */
    var noted = !update;
    var note = function () {
      if (noted || mine !== generation) return;
      noted = true;
      remember(query);
    };
    var picked = filterSet ? filterSet.chosen() : {};
    if (!query && !Object.keys(picked).length) {
      results.clear();
      status.textContent = text.prompt;
      lastRefs = null;
      if (filterSet) filterSet.refresh(everything(), {});
      setTimeout(note);
      return;
    }
    if (!searcher) {
      setTimeout(note);
      return; /* the manifest is still loading; it runs the query when in */
    }
    status.textContent = text.searching;
    list.setAttribute("aria-busy", "true");
    /* Every result is kept when no filter is set (thousands at a large archive). */
    var kept = filterSet && Object.keys(picked).length
      ? function (hit) { return filterSet.keep(hit.ref, picked); }
      : function () { return true; };
    var searching = query ? searcher.search(query) : Promise.resolve(browse());
    if (searching.early && !Object.keys(picked).length) {
      searching.early.then(function (head) { early(head, query, mine); });
    }
    searching
      .then(function (found) {
        if (mine !== generation) return null;
        lastRefs = found.hits.concat(found.partial).map(function (hit) { return hit.ref; });
        showAll(found, query, mine, kept);
        var shown = results.shown;
        var place = returning;
        returning = null;
        return Promise.all([
          results.fill(shown.full, place ? place.full : PAGE, mine),
          /* The partial matches, listed below the full ones, start once the top full
           * match is drawn. */
          shown.full.first.then(function () {
            note();
            return results.fill(results.shown.partial, place ? place.partial : PAGE, mine);
          }),
        ])
          .then(function () {
            if (mine !== generation) return;
            results.replaceStale();
            note();
            if (place) window.scrollTo(0, place.scroll);
            /* The filters' counts follow once the results are drawn: counting every result
             * in every facet (hundreds of issues at a large archive) would hold the first
             * result back. */
            if (filterSet) filterSet.refresh(lastRefs, picked);
            loadFacets();
            status.textContent = query
              ? summary(query, results.shown.full.hits.length, results.shown.partial.hits.length)
              : text.browse.replace("{num}", String(results.shown.full.hits.length));
          });
      })
      .catch(function () {
        if (mine !== generation) return;
        results.replaceStale();
        note();
        status.textContent = text.unavailable;
        list.setAttribute("aria-busy", "false");
      });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  lastValue = input.value;
  titled(input.value.trim(), location.search.slice(1));
  results.clear();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run(true);
  });
  input.addEventListener("input", instant);
  input.addEventListener("compositionend", instant);
  window.addEventListener("pagehide", savePlace);
  more.addEventListener("click", function () {
    if (results.shown) results.showMore(results.shown.full, generation);
  });
  partialMore.addEventListener("click", function () {
    if (results.shown) results.showMore(results.shown.partial, generation);
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
      var built = new parts.Filters(manifest, text, english, filters, function () { run(true); });
      built.build(everything());
      filterSet = built;
      parts.FILTER_NAMES.forEach(function (name) {
        if (params.get(name)) document.getElementById("filter-" + name).value = params.get(name);
      });
      if (lastRefs) filterSet.refresh(lastRefs, filterSet.chosen());
    });
    return facetsLoading;
  }

  var wantsFilters = parts.FILTER_NAMES.some(function (name) { return params.get(name); });
  /* Both scripts are deferred (fetched at once, run in order once the page is parsed) and
   * the manifest's follows this one: it has run by DOMContentLoaded. */
  function start() {
    load("manifest")
      .then(function (data) {
        manifest = data;
        searcher = new core.Searcher(manifest, load);
        searcher.ahead = fetchAhead;
        /* Filters in the URL, or no query: the filters are what the page shows first. */
        if (wantsFilters || !input.value.trim()) {
          return loadFacets().then(function () {
            if (input.value.trim() || Object.keys(filterSet.chosen()).length) run(false);
          });
        }
        run(false);
        return null;
      })
      .catch(function () {
        status.textContent = text.unavailable;
      });
  }
  var started = false;
  function startOnce() {
    if (started) return;
    started = true;
    start();
  }
  if (document.readyState === "complete") startOnce();
  else {
    document.addEventListener("DOMContentLoaded", startOnce);
    window.addEventListener("load", startOnce);
  }
})(this.BriefgenSearchPage || {});
