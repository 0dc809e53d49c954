"""Search benchmark: briefgen's index against Pagefind's on the same built site, in chromium.

For each: index size (raw and gzip), time to build it, bytes the browser fetches before the
first result, time to first result cold (new page) and warm (a second query). Prints a table;
it is a measurement, not a test.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from briefgen.archive import load_archive  # noqa: E402
from briefgen.build import build_site  # noqa: E402
from briefgen.search import write_search  # noqa: E402
from browser import launch, serve  # noqa: E402

QUERIES = ["量子", "光刻机", "先进封装", "HBM", "出口管制"]
WARM_QUERY = "半导体"
WARM_PASTED = "集成电路"
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
window.runQuery = async (q) => {
  const t0 = performance.now();
  const pf = window.pf || (window.pf = await import('./pagefind/pagefind.js'));
  const found = await pf.search(q);
  const first = found.results.length ? await found.results[0].data() : null;
  return {ms: performance.now() - t0, count: found.results.length, first: first && first.url};
};
</script>"""
# Timing the search page from outside, so production search.js carries no hooks: injected
# before the page's own scripts, it notes when a query is submitted (capture phase, so before
# the page's handler runs it) and when the first result of that query is drawn.
TIMING_SCRIPT = """
window.benchTiming = {submittedAt: 0, firstAt: null};
addEventListener("submit", function () {
  benchTiming.submittedAt = performance.now();
  benchTiming.firstAt = null;
}, true);
new MutationObserver(function (records) {
  if (benchTiming.firstAt !== null) return;
  var drawn = records.some(function (record) {
    return record.target.id === "search-results" && Array.from(record.addedNodes).some(
      function (node) { return node.nodeName === "LI"; });
  });
  if (drawn) benchTiming.firstAt = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


@dataclass
class Figures:
    name: str
    index_raw: int
    index_gzip: int
    build_s: float
    cold_bytes: int
    cold_ms: float
    warm_ms: float
    #: A new query pasted and run at once, its index files fetched then (briefgen only; for
    #: Pagefind every warm query is one).
    warm_fetch_ms: float | None = None


def _sizes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    return raw, sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)


def _listen(page: Page) -> list[int]:
    """Gzip sizes of every response the page gets, workers' fetches included.

    (The page's own resource timing does not see what Pagefind's worker fetches.)
    """
    sizes: list[int] = []

    def count(response) -> None:
        try:
            sizes.append(len(gzip.compress(response.body(), 6)))
        except Exception:
            pass

    page.on("response", count)
    return sizes


def briefgen_figures(site: Path, base: str, browser, build_s: float) -> Figures:
    raw, packed = _sizes(site / "static" / "search")
    cold, warm, fetched, pasted = [], [], [], []
    for query in QUERIES:
        page = browser.new_page()
        page.add_init_script(TIMING_SCRIPT)
        sizes = _listen(page)
        page.goto(base + "search.html?q=" + quote(query))
        _wait_for_results(page, query)
        # The first result drawn, from navigation start.
        cold.append(page.evaluate("benchTiming.firstAt"))
        fetched.append(sum(sizes[1:]))  # everything but the page itself
        # Typed as a person types, who then reads it over before Enter: the page fetches
        # the query's files meanwhile.
        page.fill("#search-q", "")
        page.type("#search-q", WARM_QUERY, delay=80)
        page.wait_for_timeout(300)
        page.press("#search-q", "Enter")
        _wait_for_results(page, WARM_QUERY)
        warm.append(_first_after_submit(page))
        # Pasted and run at once: the files load after Enter.
        page.fill("#search-q", WARM_PASTED)
        page.press("#search-q", "Enter")
        _wait_for_results(page, WARM_PASTED)
        pasted.append(_first_after_submit(page))
        page.close()
    return Figures(
        "briefgen",
        raw,
        packed,
        build_s,
        _median(fetched),
        _median(cold),
        _median(warm),
        _median(pasted),
    )


def _wait_for_results(page: Page, query: str) -> None:
    page.wait_for_function(
        "q => document.querySelector('#search-status').textContent.includes(q)"
        " && benchTiming.firstAt !== null",
        arg=query,
    )


def _first_after_submit(page: Page) -> float:
    """Milliseconds from the last Enter to that query's first result drawn."""
    return float(page.evaluate("benchTiming.firstAt - benchTiming.submittedAt"))


def pagefind_figures(site: Path, base: str, browser) -> Figures:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        check=True,
        capture_output=True,
    )
    build_s = time.perf_counter() - started
    (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    raw, packed = _sizes(site / "pagefind")
    cold, warm, fetched = [], [], []
    for query in QUERIES:
        page = browser.new_page()
        sizes = _listen(page)
        page.goto(base + "pagefind-bench.html")
        page.wait_for_function("typeof window.runQuery === 'function'")
        before = len(sizes)
        first = page.evaluate("q => window.runQuery(q)", query)
        fetched.append(sum(sizes[before:]))
        cold.append(first["ms"])
        warm.append(page.evaluate("q => window.runQuery(q)", WARM_QUERY)["ms"])
        page.close()
    return Figures("pagefind", raw, packed, build_s, _median(fetched), _median(cold), _median(warm))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main() -> None:
    briefings = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "briefings"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(briefings, site, ROOT / "templates")
        archive = load_archive(briefings)
        started = time.perf_counter()
        write_search(archive, Path(tmp) / "index-only")
        index_s = time.perf_counter() - started
        pagefind_site = Path(tmp) / "pagefind-site"
        shutil.copytree(site, pagefind_site)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            with serve(site) as base:
                ours = briefgen_figures(site, base, browser, index_s)
            with serve(pagefind_site) as base:
                theirs = pagefind_figures(pagefind_site, base, browser)
            browser.close()
    print(f"Search over {len(archive.entries)} articles (median of {len(QUERIES)} queries)")
    print(
        f"{'':10} {'index raw':>11} {'index gzip':>11} {'build':>8} {'fetched cold':>13} "
        f"{'first result':>13} {'warm typed':>11} {'warm pasted':>12}"
    )
    for row in (ours, theirs):
        pasted = row.warm_fetch_ms if row.warm_fetch_ms is not None else row.warm_ms
        print(
            f"{row.name:10} {row.index_raw / 1024:9.0f}KB {row.index_gzip / 1024:9.0f}KB "
            f"{row.build_s:7.2f}s {row.cold_bytes / 1024:11.0f}KB {row.cold_ms:11.0f}ms "
            f"{row.warm_ms:9.1f}ms {pasted:10.1f}ms"
        )
    print(
        f"{'ratio':10} {ours.index_raw / theirs.index_raw:11.2f} "
        f"{ours.index_gzip / theirs.index_gzip:11.2f} {ours.build_s / theirs.build_s:8.2f} "
        f"{ours.cold_bytes / theirs.cold_bytes:13.2f} {ours.cold_ms / theirs.cold_ms:13.2f} "
        f"{ours.warm_ms / max(theirs.warm_ms, 0.01):11.2f} "
        f"{(ours.warm_fetch_ms or 0) / max(theirs.warm_ms, 0.01):12.2f}"
    )
    print(NOTES)


NOTES = """\
fetched cold: gzip bytes of all responses after the page (pagefind: for the query)
first result: timed in the page by an injected script, from navigation start (pagefind:
  from the query call)
warm typed: a second query typed at 80 ms a key and 300 ms before Enter, timed from Enter
  to its first result
warm pasted: a second query run at once, its files fetched after Enter (pagefind: its one
  warm figure, a second query)"""


if __name__ == "__main__":
    main()
