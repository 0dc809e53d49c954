"""The build's first stage: every record file read into an issue, from the cache where the
same bytes were read before by the same code (``check`` reads them so too).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import briefgen
from briefgen.cache import Cache, code_digest, key
from briefgen.processes import forked
from briefgen.records import Issue, load_issue
from briefgen.timing import children_cpu, log_children

#: Processes that read record files when there are many: both cores.
RECORD_WORKERS = 2

#: From this many record files on, two processes read them (YAML parsing is the slow part;
#: the issues come back pickled, some five times faster than they are parsed).
RECORDS_IN_PARALLEL = 32


def load_records(paths: dict[Path, str], cache: Cache | None = None) -> list[Issue]:
    """Stage 1: every issue's record file, validated (RecordError with file and line; the
    first bad file in order, as one process would find it).

    ``paths`` maps each file to its digest; with ``cache``, an issue loaded before from a file
    of the same digest (by the same code) is unpickled instead of parsed again, some ten
    times faster. Only valid files are kept, so a bad one is always read and reported.
    """
    cache = cache or Cache(None)
    issues = records_read_before(paths, cache)
    missing = [path for path in paths if path not in issues]
    for path, issue in zip(missing, _parse_records(missing), strict=True):
        issues[path] = issue
        keep_records(path, paths[path], issue, cache)
    return [issues[path] for path in paths]


def records_read_before(paths: dict[Path, str], cache: Cache) -> dict[Path, Issue]:
    """The issues of those of ``paths`` (each file's digest) read before from a file of the
    same digest, by the same code: valid, and some ten times faster unpickled than parsed."""
    issues: dict[Path, Issue] = {}
    # Once, not a file: the package's digest hashes a hundred paths each time it is asked for.
    code = code_digest(briefgen)
    for path, digest in paths.items():
        stored = cache.get_bytes("records", _records_entry(code, path, digest)) if digest else None
        if stored is not None:
            issues[path] = pickle.loads(stored)
    return issues


def keep_records(path: Path, digest: str, issue: Issue, cache: Cache) -> None:
    """``issue``, read from ``path`` of ``digest``, for ``records_read_before``."""
    if digest:
        data = pickle.dumps(issue, pickle.HIGHEST_PROTOCOL)
        cache.put_bytes("records", _records_entry(code_digest(briefgen), path, digest), data)


def _records_entry(code: str, path: Path, digest: str) -> str:
    # ``code``: the whole package's digest. Loading a record is records, yaml_schema, schema
    # and errors at least.
    return key("record", code, str(path), digest)


def _parse_records(paths: list[Path]) -> list[Issue]:
    if len(paths) < RECORDS_IN_PARALLEL:
        return [load_issue(path) for path in paths]
    before = children_cpu()
    with forked(RECORD_WORKERS, None) as workers:
        issues = list(workers.map(load_issue, paths, chunksize=8))
    log_children("records", before)
    return issues
