"""Clean builds kept on disk between test runs (``.cache/test-clean-builds``, ignored by git).

A clean build (no cache) of the same records by the same code, templates and installed
packages gives the same bytes wherever it is written (test_incremental.py compares one with
cold and warm builds), and the rebuild tests compare what they make with one: some fifteen
clean builds a run of 1-1.4 s of CPU each, the same from run to run until the code changes.
An entry's key is a digest of the archive's files, of every file of the package and of the
templates (as the build stamp digests them, and more: any file there), of the installed
packages' versions, of the environment a build reads, and of this module. A run on a clean
clone (CI) builds each one as before and keeps it.

A build made while a test has anything monkeypatched (a constant, a step, an environment
variable) is neither taken from here nor kept: its output may be the patch's, not the code's.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import weakref
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What a build's output depends on besides the records: the package (code, catalogs, the
#: starter and live-reload files) and the templates (with the static files).
CODE = (ROOT / "src" / "briefgen", ROOT / "templates")
#: Environment variables a build could read (``BRIEFGEN_*`` are all taken too).
ENVIRONMENT = ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "TZ", "SOURCE_DATE_EPOCH")
#: Entries kept: the newest used (an entry is some megabytes).
KEPT = 48


@dataclass(frozen=True)
class CleanBuilds:
    """Clean builds' files in ``folder``, by their archive's digest and a digest of ``code``
    (folders) and the rest of what a build depends on."""

    folder: Path
    code: tuple[Path, ...] = CODE

    def get(self, archive: str) -> dict[str, bytes] | None:
        if something_patched():
            return None
        path = self._path(archive)
        try:
            files = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        os.utime(path)  # the newest used are kept
        return files if isinstance(files, dict) else None

    def put(self, archive: str, files: dict[str, bytes]) -> None:
        if something_patched():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written beside its name and moved in whole: the other worker never reads half a file.
        handle, part = tempfile.mkstemp(dir=self.folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(files, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, self._path(archive))
        self._prune()

    def key(self, archive: str) -> str:
        every = hashlib.sha256(f"{archive}\0".encode())
        for root in self.code:
            for path in sorted(p for p in root.rglob("*") if _is_code(p)):
                data = path.read_bytes()
                every.update(f"{path.relative_to(root)}\0{len(data)}\0".encode() + data)
        every.update(Path(__file__).read_bytes())
        every.update(_environment().encode())
        return every.hexdigest()

    def _path(self, archive: str) -> Path:
        return self.folder / f"{self.key(archive)}.pickle"

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.pickle"), key=_used, reverse=True)
        for stale in entries[KEPT:]:
            stale.unlink(missing_ok=True)


def _is_code(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _environment() -> str:
    """The interpreter, every installed package's version and the variables a build reads:
    each as it is now (a test's setenv is a patch: see something_patched)."""
    names = sorted(n for n in os.environ if n.startswith("BRIEFGEN_") or n in ENVIRONMENT)
    variables = "\0".join(f"{n}={os.environ[n]}" for n in names)
    return f"{sys.version}\0{_packages()}\0{variables}"


@cache
def _packages() -> str:
    found = {(d.metadata["Name"] or "", d.version) for d in metadata.distributions()}
    return "\0".join(f"{name}=={version}" for name, version in sorted(found))


#: Every MonkeyPatch made in this process since the session started (the ``monkeypatch``
#: fixture's and its contexts'), so a build can tell whether any patch is in place.
_PATCHERS: weakref.WeakSet[pytest.MonkeyPatch] = weakref.WeakSet()
_made = pytest.MonkeyPatch.__init__


def _made_and_known(self: pytest.MonkeyPatch) -> None:
    _made(self)
    _PATCHERS.add(self)


pytest.MonkeyPatch.__init__ = _made_and_known  # type: ignore[method-assign]


def count_patches_from_now() -> None:
    """Forget the MonkeyPatches made so far: pytest's own (its tmp_path plugin patches the
    run's config with one for the whole run), made before the session's first test."""
    _PATCHERS.clear()


def something_patched() -> bool:
    """Whether a MonkeyPatch of this process has a patch in place (not yet undone)."""
    return any(p._setattr or p._setitem or p._cwd or p._savesyspath for p in list(_PATCHERS))
