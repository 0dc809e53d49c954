"""Sources ``parse`` found current before, known again by their files' status alone.

Finding a source current means reading and hashing it, its editor's metadata and its record
file (half a second of CPU for 900 issues, and the parser's modules imported to name their
code, another 0.4 s). When none of those files changed since a parse found the source current,
by size, modification and change time and inode, and no code of the package did either, it
still is: ``parse`` counts it unchanged without reading anything. A file changed within
``SETTLED_NS`` of being looked at is not taken as known (its status could change again
within the file system's clock tick without showing it), so it is read the next time.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import time
from pathlib import Path

from briefgen.cache import Cache, code_digest, key
from briefgen.files import meta_path_for, records_path_for

#: How long after its last change a file's status is trusted to show the next change.
SETTLED_NS = 2_000_000_000

#: A file's status: size, modification and change time, inode; None where there is no file.
Status = tuple[int, int, int, int] | None


class KnownSources:
    """What the last parses found current (``cache``: none when it is None), for the record
    files under ``out`` (None: beside each source) and OCR forced or not."""

    def __init__(self, cache: Cache, out: Path | None, ocr: bool) -> None:
        self.cache = cache
        # Every file of the package (the parser, the record model, …) and pypdf's version.
        code = code_digest(sys.modules["briefgen"], versions=(importlib.metadata.version("pypdf"),))
        self.entry = key("known sources", code, str(out), str(ocr))
        stored = cache.get("parse", self.entry)
        self.known: dict[str, list] = stored if isinstance(stored, dict) else {}
        self.out = out

    def unchanged(self, source: Path) -> bool:
        """Whether ``source`` was found current and none of its files changed since."""
        last = self.known.get(str(source))
        return last is not None and [list(s) if s else None for s in self._status(source)] == last

    def found_current(self, source: Path) -> None:
        """``source`` was parsed or found current just now: known, once its files settled."""
        status = self._status(source)
        settled = time.time_ns() - SETTLED_NS
        if all(s is None or max(s[1], s[2]) < settled for s in status):
            self.known[str(source)] = [list(s) if s else None for s in status]
        else:
            self.known.pop(str(source), None)

    def forget(self, source: Path) -> None:
        self.known.pop(str(source), None)

    def save(self) -> None:
        self.cache.put("parse", self.entry, self.known)

    def _status(self, source: Path) -> tuple[Status, Status, Status]:
        return (
            _status(source),
            _status(meta_path_for(source)),
            _status(records_path_for(source, self.out)),
        )


def _status(path: Path) -> Status:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino
