"""Search benchmark: briefgen's index against Pagefind's on the same built site, in chromium.

For each archive size (the 86 seed articles, and synthetic archives of the seeds recombined,
by default 2,000 articles; `python bench/search_bench.py 86 2000 20000` for the large one) and
each engine: index size (raw and gzip), time to build it, bytes (gzip) and requests the
browser makes before the first result, time to the first result cold (new page), and a second
query pasted and run at once. Pagefind is the npm package's extended build
(node_modules/@pagefind/linux-x64/bin/pagefind_extended, `npm ci` installs it). The engines
take turns query by query in the same browser (``--rounds N`` repeats the five queries N
times, each round starting with the other engine; medians over all, and each round's warm
pasted and at-once ratios). Prints a table with
ratios; it is a measurement, not a test. ``--work DIR`` keeps the archives, built sites and
Pagefind's indexes in DIR and reuses them on the next run (the large archive takes minutes to
make and Pagefind minutes to index); briefgen's scripts and index are written anew each run,
the index kept with ``--keep-index``. ``--scripts OLD/templates`` writes an older checkout's
page scripts instead: runs with old and new scripts over one kept index, taking turns, compare
a change to the page's code against Pagefind in the same runs.
"""

from __future__ import annotations

import argparse
import contextlib
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

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_archive  # noqa: E402

from briefgen.archive import load_archive  # noqa: E402
from briefgen.build import build_site  # noqa: E402
from briefgen.render.assets import write_static  # noqa: E402
from briefgen.search import write_search  # noqa: E402
from browser import PASTE_AND_RUN, launch, serve  # noqa: E402

PAGEFIND = ROOT / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
SIZES = (86, 2000)

QUERIES = ["量子", "光刻机", "先进封装", "HBM", "出口管制"]
WARM_QUERY = "半导体"
WARM_PASTED = "集成电路"
#: Pasted and run in the same task as the paste: no moment between them in which the page
#: could start early, so the whole way from the paste to the first result.
AT_ONCE = "人工智能"
AT_ONCE_SCRIPT = PASTE_AND_RUN
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
window.runQuery = async (q) => {
  const t0 = performance.now();
  const pf = window.pf || (window.pf = await import('./pagefind/pagefind.js'));
  const found = await pf.search(q);
  const first = found.results.length ? await found.results[0].data() : null;
  return {ms: performance.now() - t0, count: found.results.length, first: first && first.url};
};
// Opened with ?q=, the query runs as the page loads, as briefgen's search page runs one:
// coldAt is when its first result's data is in, from navigation start like briefgen's.
const cold = new URLSearchParams(location.search).get("q");
if (cold) runQuery(cold).then(() => { window.coldAt = performance.now(); });
</script>"""
# The search's responses the page had when its first result was drawn (installed after
# TIMING_SCRIPT's observer, which sets firstAt): the scripts and index files of the search,
# not the stylesheet and header script every page loads (Pagefind's bench page has none).
FIRST_RESULT_SCRIPT = """
benchTiming.fetchedAtFirst = null;
new MutationObserver(function () {
  if (benchTiming.firstAt !== null && benchTiming.fetchedAtFirst === null) {
    benchTiming.fetchedAtFirst = performance.getEntriesByType("resource")
      .map(function (entry) { return entry.name; })
      .filter(function (name) { return name.indexOf("/static/search") >= 0; });
  }
}).observe(document, {childList: true, subtree: true});
"""
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
    #: Requests the browser makes before the first result (after the page itself).
    cold_requests: int
    cold_ms: float
    warm_ms: float
    #: A new query pasted and run at once, its index files fetched then (briefgen only; for
    #: Pagefind every warm query is one).
    warm_fetch_ms: float | None = None
    #: Another new query pasted and run in the same task (AT_ONCE; for Pagefind a third
    #: query call).
    at_once_ms: float | None = None


def _sizes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    return raw, sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)


def _listen(page: Page) -> list[tuple[str, int]]:
    """URL and gzip size of every response the page gets, workers' fetches included, in order.

    (The page's own resource timing does not see what Pagefind's worker fetches.) A response
    whose body cannot be read (a redirect, a failed request) counts 0 bytes but counts.
    """
    sizes: list[tuple[str, int]] = []

    def count(response) -> None:
        try:
            sizes.append((response.url, len(gzip.compress(response.body(), 6))))
        except Exception:
            sizes.append((response.url, 0))

    page.on("response", count)
    return sizes


@dataclass
class Sample:
    """One query's figures on one engine (None: not measured for that engine)."""

    cold_ms: float
    cold_bytes: int
    cold_requests: int
    warm_ms: float
    pasted_ms: float | None
    at_once_ms: float


