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
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import (  # noqa: E402
    AT_ONCE,
    AT_ONCE_SCRIPT,
    TIMING_SCRIPT,
    _first_after_submit,
    _wait_for_results,
)

from browser import launch, serve  # noqa: E402

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
  ["search", "compute"].forEach(function (step) {
    var own = searcher[step];
    searcher[step] = function (query) {
      mark(step + " called", query);
      var done = own.apply(this, arguments);
      done.then(function () { mark(step + " settled", query); });
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (its search.html and static/)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default=AT_ONCE)
    args = parser.parse_args()
    with sync_playwright() as playwright, serve(args.site) as base:
        browser = launch(playwright)
        for run in range(args.runs):
            print(f"run {run}: " + timeline(base, browser, args.query), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
