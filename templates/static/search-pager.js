/* briefgen search page, part 4 of the page's half of search.js: the results on screen. The
 * full and the partial matches, each a list drawn a page at a time, each result as soon as it
 * and those above it are in; the last query's results stay until the next one's first result
 * is drawn. */
(function (parts) {
  "use strict";

  var PAGE = 20;

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

  /* The results of one run on screen. ``els``: the page's two lists, their buttons and the
   * partial matches' heading; ``fetch(ref)``: a result's file (a promise); ``draw(hit, data)``:
   * its list item; ``current(run)``: whether ``run`` is still the page's latest. */
  function Results(els, fetch, draw, current) {
    this.els = els;
    this.fetch = fetch;
    this.draw = draw;
    this.current = current;
    /* {run, query, needles, full, partial}: what is (or is about to be) on screen. */
    this.shown = null;
    /* The last query's results stay on screen until this one's first result is drawn (or
     * it turns out to have none), then go in the same task: the page is laid out once, not
     * once more between ranking and the top result's file, which would wait behind that
     * frame. */
    this.stale = false;
  }

  /* Run ``run``'s results (``full`` and ``partial`` hits) from now on; drawn by showMore. */
  Results.prototype.show = function (run, query, needles, full, partial) {
    var els = this.els;
    this.shown = {
      run: run,
      query: query,
      needles: needles,
      full: new Pager(full, els.list, els.more),
      partial: new Pager(partial, els.partialList, els.partialMore),
    };
    this.stale = true;
    return this.shown;
  };

  /* A new list of partial matches for what is shown (its full matches kept as drawn). */
  Results.prototype.showPartial = function (partial) {
    this.shown.partial = new Pager(partial, this.els.partialList, this.els.partialMore);
    if (!this.stale) this.els.partialHeading.hidden = !partial.length;
  };

  /* Draw the next page of ``pager``, each result as soon as it and those above it are in.
   * The top result's file is asked for alone and the rest once it is drawn: the first
   * result shares neither the connection nor the main thread with nineteen others. */
  Results.prototype.showMore = function (pager, mine) {
    if (pager.loading) return pager.loading;
    var self = this;
    var page = pager.hits.slice(pager.drawn, pager.drawn + PAGE);
    if (!this.stale) pager.button.hidden = true; /* else replaceStale hides it */
    pager.into.setAttribute("aria-busy", "true");
    var firstDrawn = null;
    var restAsked = new Promise(function (resolve) { firstDrawn = resolve; });
    if (page.length) pager.first = restAsked;
    var rest = null;
    var ready = page.map(function (hit, k) {
      if (k === 0) return self.fetch(hit.ref);
      return restAsked.then(function () {
        rest = rest || page.slice(1).map(function (later) { return self.fetch(later.ref); });
        return rest[k - 1];
      });
    });
    var drawn = ready.reduce(function (previous, doc, k) {
      return previous.then(function () { return doc; }).then(function (data) {
        if (k === 0) setTimeout(firstDrawn);
        /* Not a pager replaced since (a top result drawn early, then not the top). */
        var shown = self.shown;
        if (!self.current(mine) || (pager !== shown.full && pager !== shown.partial)) return;
        self.replaceStale();
        pager.into.appendChild(self.draw(page[k], data));
        pager.drawn += 1;
      });
    }, Promise.resolve());
    pager.loading = drawn.then(function () {
      if (!self.current(mine)) return;
      pager.loading = null;
      if (pager.whole) self.settle(pager);
    });
    return pager.loading;
  };

  /* Draw pages of ``pager`` until ``count`` results are in (Back to a longer list). */
  Results.prototype.fill = function (pager, count, mine) {
    var self = this;
    if (!this.current(mine) || pager.drawn >= Math.min(count, pager.hits.length)) {
      return Promise.resolve();
    }
    return this.showMore(pager, mine).then(function () { return self.fill(pager, count, mine); });
  };

  /* A pager done drawing for now: its button shown if more are left, its list not busy. */
  Results.prototype.settle = function (pager) {
    pager.button.hidden = pager.drawn >= pager.hits.length;
    pager.into.setAttribute("aria-busy", "false");
  };

  Results.prototype.replaceStale = function () {
    if (!this.stale) return;
    this.stale = false;
    this.clear();
    this.els.partialHeading.hidden = !this.shown.partial.hits.length;
  };

  Results.prototype.clear = function () {
    var els = this.els;
    els.list.textContent = "";
    els.partialList.textContent = "";
    els.more.hidden = true;
    els.partialMore.hidden = true;
    els.partialHeading.hidden = true;
  };

  parts.PAGE = PAGE;
  parts.Results = Results;
})(this.BriefgenSearchPage = this.BriefgenSearchPage || {});
