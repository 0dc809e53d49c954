"""A build cache of JSON values keyed by content hash, so unchanged inputs are not redone.

Keys are hashes of everything a result depends on, the code revision included; a stale entry
can therefore never be found, and deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

#: Bump when parsing or segmentation changes what they produce for the same input.
REVISION = "2026-11-30.1"
#: Where ``parse`` and ``build`` keep it unless told otherwise (BRIEFGEN_CACHE overrides).
DEFAULT_CACHE = Path(os.environ.get("BRIEFGEN_CACHE", ".cache/briefgen"))


def key(*parts: str) -> str:
    digest = hashlib.sha256(REVISION.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


class Cache:
    """JSON values in ``root/<namespace>/<key[:2]>/<key>.json``; ``None`` root disables it."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _path(self, namespace: str, entry: str) -> Path:
        assert self.root is not None
        return self.root / namespace / entry[:2] / f"{entry}.json"

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
        path = self._path(namespace, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