def briefgen_sample(base: str, browser, query: str) -> Sample:
    """``query`` cold in a new search page, then a typed, a pasted and an at-once query."""
    page = browser.new_page()
    page.add_init_script(TIMING_SCRIPT)
    sizes = _listen(page)
    page.add_init_script(FIRST_RESULT_SCRIPT)
    page.goto(base + "search.html?q=" + quote(query))
    _wait_for_results(page, query)
    # The first result drawn, from navigation start.
    cold = page.evaluate("benchTiming.firstAt")
    before_first = set(page.evaluate("benchTiming.fetchedAtFirst"))
    # Typed as a person types, who then reads it over before Enter: the page fetches
    # the query's files meanwhile.
    page.fill("#search-q", "")
    page.type("#search-q", WARM_QUERY, delay=80)
    page.wait_for_timeout(300)
    page.press("#search-q", "Enter")
    _wait_for_results(page, WARM_QUERY)
    warm = _first_after_submit(page)
    # Pasted and run at once: the page fetches its files, and ranks it, from the paste.
    page.fill("#search-q", WARM_PASTED)
    page.press("#search-q", "Enter")
    _wait_for_results(page, WARM_PASTED)
    pasted = _first_after_submit(page)
    page.evaluate(AT_ONCE_SCRIPT, AT_ONCE)
    _wait_for_results(page, AT_ONCE)
    at_once = _first_after_submit(page)
    page.close()
    return Sample(
        cold,
        sum(size for url, size in sizes if url in before_first),
        len(before_first),
        warm,
        pasted,
        at_once,
    )


def _figures(name: str, index: Path, build_s: float, samples: list[Sample]) -> Figures:
    raw, packed = _sizes(index)
    pasted = [s.pasted_ms for s in samples if s.pasted_ms is not None]
    return Figures(
        name,
        raw,
        packed,
        build_s,
        _median([s.cold_bytes for s in samples]),
        _median([s.cold_requests for s in samples]),
        _median([s.cold_ms for s in samples]),
        _median([s.warm_ms for s in samples]),
        _median(pasted) if pasted else None,
        _median([s.at_once_ms for s in samples]),
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


def pagefind_sample(base: str, browser, query: str) -> Sample:
    """``query`` cold in a new page, then the pasted query and the at-once one (warm)."""
    page = browser.new_page()
    sizes = _listen(page)
    cold = pagefind_cold(page, base, query)
    # Its index's files, as briefgen's figure counts the search's files and not the page.
    fetched = [size for url, size in sizes if "/pagefind/" in url]
    warm = page.evaluate("q => window.runQuery(q)", WARM_PASTED)["ms"]
    at_once = page.evaluate("q => window.runQuery(q)", AT_ONCE)["ms"]
    page.close()
    return Sample(cold, sum(fetched), len(fetched), warm, None, at_once)


def pagefind_cold(page, base: str, query: str) -> float:
    """Milliseconds from navigation start until ``query``'s first result's data is in, the
    page opened with the query in its address (briefgen's cold figure starts there too)."""
    page.goto(base + "pagefind-bench.html?q=" + quote(query))
    page.wait_for_function("window.coldAt !== undefined")
    return float(page.evaluate("window.coldAt"))


def interleaved(
    sites: tuple[Path, Path], build_s: tuple[float, float], browser, rounds: int = 1
) -> tuple[Figures, Figures, Rounds]:
    """Both engines (briefgen's site, Pagefind's copy) taking turns query by query, ``rounds``
    times over QUERIES, each round led by the other engine; their figures (medians over every
    sample) and each round's ratios of warm pasted and at-once medians, briefgen / Pagefind."""
    site, pagefind_site = sites
    (pagefind_site / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    ours: list[Sample] = []
    theirs: list[Sample] = []
    by_round = Rounds([], [])
    with serve(site) as base, serve(pagefind_site) as pagefind_base:
        for round_ in range(rounds):
            for query in QUERIES:
                if round_ % 2:
                    theirs.append(pagefind_sample(pagefind_base, browser, query))
                ours.append(briefgen_sample(base, browser, query))
                if not round_ % 2:
                    theirs.append(pagefind_sample(pagefind_base, browser, query))
            mine, others = ours[-len(QUERIES) :], theirs[-len(QUERIES) :]
            pasted = [s.pasted_ms for s in mine if s.pasted_ms is not None]
            by_round.pasted.append(_median(pasted) / _median([s.warm_ms for s in others]))
            by_round.at_once.append(
                _median([s.at_once_ms for s in mine]) / _median([s.at_once_ms for s in others])
            )
    return (
        _figures("briefgen", site / "static" / "search", build_s[0], ours),
        _figures("pagefind", pagefind_site / "pagefind", build_s[1], theirs),
        by_round,
    )


@dataclass
class Rounds:
    """Each round's ratios (briefgen / Pagefind of the round's medians): warm pasted, at once."""

    pasted: list[float]
    at_once: list[float]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def archive_of(size: int, work: Path) -> Path:
    """The briefings folder of an archive of ``size`` articles: the seeds for 86, else a
    synthetic one, parsed as ``briefgen parse`` does (kept in ``work`` when already there)."""
    if size == 86:
        return ROOT / "briefings"
    briefings = work / f"briefings-{size}"
    if (briefings / "glossary.yaml").is_file():
        return briefings
    make_archive(size, briefings)
    subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "parse", "-q", str(briefings), "--no-cache"],
        check=True,
        capture_output=True,
    )
    return briefings


