"""What following a policy across issues costs the build: a synthetic archive of N articles
(bench/synthetic.py, with the shipped topics, entities and sources files), built in full
with and without the analysis pages (sources, documents, entities, timeline, the issue
pages' novelty), plus the analysis alone. Prints figures; asserts nothing.

    python bench/analysis_bench.py 2000
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_archive  # noqa: E402

from briefgen.analysis import Analysis, analyse  # noqa: E402
from briefgen.analysis.novelty import IssueNovelty  # noqa: E402
from briefgen.archive import Archive, load_archive  # noqa: E402
from briefgen.build import build_site  # noqa: E402
from briefgen.cache import Cache  # noqa: E402
from briefgen.render import pages  # noqa: E402
from briefgen.resources import default_templates  # noqa: E402

EDITOR_FILES = ("topics.yaml", "entities.yaml", "sources.yaml")
ANALYSIS_FOLDERS = ("sources", "documents", "entities")
RUNS = 2


def _no_analysis(archive: Archive) -> Analysis:
    return Analysis([], [], [], [], {i.meta.id: IssueNovelty() for i in archive.issues}, [])


def _no_pages(analysis: Analysis, facts: pages.ArchiveFacts) -> Iterator[pages.Page]:
    yield from ()


def _build(briefings: Path, out: Path, with_analysis: bool) -> tuple[float, int]:
    """Seconds of the best of RUNS full builds (no cache), and the pages written."""
    best, count = float("inf"), 0
    for _ in range(RUNS):
        shutil.rmtree(out, ignore_errors=True)
        patches = (
            []
            if with_analysis
            else [
                mock.patch.object(pages, "analyse", _no_analysis),
                mock.patch.object(pages, "analysis_pages", _no_pages),
            ]
        )
        for patch in patches:
            patch.start()
        try:
            started = time.perf_counter()
            summary = build_site(briefings, out, default_templates(), Cache(None))
            best = min(best, time.perf_counter() - started)
            count = summary.pages
        finally:
            for patch in patches:
                patch.stop()
    return best, count


def _size(site: Path) -> int:
    paths = [site / lang / folder for lang in ("", "en") for folder in ANALYSIS_FOLDERS]
    files = [f for p in paths for f in p.rglob("*.html")]
    files += [site / lang / "timeline.html" for lang in ("", "en")]
    return sum(f.stat().st_size for f in files if f.is_file())


def main(size: int) -> None:
    with tempfile.TemporaryDirectory(prefix="briefgen-analysis-bench-") as tmp_name:
        tmp = Path(tmp_name)
        briefings = make_archive(size, tmp / "briefings")
        for name in EDITOR_FILES:
            shutil.copyfile(ROOT / "briefings" / name, briefings / name)
        subprocess.run(
            [sys.executable, "-m", "briefgen.cli", "parse", "-q", "--no-cache", str(briefings)],
            check=True,
        )
        archive = load_archive(briefings)
        started = time.perf_counter()
        found = analyse(archive)
        analyse_s = time.perf_counter() - started
        without_s, without_pages = _build(briefings, tmp / "site", with_analysis=False)
        with_s, with_pages = _build(briefings, tmp / "site", with_analysis=True)
        events = sum(len(m.events) for m in found.timeline)
        print(f"analysis bench, {len(archive.entries)} articles in {len(archive.issues)} issues")
        print(
            f"  found: {len(found.sources)} sources, {len(found.documents)} documents, "
            f"{len(found.entities)} entities, {events} timeline events"
        )
        print(f"  analyse() alone:            {analyse_s:6.2f} s")
        print(f"  full build without analysis: {without_s:6.1f} s, {without_pages} pages")
        print(f"  full build with analysis:    {with_s:6.1f} s, {with_pages} pages")
        print(
            f"  added: {with_s - without_s:+.1f} s ({(with_s / without_s - 1) * 100:+.0f} %), "
            f"{with_pages - without_pages} pages, {_size(tmp / 'site') / 1e6:.1f} MB of them"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
