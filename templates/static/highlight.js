/* From a search result to the passage: marks the strings the result asked for (?hl=…, one a
 * parameter) in the article with <mark>, says so above the article with a way to remove
 * the marks, and scrolls to the passage the result linked to (#p-N), else to the first mark.
 * Without hl nothing happens. Query strings and fragments work on any static host and from
 * file://. */
(function () {
  "use strict";

  var article = document.querySelector("article");
  var wanted = new URLSearchParams(location.search).getAll("hl");
  if (!article || !wanted.length) return;
  var text = JSON.parse(document.getElementById("highlight-text").textContent);

  /* Lower case and NFKC a character at a time, keeping every UTF-16 position, so a match in
   * the folded text is a match at the same place in the page's (as search-core's
   * foldInPlace: full-width ＨＢＭ finds HBM). */
  function fold(value) {
    var out = "";
    for (var i = 0; i < value.length; i++) {
      var ch = value[i].normalize("NFKC").toLowerCase();
      out += ch.length === 1 ? ch : value[i].toLowerCase();
    }
    return out.replace(/\s/g, " ");
  }

  var needles = wanted
    .map(function (needle) { return fold(needle).replace(/ +/g, " ").trim(); })
    .filter(function (needle, k, all) { return needle && all.indexOf(needle) === k; });
  if (!needles.length) return;

  /* [start, end) of every needle in ``value``, overlaps merged. */
  function spans(value) {
    var lower = fold(value);
    var found = [];
    needles.forEach(function (needle) {
      for (var at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
        found.push([at, at + needle.length]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    found.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else merged.push(span.slice());
    });
    return merged;
  }

  /* The article's text nodes, except note markers' numbers. */
  function textNodes() {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest(".fnref, mark, script")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  var marks = [];
  textNodes().forEach(function (node) {
    var found = spans(node.data);
    if (!found.length) return;
    var piece = document.createDocumentFragment();
    var from = 0;
    found.forEach(function (span) {
      piece.appendChild(document.createTextNode(node.data.slice(from, span[0])));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = node.data.slice(span[0], span[1]);
      piece.appendChild(mark);
      marks.push(mark);
      from = span[1];
    });
    piece.appendChild(document.createTextNode(node.data.slice(from)));
    node.parentNode.replaceChild(piece, node);
  });

  /* A line above the article: how many places are marked, and a button that removes them. */
  var bar = document.createElement("p");
  bar.className = "highlight-bar";
  bar.setAttribute("role", "status");
  /* The query as the reader typed it, else the strings marked. */
  var query = (new URLSearchParams(location.search).get("q") || "").trim();
  var words = query ? [query] : wanted.filter(function (w, k) {
    return w.trim() && wanted.indexOf(w) === k;
  });
  bar.textContent = text.marked.replace("{count}", String(marks.length))
    .replace("{terms}", words.map(function (w) { return "“" + w.trim() + "”"; }).join(" "));
  var remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = text.remove;
  remove.addEventListener("click", function () {
    marks.forEach(function (mark) {
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    article.normalize();
    bar.remove();
  });
  bar.appendChild(document.createTextNode(" "));
  bar.appendChild(remove);
  article.parentNode.insertBefore(bar, article);

  /* Back and reload keep the reader's own place; a fresh visit goes to the passage. */
  var visit = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (visit && visit.type !== "navigate") return;
  var anchored = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  var first = anchored ? null : marks[0];
  if (anchored) anchored.scrollIntoView({ block: "start" });
  else if (first) first.scrollIntoView({ block: "center" });
})();
