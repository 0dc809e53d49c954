"""A build cache of JSON values keyed by content hash, so unchanged inputs are not redone.

A key is a hash of everything a result depends on, the code that computes it included
(``code_digest``): a stale entry can never be found, no number has to be bumped by hand, and
deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

log = logging.getLogger("briefgen")

#: Where ``parse``, ``check`` and ``build`` keep it unless told otherwise (BRIEFGEN_CACHE
#: overrides).
DEFAULT_CACHE = Path(os.environ.get("BRIEFGEN_CACHE", ".cache/briefgen"))


def key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def code_digest(*modules: ModuleType, versions: tuple[str, ...] = ()) -> str:
    """A digest of the source of ``modules`` (every ``.py`` file of a package) and ``versions``.

    Put it in the key of every result that code computes: changing the code then changes the
    key, so results of older code are never reused.
    """
    return _digest(tuple(_source_files(m) for m in modules), versions)


def _source_files(module: ModuleType) -> tuple[Path, ...]:
    return _files_at(module.__file__ or "")


@cache
def _files_at(file: str) -> tuple[Path, ...]:
    # Once a process: a package's files are listed by walking its folder, and results keyed
    # by the whole package ask for its digest once an issue (some 900 walks at 20,000
    # articles). What the files hold is read (``_digest``) as often as that is cleared.
    origin = Path(file)
    if origin.name == "__init__.py":
        return tuple(sorted(origin.parent.rglob("*.py")))
    return (origin,)


@cache
def _digest(groups: tuple[tuple[Path, ...], ...], versions: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for path in (p for group in groups for p in group):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for version in versions:
        digest.update(version.encode() + b"\0")
    return digest.hexdigest()


class Cache:
    """JSON values in ``root/<namespace>/<key[:2]>/<key>.json`` (bytes in ``<key>.bin``);
    ``None`` root disables it."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._unwritable = False
        self._held: list[tuple[str, str, Callable[[], bytes]]] = []

    def _path(self, namespace: str, entry: str, suffix: str = ".json") -> Path:
        assert self.root is not None
        return self.root / namespace / entry[:2] / f"{entry}{suffix}"

    def get(self, namespace: str, entry: str) -> Any | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(namespace, entry).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, entry: str, value: Any) -> None:
        if self.root is None:
            return
        self.put_bytes(namespace, entry, json.dumps(value, ensure_ascii=False).encode(), ".json")

    def get_bytes(self, namespace: str, entry: str) -> bytes | None:
        """What ``put_bytes`` stored, or None: for results JSON would make slow (arrays)."""
        if self.root is None:
            return None
        try:
            return self._path(namespace, entry, ".bin").read_bytes()
        except OSError:
            return None

    def hold(self, namespace: str, entry: str, make: Callable[[], bytes]) -> None:
        """``put_bytes`` of ``make()``, once ``write_held`` is called: a large entry made where
        the build works alone is encoded and written while its workers render, not before.
        Never written if nobody calls ``write_held``: the next run redoes that work."""
        if self.root is not None:
            self._held.append((namespace, entry, make))

    def write_held(self) -> None:
        held, self._held = self._held, []
        for namespace, entry, make in held:
            self.put_bytes(namespace, entry, make())

    def put_bytes(self, namespace: str, entry: str, data: bytes, suffix: str = ".bin") -> None:
        if self.root is None:
            return
        path = self._path(namespace, entry, suffix)
        # Written aside and renamed: a reader never sees half a file, even beside another build.
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            partial.replace(path)
        except OSError as exc:
            # The cache only saves work: a folder that cannot be written (read-only, full)
            # costs the next run time, not this run its result. Said once a process.
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            if not self._unwritable:
                self._unwritable = True
                log.warning(
                    "%s: cache not written (%s); the next run redoes its work", self.root, exc
                )
