/* briefgen search page, part 1 of the page's half of search.js (the build joins the five
 * parts of search-core.js, then search-filters.js, search-items.js, search-loader.js,
 * search-pager.js and search-page.js into it, so the page loads one script): the filters. A
 * select per facet (section, tag, author, year, issue) with each option's count, a month
 * range and a clear button, built from the facets file once it is in; which articles the
 * chosen filters keep. */
(function (parts) {
  "use strict";

  var FACETS = ["section", "tag", "author", "year", "issue"];
  /* The date range: months, YYYY-MM. */
  var RANGE = ["from", "to"];
  /* Where each facet's ids stand in an article's row of the facets file. */
  var SLOT = { section: 0, tag: 1, author: 2, year: 3, issue: 4, month: 5 };

  /* A facet value as the page's language names it (the glossary's English on English pages). */
  function label(glossary, english, kind, value) {
    var names = glossary[kind];
    return english && names && names[value] ? names[value] : value;
  }

  /* 2024-07 as the reader's language writes a month: 2024年7月, July 2024. */
  var months = new Intl.DateTimeFormat(document.documentElement.lang || "zh", {
    year: "numeric", month: "long", timeZone: "UTC",
  });
  function monthName(month) {
    var pieces = month.split("-");
    return months.format(new Date(Date.UTC(Number(pieces[0]), Number(pieces[1]) - 1, 1)));
  }

  /* The filters of ``manifest`` (its facets and docs loaded) in ``container``; ``onChange``
   * runs when the reader changes one. */
  function Filters(manifest, strings, english, container, onChange) {
    this.manifest = manifest;
    this.strings = strings;
    this.english = english;
    this.container = container;
    this.onChange = onChange;
    this.options = {};
  }

  Filters.prototype.ids = function (ref, kind) {
    return this.manifest.docs[ref][SLOT[kind]] || [];
  };

  /* An article's month (YYYY-MM), "" when it has none. */
  Filters.prototype.month = function (ref) {
    return this.manifest.facets.month[this.ids(ref, "month")[0]] || "";
  };

  /* Every facet value's earliest month: issues are listed newest first by it. */
  Filters.prototype.firstMonths = function (kind) {
    var self = this;
    var first = this.manifest.facets[kind].map(function () { return "9999"; });
    this.manifest.docs.forEach(function (_row, ref) {
      var month = self.month(ref) || "9999";
      self.ids(ref, kind).forEach(function (id) {
        if (month < first[id]) first[id] = month;
      });
    });
    return first;
  };

  Filters.prototype.select = function (name, caption) {
    var wrap = document.createElement("label");
    wrap.className = "filter";
    var words = document.createElement("span");
    words.textContent = caption;
    var box = document.createElement("select");
    box.name = name;
    box.id = "filter-" + name;
    var any = document.createElement("option");
    any.value = "";
    any.textContent = this.strings.any;
    box.appendChild(any);
    box.addEventListener("change", this.onChange);
    wrap.appendChild(words);
    wrap.appendChild(box);
    this.container.appendChild(wrap);
    return box;
  };

  /* The selects, each option counted for ``refs`` (every article, or the results on
   * screen), the month range and the clear button. */
  Filters.prototype.build = function (refs) {
    var self = this;
    var facets = this.manifest.facets;
    FACETS.forEach(function (kind) {
      var names = facets[kind];
      var first = kind === "issue" ? self.firstMonths(kind) : null;
      var order = names.map(function (_name, id) { return id; }).sort(function (a, b) {
        if (kind === "issue") return first[b] < first[a] ? -1 : first[b] > first[a] ? 1 : a - b;
        if (kind === "year") return names[a] < names[b] ? 1 : -1;
        return a - b;
      });
      var box = self.select(kind, self.strings[kind]);
      self.options[kind] = [];
      order.forEach(function (id) {
        var option = document.createElement("option");
        option.value = names[id];
        box.appendChild(option);
        self.options[kind][id] = option;
      });
    });
    var present = facets.month.filter(Boolean).sort();
    RANGE.forEach(function (end) {
      var box = self.select(end, self.strings[end]);
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
    clearButton.textContent = this.strings.clear;
    clearButton.addEventListener("click", function () {
      FACETS.concat(RANGE).forEach(function (name) {
        document.getElementById("filter-" + name).value = "";
      });
      self.onChange();
    });
    this.container.appendChild(clearButton);
    this.refresh(refs, {});
  };

  /* Each option's count: the results that would remain with it chosen (the other filters
   * as they are), so a count never promises what the list will not show. */
  Filters.prototype.refresh = function (refs, picked) {
    var self = this;
    var facets = this.manifest.facets;
    FACETS.forEach(function (kind) {
      var others = {};
      Object.keys(picked).forEach(function (name) { if (name !== kind) others[name] = picked[name]; });
      var counts = facets[kind].map(function () { return 0; });
      refs.forEach(function (ref) {
        if (self.keep(ref, others)) self.ids(ref, kind).forEach(function (id) { counts[id] += 1; });
      });
      self.options[kind].forEach(function (option, id) {
        var name = label(self.manifest.glossary, self.english, kind, facets[kind][id]);
        option.textContent = name + " (" + counts[id] + ")";
        option.disabled = counts[id] === 0 && picked[kind] !== id;
      });
    });
  };

  /* What the reader chose: facet → value id, "from"/"to" → month. */
  Filters.prototype.chosen = function () {
    var facets = this.manifest.facets;
    var picked = {};
    FACETS.forEach(function (kind) {
      var box = document.getElementById("filter-" + kind);
      if (box && box.value) picked[kind] = facets[kind].indexOf(box.value);
    });
    RANGE.forEach(function (end) {
      var box = document.getElementById("filter-" + end);
      if (box && box.value) picked[end] = box.value;
    });
    return picked;
  };

  Filters.prototype.keep = function (ref, picked) {
    var self = this;
    var month = this.month(ref);
    return Object.keys(picked).every(function (kind) {
      if (kind === "from") return month >= picked.from;
      if (kind === "to") return month !== "" && month <= picked.to;
      return self.ids(ref, kind).indexOf(picked[kind]) >= 0;
    });
  };

  parts.Filters = Filters;
  parts.label = label;
  /* Every filter's name: the facets and the two ends of the range (the URL's parameters). */
  parts.FILTER_NAMES = FACETS.concat(RANGE);
})(this.BriefgenSearchPage = this.BriefgenSearchPage || {});
