"""Where an at-once query's time goes: the search page's requests and steps after Enter.

Builds nothing: give it a site built with briefgen (``search_bench.py --work DIR`` keeps them
as DIR/site-N). For each run, a new search page shows a cold query, then the bench's at-once
query (``search_bench.AT_ONCE``, or ``--query``) is pasted and submitted in one task, as
search_bench.py times it; printed, in milliseconds from that Enter: each index file's request
(start, first byte, last byte, bytes as served), when its script handed the data over, the
Searcher's steps (compute: reading and ranking once the query's files are in), and the first
result drawn. A measurement, not a test; the page's own scripts are not changed (the hooks
wrap the Searcher's methods from outside, after the page's scripts have run).

    python bench/search_timeline.py DIR/site-2000 --runs 5

``--against OLD/search.js`` compares instead: the page with that search.js (older code) and
with the site's own take turns sample by sample in one chromium, and Pagefind's index
(``pagefind/`` in the site, when there) a third; per sample, the cold query's first result
from navigation start and the at-once query's from Enter; medians printed. Both pages read
the same index files (served under /old/ and /new/).

    python bench/search_timeline.py SITE --against /tmp/old-search.js --runs 15

``--new-index DIR`` serves the new page some index files of its own: a file of DIR (by its
path below ``static/search/``, ``a/737.417c8171.js``) in place of the site's, to compare
index files written two ways (the site's, and DIR's) with the same names and data.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import (  # noqa: E402
    AT_ONCE,
    AT_ONCE_SCRIPT,
    PAGEFIND_PAGE,
    TIMING_SCRIPT,
    _first_after_submit,
    _median,
    _wait_for_results,
    pagefind_cold,
)

from browser import QuietHandler, _Server, launch, serve  # noqa: E402

COLD = "量子"
#: Marks each call and settling of the Searcher's steps, and each index file handed over.
HOOKS = """
window.timeline = [];
document.addEventListener("DOMContentLoaded", function () {
  var mark = function (what, detail) { timeline.push([what, performance.now(), detail || ""]); };
  var loaded = BriefgenSearch.loaded;
  BriefgenSearch.loaded = function (name, data) {
    mark("handed over", name);
    loaded(name, data);
  };
  var searcher = BriefgenSearch.Searcher.prototype;
  /* The ranking's own steps too, where the Searcher has them (scored: scores and the
   * phrase; place: the clauses' places; finished: matching and sorting). */
  ["search", "compute", "scored", "place", "finished"].forEach(function (step) {
    var own = searcher[step];
    if (!own) return;
    searcher[step] = function (query) {
      mark(step + " called", typeof query === "string" ? query : "");
      var done = own.apply(this, arguments);
      if (done && typeof done.then === "function") {
        done.then(function () { mark(step + " settled", typeof query === "string" ? query : ""); });
      } else mark(step + " returned");
      return done;
    };
  });
});
"""


def timeline(base: str, browser, query: str) -> str:
    """One run's requests and steps, as lines."""
    page = browser.new_page()
    page.add_init_script(TIMING_SCRIPT)
    page.add_init_script(HOOKS)
    page.goto(base + "search.html?q=" + quote(COLD))
    _wait_for_results(page, COLD)
    page.wait_for_timeout(300)
    page.evaluate("performance.clearResourceTimings(); timeline.length = 0")
    page.evaluate(AT_ONCE_SCRIPT, query)
    _wait_for_results(page, query)
    first = _first_after_submit(page)
    seen = page.evaluate(
        """() => ({
          at: benchTiming.submittedAt,
          requests: performance.getEntriesByType("resource").map(e => [
            e.name.split("/static/").pop(), e.startTime, e.responseStart, e.responseEnd,
            e.encodedBodySize]),
          steps: timeline,
        })"""
    )
    page.close()
    at = seen["at"]
    lines = [f"first result {first:.1f} ms after Enter"]
    for name, start, first_byte, last_byte, size in seen["requests"]:
        if start - at > first:
            continue  # the later results' files
        lines.append(
            f"  {name[:44]:44} start {start - at:6.1f}  first byte {first_byte - at:6.1f}"
            f"  last byte {last_byte - at:6.1f}  {size / 1024:6.1f} KB"
        )
    for what, when, detail in seen["steps"]:
        if when - at <= first:
            lines.append(f"  {when - at:6.1f} {what} {detail[:44]}")
    return "\n".join(lines)


