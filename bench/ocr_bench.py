"""OCR benchmark: CPU seconds per scanned page, Tesseract's and briefgen's, cold and cached.

Seed issues printed in the page-bottom layout are scanned as tests/scangen.py makes them (the
casdc seed straight at 200 and 300 dpi, and turned 1° with noise; a jiwei seed straight at
200 dpi) and parsed with OCR and no cache, then again from the OCR cache. Tesseract and
pdftoppm run as child processes: their CPU is counted from the children's resource usage.
Tesseract runs one thread (OMP_THREAD_LIMIT=1), as in the tests. Prints a table; it is a
measurement, not a test, and asserts nothing. Run with ``make bench``.
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
from scangen import ASKEW, CLEAN, FINE, Scan, scanned  # noqa: E402

CASDC, JIWEI = "2024-03-casdc-tech-policy", "2024-01-jiwei-semiconductors"
#: The scans of tests/test_ocr.py: (seed, scan).
SCANS: list[tuple[str, Scan]] = [(CASDC, CLEAN), (CASDC, ASKEW), (CASDC, FINE), (JIWEI, CLEAN)]


def _cpu(action: Callable[[], object]) -> tuple[float, float]:
    """CPU seconds of ``action`` in this process and in the processes it ran."""
    own, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    action()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return time.process_time() - own, spent


def main() -> None:
    sources = seed_pdfs([CASDC, JIWEI], ["page-bottom"])
    print("OCR ingest of scanned seed issues (CPU seconds per page)")
    print(
        f"{'issue':30} {'scan':6} {'dpi':>4} {'pages':>5} {'tesseract+render':>17} "
        f"{'briefgen':>9} {'cached':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for seed, scan in SCANS:
            folder = Path(tmp) / f"{seed}-{scan.name}" / seed
            folder.mkdir(parents=True)
            pdf = folder / "source.pdf"
            shutil.copy(scanned(sources[seed, "page-bottom"], scan), pdf)
            pages = len(PdfReader(pdf).pages)
            cache = Cache(Path(tmp) / "cache" / f"{seed}-{scan.name}")
            own, children = _cpu(lambda pdf=pdf, cache=cache: parse_issue(pdf, True, cache))
            again, _ = _cpu(lambda pdf=pdf, cache=cache: parse_issue(pdf, True, cache))
            print(
                f"{seed:30} {scan.name:6} {scan.dpi:4d} {pages:5d} {children / pages:16.2f}s "
                f"{own / pages:8.3f}s {again / pages:6.3f}s"
            )


if __name__ == "__main__":
    main()
