/* briefgen search page, part 2 of the page's half of search.js: one result drawn. Its title (the English one on
 * English pages, or the Chinese one marked "in Chinese"), where and when it was published,
 * and its best passage, linked to that paragraph with the query's strings to mark there. */
(function (parts, core) {
  "use strict";

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
  function articleHref(doc, needles, anchor, query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    needles.forEach(function (needle, k) {
      if (needle && needles.indexOf(needle) === k && k < 12) params.append("hl", needle);
    });
    var search = params.toString();
    return doc.path + (search ? "?" + search : "") + (anchor ? "#" + anchor : "");
  }

  /* The title as English pages show it: the English title, else the Chinese one marked "in
   * Chinese"; the English title of the reported source, labelled, when there is one. */
  function titleParts(entry, doc, needles, href, view) {
    var english = view.english;
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
      mark.textContent = view.strings.in_chinese;
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(mark);
    }
    if (doc.source_title) {
      var source = document.createElement("span");
      source.className = "source-title";
      source.appendChild(document.createTextNode(view.strings.source_title + ": "));
      var cite = document.createElement("cite");
      cite.lang = "en";
      cite.innerHTML = core.highlight(doc.source_title, needles);
      source.appendChild(cite);
      entry.appendChild(source);
    }
  }

  /* The best passage: its heading, and its text around the first match, linked to its
   * anchor in the article. */
  function passageParts(entry, doc, needles, query) {
    var best = bestPassage(doc, needles);
    if (!best) return;
    var block = document.createElement(best.matched ? "a" : "div");
    block.className = "passage";
    block.lang = "zh-CN";
    if (best.matched) block.href = articleHref(doc, needles, best.passage[0], query);
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

  /* One result as a list item: its title, where it was published, its best passage.
   * ``view``: {english, strings (the page's words), label(kind, value), query}. */
  function item(hit, doc, needles, view) {
    var english = view.english;
    var entry = document.createElement("li");
    entry.className = "article-item" + (hit.tier === core.PHRASE ? " exact" : "");
    titleParts(entry, doc, needles, articleHref(doc, needles, "", view.query), view);
    var meta = document.createElement("span");
    meta.className = "meta";
    var date = document.createElement("time");
    date.dateTime = doc.date;
    date.textContent = english ? doc.date_en : doc.date_zh;
    var said = [english ? doc.issue_en : doc.issue, view.label("section", doc.section)];
    meta.textContent = said.filter(Boolean).join(" · ");
    if (doc.date) {
      if (meta.textContent) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(date);
    }
    entry.appendChild(meta);
    passageParts(entry, doc, needles, view.query);
    return entry;
  }

  parts.item = item;
})(this.BriefgenSearchPage = this.BriefgenSearchPage || {}, this.BriefgenSearch);
