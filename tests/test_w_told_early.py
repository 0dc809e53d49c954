"""A query of one clause with aliases, pasted and run at once, asks for its top result's file
before the aliases' places are read: the file is on its way while they are merged and the
results ranked, instead of being asked for near the end of ranking. And the top result is
drawn as soon as its file is in, before the rest are ranked (they are, in a later task).

人工智能 in the seed archive has one alias bundle holding the places of 人工智能 (the phrase)
and of AI (its alias). The top result is a full match holding the phrase, so it is known from
the scores and the phrase's places alone. The page is watched from outside: each script it
adds to the document, and each read of the alias's places in the bundle it was handed, noted
in order as they happen. No timing is measured.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from briefgen.search.hashed import read_script
from browser import PASTE_AND_RUN, TabPool, one_test_in, serve

pytestmark = pytest.mark.browser  # drives chromium

QUERY = "人工智能"
ALIAS = "ai"

#: Notes, in order, each index script the page adds ("asked NAME"), the first read of an
#: alias bundle's places of ALIAS ("read ALIAS"), each query's ranked results handed to the
#: page ("ranked QUERY") and the first result drawn ("drawn"). The bundle's places lists are
#: wrapped when the page is handed the bundle, after its own scripts have run.
WATCH = """
window.watched = [];
(function () {
  var append = Node.prototype.appendChild;
  Node.prototype.appendChild = function (node) {
    if (node.tagName === "SCRIPT" && node.src.indexOf("/static/search/") >= 0) {
      watched.push("asked " + node.src.split("/static/search/")[1]);
    }
    return append.call(this, node);
  };
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.BriefgenSearch) return; /* not the search page */
    var search = BriefgenSearch.Searcher.prototype.search;
    BriefgenSearch.Searcher.prototype.search = function (query) {
      var found = search.apply(this, arguments);
      found.then(function () { watched.push("ranked " + query); });
      return found;
    };
    new MutationObserver(function () {
      if (watched.indexOf("drawn") < 0 && document.querySelector("#search-results li")) {
        watched.push("drawn");
      }
    }).observe(document.getElementById("search-results"), { childList: true });
    var loaded = BriefgenSearch.loaded;
    BriefgenSearch.loaded = function (name, data) {
      if (name.indexOf("a/") === 0) {
        Object.keys(data).forEach(function (key) {
          var places = data[key].places;
          Object.keys(places).forEach(function (alias) {
            if (alias !== "ALIAS") return;
            var noted = false;
            places[alias] = new Proxy(places[alias], {
              get: function (list, property) {
                if (!noted) { noted = true; watched.push("read " + alias); }
                return list[property];
              },
            });
          });
        });
      }
      loaded(name, data);
    };
  });
})();
""".replace("ALIAS", ALIAS)


@pytest.fixture
def page(tab_pool: TabPool, http_root: str) -> Iterator[Page]:
    """A tab of its own, for the watch added to its every page, in the run's browser context
    (a context of its own costs chromium about 0.8 s of CPU, browser.TabPool). It asks for
    ``http_root`` so that the server closes after the tab has left the site: a result file
    the page still fetches from a closed server is a script error, which fails the test."""
    page = tab_pool.context().new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(WATCH)
    with one_test_in(page):
        yield page
    page.close()


@pytest.fixture
def http_root(seed_site: Path) -> Iterator[str]:
    """The seed site at an address of the test's own, nothing of it fetched yet: a bundle
    cached by another test would not be handed over again through the watch."""
    with serve(seed_site) as base:
        yield base


def test_the_top_result_is_asked_for_before_the_aliases_places_are_read(
    page: Page, http_root: str, seed_site: Path
) -> None:
    with page.expect_response(lambda response: "/static/search/facets." in response.url):
        page.goto(http_root + "search.html")
    page.evaluate(PASTE_AND_RUN, QUERY)
    page.wait_for_selector("#search-results li")
    watched: list[str] = page.evaluate("watched")
    bundles = [note for note in watched if note.startswith("asked a/")]
    documents = [note for note in watched if note.startswith("asked doc/")]
    assert len(bundles) == 1
    # The alias's places were read: the query is one whose aliases stand in the archive.
    assert f"read {ALIAS}" in watched
    assert documents
    assert watched.index(documents[0]) < watched.index(f"read {ALIAS}")
    # The file asked for first is the top result's.
    first = page.locator("#search-results .article-link").first.get_attribute("href")
    name = documents[0].removeprefix("asked ").removesuffix(".js")
    shown = read_script(seed_site / "static" / "search", name)
    assert isinstance(shown, dict)
    assert first is not None and first.split("?")[0].endswith(shown["path"])
    # And it is drawn before the rest are ranked (the aliases' places merged, thousands of
    # hits matched and sorted at a large archive), not after.
    assert watched.index("drawn") < watched.index(f"ranked {QUERY}"), watched