class _Variants(QuietHandler):
    """The site under /old/ (its search.js replaced by OLD) and /new/ (as it is)."""

    old_script = ""
    #: Index files the new page reads in place of the site's (``--new-index``), or "".
    new_index = ""

    def translate_path(self, path: str) -> str:
        for prefix in ("/old/", "/new/"):
            if path.startswith(prefix):
                if prefix == "/old/" and path.split("?")[0] == "/old/static/search.js":
                    return self.old_script
                own = _own_file(self.new_index, path.split("?")[0], "/new/static/search/")
                if prefix == "/new/" and own:
                    return own
                path = "/" + path[len(prefix) :]
        return super().translate_path(path)


def _own_file(folder: str, path: str, prefix: str) -> str:
    """The file of ``folder`` standing for ``path`` (below ``prefix``), or "" if none."""
    if not folder or not path.startswith(prefix):
        return ""
    own = Path(folder) / path[len(prefix) :]
    return str(own) if own.is_file() else ""


def _briefgen_times(base: str, browser, query: str) -> tuple[float, float]:
    """Cold first result of COLD (from navigation start), then ``query`` at once (from Enter)."""
    page = browser.new_page()
    page.add_init_script(TIMING_SCRIPT)
    page.goto(base + "search.html?q=" + quote(COLD))
    _wait_for_results(page, COLD)
    cold = float(page.evaluate("benchTiming.firstAt"))
    page.wait_for_timeout(300)
    page.evaluate(AT_ONCE_SCRIPT, query)
    _wait_for_results(page, query)
    at_once = _first_after_submit(page)
    page.close()
    return cold, at_once


def _pagefind_times(base: str, browser, query: str) -> tuple[float, float]:
    page = browser.new_page()
    cold = pagefind_cold(page, base, COLD)
    page.wait_for_timeout(300)
    page.evaluate("q => window.runQuery(q)", "集成电路")
    at_once = float(page.evaluate("q => window.runQuery(q)", query)["ms"])
    page.close()
    return cold, at_once


def compare(
    site: Path, old_script: Path, runs: int, query: str, new_index: Path | None = None
) -> str:
    """Old and new search.js (and Pagefind, when the site has its index) taking turns; the
    new page reads ``new_index``'s files in place of the site's, where it has them."""
    handler = type(
        "Handler",
        (_Variants,),
        {"old_script": str(old_script), "new_index": str(new_index or "")},
    )
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    engines = {
        "old": lambda browser: _briefgen_times(base + "old/", browser, query),
        "new": lambda browser: _briefgen_times(base + "new/", browser, query),
    }
    if (site / "pagefind").is_dir():
        (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
        engines["pagefind"] = lambda browser: _pagefind_times(base, browser, query)
    names = list(engines)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for run in range(runs):
            for name in names[run % len(names) :] + names[: run % len(names)]:
                samples[name].append(engines[name](browser))
        browser.close()
    server.shutdown()
    server.server_close()
    lines = [f"{runs} samples each, taking turns; medians (ms): cold {COLD}, at once {query}"]
    for name in names:
        cold = _median([s[0] for s in samples[name]])
        at_once = _median([s[1] for s in samples[name]])
        lines.append(f"  {name:9} cold {cold:7.1f}  at once {at_once:6.1f}")
        lines.append("      at once: " + " ".join(f"{s[1]:.0f}" for s in samples[name]))
    if "pagefind" in samples:
        theirs = samples["pagefind"]
        for name in ("old", "new"):
            ratios = [
                _median([s[k] for s in samples[name]]) / _median([s[k] for s in theirs])
                for k in (0, 1)
            ]
            lines.append(f"  {name} / pagefind: cold {ratios[0]:.2f}  at once {ratios[1]:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (its search.html and static/)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default=AT_ONCE)
    parser.add_argument("--against", type=Path, help="an older search.js to take turns with")
    parser.add_argument(
        "--new-index", type=Path, help="with --against: index files the new page reads instead"
    )
    args = parser.parse_args()
    if args.against:
        print(compare(args.site, args.against, args.runs, args.query, args.new_index))
        return
    with sync_playwright() as playwright, serve(args.site) as base:
        browser = launch(playwright)
        for run in range(args.runs):
            print(f"run {run}: " + timeline(base, browser, args.query), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
