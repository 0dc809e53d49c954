/* briefgen search page: loads the index (a script, so file:// works), reads the query and
 * filters from the URL, and renders results into #search-results. */
(function () {
  "use strict";

  var core = window.BriefgenSearch;
  var data = window.BRIEFGEN_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var filters = document.getElementById("search-filters");
  var text = JSON.parse(document.getElementById("search-text").textContent);
  var english = document.documentElement.lang === "en";
  if (!data || !window.lunr || !core) {
    status.textContent = text.unavailable;
    return;
  }
  var index = window.lunr.Index.load(data.index);
  var vocabulary = new Set(data.index.invertedIndex.map(function (entry) { return entry[0]; }));
  var documents = data.documents;
  var FACETS = ["section", "tag", "author", "year", "issue"];

  function label(kind, value) {
    if (english && data.glossary[kind] && data.glossary[kind][value]) {
      return data.glossary[kind][value];
    }
    return value;
  }

  function values(doc, kind) {
    if (kind === "tag") return doc.tags;
    if (kind === "author") return doc.authors;
    return doc[kind] ? [doc[kind]] : [];
  }

  function buildFilters() {
    FACETS.forEach(function (kind) {
      var seen = {};
      documents.forEach(function (doc) {
        values(doc, kind).forEach(function (v) { seen[v] = (seen[v] || 0) + 1; });
      });
      var names = Object.keys(seen).sort(function (a, b) {
        return kind === "year" || kind === "issue" ? (a < b ? 1 : -1) : seen[b] - seen[a];
      });
      var wrap = document.createElement("label");
      wrap.className = "filter";
      var caption = document.createElement("span");
      caption.textContent = text[kind];
      var select = document.createElement("select");
      select.name = kind;
      select.id = "filter-" + kind;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = text.any;
      select.appendChild(any);
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = label(kind, name) + " (" + seen[name] + ")";
        select.appendChild(option);
      });
      select.addEventListener("change", function () { run(true); });
      wrap.appendChild(caption);
      wrap.appendChild(select);
      filters.appendChild(wrap);
    });
  }

  function chosen() {
    var picked = {};
    FACETS.forEach(function (kind) {
      var value = document.getElementById("filter-" + kind).value;
      if (value) picked[kind] = value;
    });
    return picked;
  }

  function keep(doc, picked) {
    return Object.keys(picked).every(function (kind) {
      return values(doc, kind).indexOf(picked[kind]) >= 0;
    });
  }

  function remember(query, picked) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    Object.keys(picked).forEach(function (kind) { params.set(kind, picked[kind]); });
    var search = params.toString();
    var url = location.pathname + (search ? "?" + search : "");
    try {
      history.replaceState(null, "", url);
    } catch (error) {
      /* file:// pages may refuse; the search still works */
    }
  }

  function render(query, terms, results) {
    list.textContent = "";
    results.forEach(function (hit) {
      var doc = hit.doc;
      var item = document.createElement("li");
      item.className = "article-item" + (hit.exact ? " exact" : "");
      var link = document.createElement("a");
      link.className = "article-link";
      link.href = doc.path;
      link.innerHTML = core.highlight(doc.title, [query].concat(terms));
      item.appendChild(link);
      if (english && doc.title_en) {
        var en = document.createElement("span");
        en.className = "title-en";
        en.lang = "en";
        en.textContent = doc.title_en;
        item.appendChild(en);
      }
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = [doc.issue, label("section", doc.section), doc.date]
        .filter(Boolean).join(" · ");
      item.appendChild(meta);
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      snippet.innerHTML = core.highlight(core.snippet(doc, query, terms), [query].concat(terms));
      item.appendChild(snippet);
      list.appendChild(item);
    });
  }

  function run(update) {
    var started = performance.now();
    var query = input.value.trim();
    var picked = chosen();
    if (update) remember(query, picked);
    if (!query) {
      list.textContent = "";
      status.textContent = text.prompt;
      return;
    }
    var terms = core.queryTerms(query, vocabulary);
    var scored = terms.length
      ? index.query(function (q) {
          terms.forEach(function (term) {
            q.term(term, { usePipeline: false, boost: Math.max(1, Array.from(term).length) });
          });
        })
      : [];
    var results = core.rank(query, documents, scored).filter(function (hit) {
      return keep(hit.doc, picked);
    });
    render(query, terms, results);
    status.textContent = results.length
      ? text.found.replace("{num}", String(results.length)).replace("{query}", query)
      : text.none.replace("{query}", query);
    /* How long the query took, for the benchmark. */
    list.dataset.ms = String(performance.now() - started);
  }

  buildFilters();
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  FACETS.forEach(function (kind) {
    var select = document.getElementById("filter-" + kind);
    if (params.get(kind)) select.value = params.get(kind);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(true);
  });
  run(false);
  if (!input.value) input.focus();
})();