@dataclass(frozen=True)
class Scripts:
    """What briefgen's side of a run is written with: the templates folder its page scripts
    come from (``--scripts``: an older checkout's, to compare scripts over one index), and
    whether a site's index already in ``--work`` is kept (``--keep-index``)."""

    templates: Path = ROOT / "templates"
    keep_index: bool = False


def site_of(
    size: int, work: Path, briefings: Path, scripts: Scripts = Scripts()
) -> tuple[Path, float]:
    """The built site of an archive, and the seconds its search index took to write.

    A site already in ``work`` (``--work``) keeps its pages; its scripts and search index are
    written again by the code under test. Either way the index is written on its own, timed,
    with no cache: the index build figure. With ``scripts.keep_index`` an index already
    there is kept, and the figure is the one noted when it was written."""
    site = work / f"site-{size}"
    if not (site / "search.html").is_file():
        build_site(briefings, site, ROOT / "templates")
    write_static(site, scripts.templates)
    folder = site / "static" / "search"
    noted = site / "search-build-seconds"
    if scripts.keep_index and (folder / "manifest.js").is_file() and noted.is_file():
        return site, float(noted.read_text())
    if folder.exists():
        shutil.rmtree(folder)
    archive = load_archive(briefings)
    started = time.perf_counter()
    write_search(archive, folder)
    noted.write_text(str(time.perf_counter() - started))
    return site, float(noted.read_text())


def pagefind_site_of(size: int, work: Path, site: Path) -> tuple[Path, float]:
    """A copy of the site with Pagefind's index, and the seconds Pagefind took; kept in
    ``work`` (``--work``) and reused while its index is there."""
    copy = work / f"pagefind-site-{size}"
    seconds = copy / "pagefind-build-seconds"
    if seconds.is_file() and (copy / "pagefind").is_dir():
        return copy, float(seconds.read_text())
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(site, copy)
    started = time.perf_counter()
    subprocess.run([str(PAGEFIND), "--site", str(copy), "--quiet"], check=True, capture_output=True)
    seconds.write_text(str(time.perf_counter() - started))
    return copy, float(seconds.read_text())


def measure(
    size: int, work: Path, browser, rounds: int = 1, scripts: Scripts = Scripts()
) -> tuple[int, Figures, Figures, Rounds]:
    """Both engines over one archive; returns its article count, their figures and each
    round's ratios."""
    briefings = archive_of(size, work)
    site, index_s = site_of(size, work, briefings, scripts)
    pagefind_site, pagefind_s = pagefind_site_of(size, work, site)
    ours, theirs, ratios = interleaved(
        (site, pagefind_site), (index_s, pagefind_s), browser, rounds
    )
    return len(load_archive(briefings).entries), ours, theirs, ratios


