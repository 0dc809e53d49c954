"""Build benchmark: what `make build` costs on synthetic archives of N articles.

For each size: parse alone (cold), then the full build, a no-change rebuild and two rebuilds
after one issue changed, each `briefgen parse` + `briefgen build` as `make build` runs them
(interpreter start included; the `briefgen check` make build runs between them is timed apart,
after the title fix): its source saved again with one space more (only the record's source
digest changes, which no page shows), then one article title fixed by hand in its record file
(``fix_a_title``: what an editor does after reviewing the records; the title shows on pages, in
the search index and in the timeline). The second is the one the "one issue changed" target is
about. Then a new issue added after the newest (``synthetic.add_issue``: what an editor does
each week). Each with wall time, CPU seconds (every process of the run, workers included) and
peak RSS (the largest single process), and the site's size and file count. Beside them, the
search stage alone (``write_search`` in a forked process, as the build runs it, over an archive
loaded beforehand): its CPU seconds and peak RSS with a cold cache and after one issue changed.
Prints one table, then the full and one-issue-changed builds' CPU seconds by stage and process
(``briefgen build -v`` logs them, ``briefgen.timing``); it is a measurement, not a test.

    python bench/build_bench.py 2000 20000
    python bench/build_bench.py --search-stage BRIEFINGS OUT [CACHE] [--profile FILE]
        [--previous SITE/static/search]

``--previous``: the index the stage's output replaces, as a rebuild has it (files taken or
patched from it, ``search.reuse`` and ``search.patch``): with a cache the last build of that
site wrote, this profiles a rebuild's search stage (after a title fix, say), not a first one.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import add_issue, make_archive  # noqa: E402

from briefgen.archive import Archive, load_archive  # noqa: E402
from briefgen.build import load_records  # noqa: E402
from briefgen.cache import Cache  # noqa: E402
from briefgen.files import site_record_files  # noqa: E402
from briefgen.search import write_search  # noqa: E402
from briefgen.search.segment import load_dictionaries  # noqa: E402

BRIEFGEN = [sys.executable, "-m", "briefgen.cli"]


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float
    #: The largest resident set of any one process of the run, in MB.
    peak_mb: float
    #: What ``briefgen build -v`` logged of its stages (``briefgen.timing``): "stage NAME"
    #: (the process that ran it) or "workers NAME" (a pool's processes) → (CPU s, peak MB).
    stages: tuple[tuple[str, float, float], ...] = ()

    def __add__(self, other: Run) -> Run:
        return Run(
            self.wall + other.wall,
            self.cpu + other.cpu,
            max(self.peak_mb, other.peak_mb),
            self.stages + other.stages,
        )

    def __str__(self) -> str:
        return f"{self.wall:.1f} s ({self.cpu:.0f} s CPU)"

    def split(self) -> str:
        """Each stage's CPU seconds and the peak RSS of the process it ran in."""
        return "; ".join(f"{name} {cpu:.1f} s, {peak:.0f} MB" for name, cpu, peak in self.stages)


#: A line of ``briefgen.timing``: "stage templates: 0.19 s CPU, 0.29 s wall, peak 125 MB" or
#: "workers pages: 165.66 s CPU, children's peak so far 442 MB".
_TIMING = re.compile(r"DEBUG: (stage|workers) (.+?): ([\d.]+) s CPU, .*?([\d.]+) MB$", re.M)


def _run(*args: str) -> Run:
    """One briefgen command; its rusage covers the worker processes it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [*BRIEFGEN, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"briefgen {' '.join(args)} failed:\n{errors}")
    stages = tuple(
        (f"{kind} {name}", float(cpu), float(peak))
        for kind, name, cpu, peak in _TIMING.findall(errors)
    )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stages)


def search_stage(
    archive: Archive, out: Path, cache: Path | None, previous: Path | None = None
) -> Run:
    """``write_search`` in a process forked from one holding the archive, as the build forks
    it: its own CPU seconds, and its peak RSS (pages shared with the parent included)."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            write_search(archive, out, Cache(cache), previous)
        except BaseException:
            traceback.print_exc()
            status = 1
        os._exit(status)
    _, status, usage = os.wait4(pid, 0)
    if status != 0:
        raise SystemExit("the search stage failed")
    wall = time.perf_counter() - started
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def load(briefings: Path) -> Archive:
    load_dictionaries()  # as the build does before forking
    return load_archive(briefings, load_records(dict.fromkeys(site_record_files(briefings), "")))


def _stage(run: Run) -> str:
    return f"{run.cpu:.1f} s CPU, {run.peak_mb:.0f} MB"


def _make_build(briefings: Path, site: Path, cache: Path) -> Run:
    cached = ["--cache", str(cache)]
    return _run("parse", "-q", str(briefings), *cached) + _run(
        "build", "-v", "--briefings", str(briefings), "--out", str(site), *cached
    )


#: The character ``fix_a_title`` puts before a title: a word added, so every position of
#: the article's text after its title moves (the harder case for the search index).
TITLE_FIX = "新"


