/* briefgen search page, part 4 of the page's half of search.js: loads the split index a query's worth at a time
 * (scripts, so file:// works), reads the query and filters from the URL, and renders results
 * into #search-results, a page of them at a time. */
(function (parts) {
  "use strict";

  var PAGE = 20;
  /* How long typing must pause before the results follow it, in milliseconds. */
  var TYPING_PAUSE = 150;
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
  var load = parts.indexLoader(new URL("search/", document.currentScript.src).href);
  var manifest = null;
  var searcher = null;
  /* Every article's facets load after the first result (or at once for filters without a
   * query): the filters, and their counts, wait for them. */
  var facetsLoading = null;
  /* The filters, once the facets file is in (parts.Filters). */
  var filterSet = null;
  var lastRefs = null;
  var shown = null;
  var generation = 0;
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
      query: shown ? shown.query : "",
      label: function (kind, value) { return parts.label(manifest.glossary, english, kind, value); },
    };
  }

  /* One list of results drawn a page at a time: the full matches, or the partial ones. */
  function Pager(hits, into, button) {
    this.hits = hits;
    this.into = into;
    this.button = button;
    this.drawn = 0;
    this.loading = null;
    /* False while only the top result is known (drawn early, before the rest are ranked):
     * the list stays busy and the pager hidden. */
    this.whole = true;
    /* Resolves once the first result of the page being drawn is in (showMore). */
    this.first = Promise.resolve();
  }

  /* Draw the next page of ``pager``, each result as soon as it and those above it are in.
   * The top result's file is asked for alone and the rest once it is drawn: the first
   * result shares neither the connection nor the main thread with nineteen others. */
  function showMore(pager, mine) {
    if (pager.loading) return pager.loading;
    var page = pager.hits.slice(pager.drawn, pager.drawn + PAGE);
    if (!stale) pager.button.hidden = true; /* else replaceStale hides it */
    pager.into.setAttribute("aria-busy", "true");
    var firstDrawn = null;
    var restAsked = new Promise(function (resolve) { firstDrawn = resolve; });
    if (page.length) pager.first = restAsked;
    var rest = null;
    var ready = page.map(function (hit, k) {
      if (k === 0) return searcher.document(hit.ref);
      return restAsked.then(function () {
        rest = rest || page.slice(1).map(function (later) { return searcher.document(later.ref); });
        return rest[k - 1];
      });
    });
    var drawn = ready.reduce(function (previous, doc, k) {
      return previous.then(function () { return doc; }).then(function (data) {
        if (k === 0) setTimeout(firstDrawn);
        /* Not a pager replaced since (a top result drawn early, then not the top). */
        if (mine !== generation || (pager !== shown.full && pager !== shown.partial)) return;
        replaceStale();
        pager.into.appendChild(parts.item(page[k], data, shown.needles, view()));
        pager.drawn += 1;
      });
    }, Promise.resolve());
    pager.loading = drawn.then(function () {
      if (mine !== generation) return;
      pager.loading = null;
      if (pager.whole) settle(pager);
    });
    return pager.loading;
  }

  /* A pager done drawing for now: its button shown if more are left, its list not busy. */
  function settle(pager) {
    pager.button.hidden = pager.drawn >= pager.hits.length;
    pager.into.setAttribute("aria-busy", "false");
  }

  /* The last query's results stay on screen until this one's first result is drawn (or it
   * turns out to have none), then go in the same task: the page is laid out once, not once
   * more between ranking and the top result's file, which would wait behind that frame. */
  var stale = false;
  function replaceStale() {
    if (!stale) return;
    stale = false;
    clear();
    partialHeading.hidden = !shown.partial.hits.length;
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
    shown = {
      run: mine,
      query: query,
      needles: needlesOf(head),
      full: new Pager([head.hit], list, more),
      partial: new Pager([], partialList, partialMore),
    };
    shown.full.whole = false;
    stale = true;
    showMore(shown.full, mine);
  }

  /* Run ``mine``'s results, all ranked: into the pagers of its top result drawn early when
   * there are (the same top result; else drawn anew). */
  function showAll(found, query, mine, kept) {
    var full = found.hits.filter(kept);
    var partial = new Pager(found.partial.filter(kept), partialList, partialMore);
    var drawn = shown && shown.run === mine ? shown.full : null;
    if (drawn && full.length && full[0].ref === drawn.hits[0].ref) {
      drawn.hits = full;
      drawn.whole = true;
      if (!drawn.loading) settle(drawn); /* fill() may draw no more (one full match) */
      shown.partial = partial;
      if (!stale) partialHeading.hidden = !partial.hits.length;
      return;
    }
    shown = {
      run: mine,
      query: query,
      needles: needlesOf(found),
      full: new Pager(full, list, more),
      partial: partial,
    };
    stale = true;
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
      clear();
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
        var place = returning;
        returning = null;
        return Promise.all([
          fill(shown.full, place ? place.full : PAGE, mine),
          /* The partial matches, listed below the full ones, start once the top full
           * match is drawn. */
          shown.full.first.then(function () {
            note();
            return fill(shown.partial, place ? place.partial : PAGE, mine);
          }),
        ])
          .then(function () {
            if (mine !== generation) return;
            replaceStale();
            note();
            if (place) window.scrollTo(0, place.scroll);
            /* The filters' counts follow once the results are drawn: counting every result
             * in every facet (hundreds of issues at a large archive) would hold the first
             * result back. */
            if (filterSet) filterSet.refresh(lastRefs, picked);
            loadFacets();
            status.textContent = query
              ? summary(query, shown.full.hits.length, shown.partial.hits.length)
              : text.browse.replace("{num}", String(shown.full.hits.length));
          });
      })
      .catch(function () {
        if (mine !== generation) return;
        replaceStale();
        note();
        status.textContent = text.unavailable;
        list.setAttribute("aria-busy", "false");
      });
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  lastValue = input.value;
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