def table(articles: int, ours: Figures, theirs: Figures, by_round: Rounds) -> str:
    """One archive's figures, briefgen over Pagefind, with the ratio (≤ 1: briefgen better)."""
    ratios = by_round.pasted
    samples = len(QUERIES) * len(ratios)
    rows = [
        f"Search over {articles} articles (median of {samples} samples: {len(QUERIES)} queries"
        f" × {len(ratios)} rounds)",
        f"{'':10} {'index raw':>11} {'index gzip':>11} {'build':>8} {'fetched cold':>13} "
        f"{'requests':>9} {'first result':>13} {'warm typed':>11} {'warm pasted':>12} "
        f"{'at once':>9}",
    ]
    for row in (ours, theirs):
        pasted = row.warm_fetch_ms if row.warm_fetch_ms is not None else row.warm_ms
        rows.append(
            f"{row.name:10} {row.index_raw / 1024:9.0f}KB {row.index_gzip / 1024:9.0f}KB "
            f"{row.build_s:7.2f}s {row.cold_bytes / 1024:11.0f}KB {row.cold_requests:9d} "
            f"{row.cold_ms:11.0f}ms {row.warm_ms:9.1f}ms {pasted:10.1f}ms "
            f"{row.at_once_ms or 0:7.1f}ms"
        )
    rows.append(
        f"{'ratio':10} {ours.index_raw / theirs.index_raw:11.2f} "
        f"{ours.index_gzip / theirs.index_gzip:11.2f} {ours.build_s / theirs.build_s:8.2f} "
        f"{ours.cold_bytes / theirs.cold_bytes:13.2f} "
        f"{ours.cold_requests / theirs.cold_requests:9.2f} {ours.cold_ms / theirs.cold_ms:13.2f} "
        f"{'':11} {(ours.warm_fetch_ms or 0) / max(theirs.warm_ms, 0.01):12.2f} "
        f"{(ours.at_once_ms or 0) / max(theirs.at_once_ms or 0, 0.01):9.2f}"
    )
    if len(ratios) > 1:
        rows.append("warm pasted ratio by round: " + " ".join(f"{r:.2f}" for r in ratios))
        rows.append("at once ratio by round: " + " ".join(f"{r:.2f}" for r in by_round.at_once))
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the archives, sites and Pagefind's indexes here and reuse them (the search "
        "index and scripts are always written again); default: a temporary folder",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure the queries this many times, the engines taking turns (default 1)",
    )
    parser.add_argument(
        "--scripts",
        type=Path,
        default=ROOT / "templates",
        help="the templates folder to take the search page's scripts from (an older "
        "checkout's, to compare scripts over one index; default: this checkout's)",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="with --work, keep a site's search index written by an earlier run",
    )
    args = parser.parse_args()
    scripts = Scripts(args.scripts, args.keep_index)
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        work.mkdir(parents=True, exist_ok=True)
        playwright = stack.enter_context(sync_playwright())
        browser = launch(playwright)
        for size in args.sizes:
            print(table(*measure(size, work, browser, args.rounds, scripts)), flush=True)
        browser.close()
    print(NOTES)


NOTES = """\
fetched cold: gzip bytes of the search's responses (its scripts and index files, not the
  page's stylesheet and header script) up to the first result drawn (pagefind: every
  response under pagefind/ for its first query, pagefind.js and its wasm included)
requests: how many responses that is
first result: from navigation start, the page opened with the query in its address;
  briefgen's timed by an injected script until the first result is drawn, pagefind's (a
  bare page running the query as it loads) until the first result's data is in
warm typed: a second query typed at 80 ms a key and 300 ms before Enter, timed from Enter
  to its first result
warm pasted: a second query pasted and run at once (Enter right after the paste; the page
  fetches its files, and ranks it once they are in, from the paste; pagefind: the same query,
  its one warm figure)
at once: a third query pasted and run in the same task, nothing started before Enter: the
  whole way from a paste to its first result (pagefind: a third query call)
ratio: briefgen / Pagefind (at most 1.0: briefgen as good or better)"""


if __name__ == "__main__":
    main()