def fix_a_title(briefings: Path) -> Path:
    """Edit the first article title of the middle issue in its record file, by hand as an
    editor would (``parse`` then keeps the file as edited); the file edited."""
    files = sorted(briefings.glob("*/records.yaml"))
    records = files[len(files) // 2]
    text = records.read_text(encoding="utf-8")
    at = text.index("\n  title: ") + len("\n  title: ")
    at += text[at] in "'\""  # inside a quoted title
    records.write_text(text[:at] + TITLE_FIX + text[at:], encoding="utf-8")
    return records


def measure(size: int, tmp: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The table's row for ``size`` articles, and each build's CPU seconds by stage."""
    briefings = make_archive(size, tmp / f"briefings-{size}")
    # The editor's topic list, so topics are assigned as in the real archive.
    shutil.copy(ROOT / "briefings" / "topics.yaml", briefings / "topics.yaml")
    sources = sorted(briefings.glob("*/source.txt"))
    megabytes = sum(s.stat().st_size for s in sources) / 1e6
    site, cache = tmp / f"site-{size}", tmp / f"cache-{size}"

    parse = _run("parse", "-q", str(briefings), "--no-cache")
    for records in briefings.glob("*/records.yaml"):
        records.unlink()
    full = _make_build(briefings, site, cache)
    unchanged = _make_build(briefings, site, cache)
    first = sources[0]
    first.write_text(first.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
    changed = _make_build(briefings, site, cache)
    fix_a_title(briefings)
    title = _make_build(briefings, site, cache)
    add_issue(briefings)
    added = _make_build(briefings, site, cache)
    # make build runs check between parse and build: timed apart, as the issue's figure is
    # parse + build.
    checked = _run("check", "-q", str(briefings), "--cache", str(cache))
    archive = load(briefings)
    stage_cache = tmp / f"search-cache-{size}"
    cold = search_stage(archive, tmp / f"search-{size}", stage_cache)
    first.write_text(first.read_text(encoding="utf-8").replace("。 ", "。", 1), encoding="utf-8")
    _run("parse", "-q", str(briefings), "--cache", str(cache))
    warm = search_stage(load(briefings), tmp / f"search-{size}-changed", stage_cache)
    files = [p for p in site.rglob("*") if p.is_file()]
    row = {
        "articles": f"{size:,}",
        "parse": f"{parse} = {megabytes / parse.wall:.2f} MB/s",
        "full build": str(full),
        "no-change": str(unchanged),
        "one issue changed: source saved again": str(changed),
        "one issue changed: a title fixed by hand": str(title),
        "a new issue added": str(added),
        "check after it": str(checked),
        "peak RSS": f"{max(r.peak_mb for r in (full, unchanged, changed, title, added)):.0f} MB",
        "search stage": _stage(cold),
        "search, one issue changed": _stage(warm),
        "site": f"{sum(p.stat().st_size for p in files) / 1e6:.0f} MB, {len(files):,} files",
    }
    return row, {
        "full build": full.split(),
        "source saved again": changed.split(),
        "a title fixed by hand": title.split(),
        "a new issue added": added.split(),
    }


def main(sizes: list[int]) -> None:
    rows = []
    splits = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            row, split = measure(size, Path(tmp))
            rows.append(row)
            splits += [f"{size:,} articles, {name}: {stages}" for name, stages in split.items()]
            print(f"measured {size:,} articles", file=sys.stderr)
    heads = list(rows[0])
    print("| " + " | ".join(heads) + " |")
    print("|" + "|".join("---:" for _ in heads) + "|")
    for row in rows:
        print("| " + " | ".join(row[h] for h in heads) + " |")
    print(
        f"\n{os.cpu_count()} cores; each build is `briefgen parse` + `briefgen build` with "
        "interpreter start; CPU counts every process of the run. Peak RSS is the largest "
        "single process. The search stage is `write_search` alone, forked from a process "
        "holding the archive as the build forks it, with a cold cache and then with one "
        "issue changed: its own CPU seconds and peak RSS (pages shared with the archive "
        "included)."
    )
    print("\nCPU seconds by stage (and the peak RSS of the process it ran in):\n")
    for line in splits:
        print(f"- {line}")


def search_only(
    briefings: Path, out: Path, cache: Path | None, profile: Path | None, previous: Path | None
) -> None:
    """The search stage alone over an archive parsed beforehand (``--search-stage``)."""
    archive = load(briefings)
    if profile is None:
        run = search_stage(archive, out, cache, previous)
        print(f"search stage: {run}, {_stage(run)}")
        return
    code = "write_search(archive, out, Cache(cache), previous)"
    cProfile.runctx(code, globals(), locals(), str(profile))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--search-stage", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--previous", type=Path)
    args = parser.parse_args()
    if args.search_stage:
        briefings, out, *cached = args.search_stage
        cache = cached[0] if cached else None
        search_only(briefings, out, cache, args.profile, args.previous)
    else:
        main(args.sizes)
