"""The dataset's files written from the previous site's: an unchanged issue's rows copied as a
byte range of the file the last build wrote, not read back from the cache and joined.

At 20,000 articles the JSON Lines file is 61 MB: after a title fixed by hand, reading every
issue's rows from the cache, joining and writing them took some 0.4 s of CPU and 120 MB more
memory in the build's main process (which the page workers then fork). A file's layout (each
issue's rows' cache key, where they start and how long they are) is kept in the cache under
the file's path, with its size and modification time: a file changed since, by anything, has
another size or time, and its layout is not taken.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from briefgen.cache import Cache, key

_NAMESPACE = "dataset-layout"

#: Where an issue's rows are in a file: their start and length.
Span = tuple[int, int]


def kept_layout(cache: Cache, file: Path) -> dict[str, Span]:
    """Each issue's rows in ``file`` by their cache key, as the build that wrote it kept them
    (``keep_layout``); empty when that build kept none or the file changed since."""
    stored = cache.get_bytes(_NAMESPACE, _entry(file))
    try:
        found = file.stat()
        written, layout = pickle.loads(stored) if stored is not None else (None, {})
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    if written != (found.st_size, found.st_mtime_ns) or not isinstance(layout, dict):
        return {}
    return layout


def keep_layout(cache: Cache, file: Path, final: Path, layout: dict[str, Span]) -> None:
    """Keep ``layout`` for ``file``, as it will be found at ``final`` (where the build puts it:
    moved there, it keeps its size and time). One entry a place, the last build's."""
    found = file.stat()
    kept = ((found.st_size, found.st_mtime_ns), layout)
    cache.put_bytes(_NAMESPACE, _entry(final), pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))


def _entry(file: Path) -> str:
    return key("dataset layout", str(file.resolve()))


def write_parts(target: Path, parts: Sequence[bytes | Span], source: Path | None) -> int:
    """Write ``target`` from ``parts`` in order, each bytes or a span of ``source``; its size.
    Spans that follow each other in ``source`` are copied in one call, in the kernel where
    the file system can (``os.copy_file_range``). ``ShortSource`` if ``source`` is not
    there or shorter."""
    merged: list[bytes | Span] = []
    for part in parts:
        last = merged[-1] if merged else None
        if isinstance(part, tuple) and isinstance(last, tuple) and sum(last) == part[0]:
            merged[-1] = (last[0], last[1] + part[1])
        else:
            merged.append(part)
    size = 0
    with open(target, "wb", buffering=0) as out:
        copy_from = _opened(source) if any(isinstance(p, tuple) for p in merged) else None
        try:
            for part in merged:
                if isinstance(part, bytes):
                    _write(out.fileno(), part)
                    size += len(part)
                else:
                    assert copy_from is not None
                    _copy(copy_from.fileno(), out.fileno(), *part)
                    size += part[1]
        finally:
            if copy_from is not None:
                copy_from.close()
    return size


def _opened(source: Path | None) -> BinaryIO:
    assert source is not None, "a span needs the file it is of"
    try:
        return open(source, "rb", buffering=0)
    except OSError as problem:
        raise ShortSource(f"the previous file cannot be read: {problem}") from problem


class ShortSource(OSError):
    """The previous file ends before a span of it: it is not what its layout says."""


def _copy(source: int, target: int, start: int, length: int) -> None:
    """``length`` bytes of ``source`` from ``start`` appended to ``target``."""
    try:
        while length:
            done = os.copy_file_range(source, target, length, start)
            if not done:
                raise ShortSource(f"the previous file ends before byte {start + length}")
            start, length = start + done, length - done
    except ShortSource:
        raise
    except OSError:
        # A file system or kernel that cannot copy between these files: read and write.
        while length:
            data = os.pread(source, min(length, 1 << 22), start)
            if not data:
                raise ShortSource(f"the previous file ends before byte {start + length}") from None
            _write(target, data)
            start, length = start + len(data), length - len(data)


def _write(target: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(target, view) :]
