"""Ingest benchmark: CPU seconds per PDF page against plain pypdf extraction, text MB/s.

Prints a table; it is a measurement, not a test, and asserts nothing.
Run with ``make bench``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from briefgen.ingest import parse_issue  # noqa: E402
from producers import PRODUCERS, seed_pdfs  # noqa: E402


def _cpu(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    sources = sorted((ROOT / "briefings").glob("*/source.txt"))
    issue_ids = [source.parent.name for source in sources]
    # Every producer of the ingest tests, from their PDF cache (printed when missing).
    pdfs = seed_pdfs(issue_ids, PRODUCERS)
    print("PDF ingest (best of 3, CPU seconds)")
    print(f"{'issue':34} {'producer':16} {'pages':>5} {'pypdf/page':>11} {'briefgen/page':>14}")
    total_pages = total_cpu = 0.0
    for (issue_id, producer), pdf in sorted(pdfs.items()):
        pages = len(PdfReader(pdf).pages)
        plain = _cpu(lambda pdf=pdf: [p.extract_text() for p in PdfReader(pdf).pages])
        ours = _cpu(lambda pdf=pdf: parse_issue(pdf))
        total_pages += pages
        total_cpu += ours
        print(
            f"{issue_id:34} {producer:16} {pages:5d} {plain / pages:10.3f}s {ours / pages:13.3f}s"
        )
    print(f"{'all':51} {int(total_pages):5d} {'':11} {total_cpu / total_pages:13.3f}s")
    size = sum(s.stat().st_size for s in sources)
    cpu = _cpu(lambda: [parse_issue(s) for s in sources])
    print(f"\nText ingest: {size / 1e6:.2f} MB in {cpu:.2f} s CPU = {size / 1e6 / cpu:.1f} MB/s")


if __name__ == "__main__":
    main()
