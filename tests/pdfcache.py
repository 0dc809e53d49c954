"""Generated test PDFs, kept on disk under a hash of everything that made them.

Printing every seed issue with every producer takes minutes; a PDF only changes when the
generator's code, the records it prints or its parameters change, so those are the key.
The folder is ``$BRIEFGEN_TEST_PDF_CACHE`` or ``.cache/test-pdfs`` in the checkout (ignored by git).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pypdf

from briefgen.records import Issue

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def cache_dir() -> Path:
    folder = Path(os.environ.get("BRIEFGEN_TEST_PDF_CACHE") or ROOT / ".cache" / "test-pdfs")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_key(code: Iterable[str], issue: Issue, params: object) -> str:
    """The hash of the generator modules (by file name under tests/), the records and params."""
    digest = hashlib.sha256()
    for name in sorted(code):
        digest.update(name.encode() + b"\0" + (TESTS / name).read_bytes() + b"\0")
    # Records are frozen dataclasses: their repr lists every field in a fixed order.
    digest.update(repr(issue).encode() + b"\0" + repr(params).encode())
    return digest.hexdigest()[:24]


def cache_path(name: str, key: str) -> Path:
    return cache_dir() / f"{name}-{key}.pdf"


def derived_pdf(source: Path, code: str, params: object, make: Callable[[Path], None]) -> Path:
    """The PDF ``make(path)`` writes from ``source`` (a cached print), kept under a hash of
    the source's bytes, the test module ``code`` (a file name under tests/, which holds
    ``make``) and ``params``; made again only when one of them changed. Read it where it is
    kept: what is parsed of it can then be kept beside it (``producers.parsed_pdf``)."""
    digest = hashlib.sha256(source.read_bytes())
    digest.update(b"\0" + (TESTS / code).read_bytes() + b"\0" + repr(params).encode())
    # What ``make`` may call on besides: pypdf writes the derived files, rlgen draws a cover.
    digest.update(b"\0" + pypdf.__version__.encode() + (TESTS / "rlgen.py").read_bytes())
    key = digest.hexdigest()[:24]
    # Named by the print without its key: a print made again replaces what was derived from it.
    made_from = source.stem.rsplit("-", 1)[0]
    name = f"derived-{made_from}-{hashlib.sha256(repr(params).encode()).hexdigest()[:8]}"
    kept = cached_pdf(cache_path(name, key), make)
    prune(name, kept)
    return kept


def cached_pdf(out: Path, make: Callable[[Path], None]) -> Path:
    """The cached PDF ``out``; ``make(path)`` writes it when it is missing."""
    if out.exists():
        return out
    # Written beside its final name and moved in whole: parallel workers never read half a file.
    handle, tmp = tempfile.mkstemp(dir=out.parent, suffix=".part")
    os.close(handle)
    try:
        make(Path(tmp))
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


def write_whole(path: Path, data: bytes) -> None:
    """``data`` written beside ``path`` and moved in whole: a parallel worker never reads half."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def prune(name: str, keep: Path) -> None:
    """Drop the older prints of ``name`` (made by earlier generator code or records), and
    what was kept of them (producers.py: their records parsed back, their rows read)."""
    stale = re.compile(rf"{re.escape(name)}-([0-9a-f]{{24}})\.(?:pdf|continued|parsed-|read-)")
    for path in cache_dir().iterdir():
        found = stale.match(path.name)
        if found and f"{name}-{found.group(1)}" != keep.stem:
            path.unlink(missing_ok=True)


def printed_once(
    name: str, code: Iterable[str], issue: Issue, params: object, make: Callable[[Path], None]
) -> Path:
    """The PDF ``make(path)`` prints of ``issue``, kept under a hash of ``code`` (generator
    modules), the issue and ``params``; older prints of ``name`` are dropped."""
    out = cached_pdf(cache_path(name, pdf_key(code, issue, params)), make)
    prune(name, out)
    return out
