"""OCR benchmark: CPU seconds per scanned page, Tesseract's and briefgen's, cold and cached.

A seed issue printed in the page-bottom layout is scanned at 200 dpi (straight, and turned 1°
with noise, as tests/scangen.py makes them) and parsed with OCR and no cache, then again from
the OCR cache. Tesseract and pdftoppm run as child processes: their CPU is counted from the
children's resource usage. Tesseract runs one thread (OMP_THREAD_LIMIT=1), as in the tests.
Prints a table; it is a measurement, not a test, and asserts nothing. Run with ``make bench``.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
os.environ["OMP_THREAD_LIMIT"] = "1"

from briefgen.cache import Cache  # noqa: E402
from briefgen.ingest import parse_issue  # noqa: E402
from producers import seed_pdfs  # noqa: E402
from scangen import ASKEW, CLEAN, scanned  # noqa: E402

SEED = "2024-03-casdc-tech-policy"


def _cpu(action: Callable[[], object]) -> tuple[float, float]:
    """CPU seconds of ``action`` in this process and in the processes it ran."""
    own, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    action()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return time.process_time() - own, spent


def main() -> None:
    source = seed_pdfs([SEED], ["page-bottom"])[SEED, "page-bottom"]
    print(f"OCR ingest of {SEED} scanned at 200 dpi (CPU seconds per page)")
    print(f"{'scan':8} {'pages':>5} {'tesseract+render':>17} {'briefgen':>9} {'cached':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for scan in (CLEAN, ASKEW):
            folder = Path(tmp) / scan.name / SEED
            folder.mkdir(parents=True)
            pdf = folder / "source.pdf"
            shutil.copy(scanned(source, scan), pdf)
            pages = len(PdfReader(pdf).pages)
            cache = Cache(Path(tmp) / "cache" / scan.name)
            own, children = _cpu(lambda pdf=pdf, cache=cache: parse_issue(pdf, True, cache))
            again, _ = _cpu(lambda pdf=pdf, cache=cache: parse_issue(pdf, True, cache))
            print(
                f"{scan.name:8} {pages:5d} {children / pages:16.2f}s {own / pages:8.3f}s "
                f"{again / pages:6.3f}s"
            )


if __name__ == "__main__":
    main()
