"""``briefgen parse``: sources to record files, leaving hand-edited records alone."""

from __future__ import annotations

import argparse
import functools
import hashlib
import logging
import multiprocessing
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from logging import DEBUG
from pathlib import Path

from briefgen import jobs
from briefgen.cache import Cache
from briefgen.cache import key as cache_key
from briefgen.commands import DEFAULT_TIME_LIMIT
from briefgen.commands.known_sources import KnownSources
from briefgen.errors import BriefgenError, ParseError, unexpected_error
from briefgen.files import (
    find_sources,
    meta_path_for,
    records_path_for,
)
from briefgen.lazy import lazy_module, load
from briefgen.progress import PARSING, progress_for
from briefgen.records import (
    content_hash,
    is_unedited,
    issue_to_yaml,
    load_issue,
    validate_text,
    write_atomic,
)

# The parser, loaded when a source is to be parsed (a fifth of a second; none is, most runs:
# ``KnownSources``).
ingest = lazy_module("briefgen.ingest")

log = logging.getLogger("briefgen")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    sources = find_sources(args.paths)
    if not sources:
        log.error("no source files found in %s", ", ".join(map(str, args.paths)))
        return 1
    counts = {"written": 0, "unchanged": 0, "kept": 0, "failed": 0}
    cache = Cache(None if args.no_cache else args.cache)
    known = KnownSources(cache, args.out, args.ocr)
    todo = sources if args.force else [s for s in sources if not known.unchanged(s)]
    counts["unchanged"] = len(sources) - len(todo)
    if not all(_kept_unparsed(s, records_path_for(s, args.out), args.force) for s in todo):
        load(ingest)  # once here, not in each worker forked below
    parse = functools.partial(_parse_reported, args=args, cache=cache)
    with _workers(len(todo)) as pool:
        # Results come back in source order, so the messages read as a serial run's would.
        outcomes = tracked_results(pool.map(parse, todo), len(todo), args.quiet)
        for source, outcome in zip(todo, outcomes, strict=True):
            for level, message in outcome.messages:
                log.log(level, "%s", message)
            counts[outcome.count] += 1
            if outcome.count in ("written", "unchanged"):
                known.found_current(source)
            else:
                known.forget(source)
    known.save()
    seconds = time.perf_counter() - started
    print(
        f"Done: {counts['written']} issue(s) written, {counts['unchanged']} unchanged, "
        f"{counts['kept']} kept as edited, {counts['failed']} failed in {seconds:.2f} s.",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What parsing one source came to: the count it adds to, and what the user is told."""

    count: str
    #: (logging level, message) in the order they were logged.
    messages: list[tuple[int, str]]


def _parse_reported(source: Path, args: argparse.Namespace, cache: Cache) -> _Outcome:
    """``_parse_one`` with its log messages kept, not printed: a worker process runs it, and
    the main process prints the messages of each source in source order."""
    with _kept_messages() as messages:
        # One bad file is reported and the others are still parsed; exit 1 at the end.
        try:
            count = _parse_one(source, args, cache)
        except BriefgenError as exc:
            log.error("%s", exc)
            count = "failed"
        except (_OutOfTime, Exception) as exc:  # OSError, or a bug: name the file, go on
            error = as_briefgen_error(source, exc, args.time_limit)
            log.error("%s", error, exc_info=log.isEnabledFor(DEBUG))
            count = "failed"
    return _Outcome(count, messages)


@contextmanager
def _kept_messages() -> Iterator[list[tuple[int, str]]]:
    """The messages ``log`` takes while the block runs (tracebacks included), not printed."""
    kept: list[tuple[int, str]] = []
    handlers, propagate = log.handlers, log.propagate
    log.handlers, log.propagate = [_KeepingHandler(kept)], False
    try:
        yield kept
    finally:
        log.handlers, log.propagate = handlers, propagate


class _KeepingHandler(logging.Handler):
    def __init__(self, kept: list[tuple[int, str]]) -> None:
        super().__init__()
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.kept.append((record.levelno, message))


#: Parsing is CPU-bound and files are independent: one process per core, up to this many.
PARSE_WORKERS = 2


@contextmanager
def _workers(sources: int) -> Iterator[Executor]:
    """Worker processes for more than one source where jobs allow (``jobs.workers``); else
    this one.

    Forked workers inherit the logging setup and need no re-import; the alarm of
    ``time_budget`` works there too, since a worker runs its tasks in its main thread.
    """
    pool: Executor
    processes = jobs.workers(min(PARSE_WORKERS, sources))
    if processes > 1:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=processes, mp_context=context)
    else:
        pool = _InProcess()
    with pool:
        yield pool


class _InProcess(Executor):
    """Runs ``map`` lazily in this process, one item at a time."""

    def map(self, fn, *iterables, timeout=None, chunksize=1):  # type: ignore[no-untyped-def]
        return map(fn, *iterables)


def tracked_results(results: Iterator[_Outcome], total: int, quiet: bool) -> Iterator[_Outcome]:
    """``results`` with a bar on the terminal while they arrive."""
    with progress_for(quiet) as progress:
        yield from progress.track(results, PARSING, total)


def _parse_one(source: Path, args: argparse.Namespace, cache: Cache) -> str:
    """Parse one source and write its records; which of ``run``'s counts it adds to."""
    target = records_path_for(source, args.out)
    if _kept_unparsed(source, target, args.force):
        _warn_kept(target, changed=False)
        return "kept"
    ocr = args.ocr or ingest.wants_ocr(source)
    parse_key = _parse_key(source, ocr)
    if not args.force and _still_current(target, cache.get("parse", parse_key)):
        return "unchanged"  # same source, same parser, records as written: nothing to redo
    # OCR takes seconds a page and limits each page itself.
    with time_budget(None if ocr else args.time_limit, source):
        issue = ingest.parse_issue(source, ocr=ocr, cache=cache)
    if not args.force and _edited(target):
        # Parsed all the same: a source that no longer parses is reported with its line.
        _warn_kept(target, changed=True)
        return "kept"
    text = issue_to_yaml(issue)
    problems = validate_text(text, target)
    if problems:  # never write records that `check` would reject
        raise ParseError(
            source, None, f"the records parsed from this file would not pass check: {problems[0]}"
        )
    write_atomic(target, text)
    cache.put("parse", parse_key, content_hash(text))
    log.info("%s: %d articles -> %s", source, len(issue.articles), target)
    return "written"


def _edited(target: Path) -> bool:
    """Whether ``target``, a record file, exists and was edited by hand: parse leaves it as
    it is (without ``--force``)."""
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False
    return not is_unedited(text)


def _kept_unparsed(source: Path, target: Path, force: bool) -> bool:
    """An edited record file whose source is the one it was made from (the digest its
    records name, ``source_sha256``, a digest of the source's bytes as ``ingest`` reads
    them): left as it is without parsing the source at all, so a title fixed by hand costs
    ``parse`` no import of the parser and no parse. A changed source is parsed all the same,
    so one that no longer parses is reported."""
    if force or not _edited(target):
        return False
    try:
        made_from = load_issue(target).issue.source_sha256
        return made_from == hashlib.sha256(source.read_bytes()).hexdigest()
    except (BriefgenError, OSError):
        return False


def _warn_kept(target: Path, changed: bool) -> None:
    """Tell that the edited ``target`` is left as it is, and whether its source changed."""
    note = (
        " The source has changed since these records were made: compare them, "
        "or re-parse with --force (your edits will be replaced)."
        if changed
        else ""
    )
    log.warning(
        "%s: records were edited by hand; left as they are (use --force to overwrite).%s",
        target,
        note,
    )


class _OutOfTime(BaseException):
    """Raised by the alarm inside a parse; a BaseException so no ``except Exception`` eats it."""


@contextmanager
def time_budget(seconds: float | None, source: Path) -> Iterator[None]:
    """ParseError naming ``source`` when the block runs longer than ``seconds``.

    Uses the interval timer, so it works only in the main thread of a POSIX process;
    elsewhere the block runs unbounded.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or seconds <= 0 or not usable:
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime as exc:
        raise _timeout_error(source, seconds) from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timeout_error(source: Path, seconds: float) -> ParseError:
    return ParseError(
        source,
        None,
        f"parsing took longer than {seconds:g} s, the limit for one file; the file may be "
        "damaged or far larger than an issue (raise the limit with --time-limit)",
    )


def as_briefgen_error(
    path: Path, exc: BaseException, time_limit: float = DEFAULT_TIME_LIMIT
) -> BriefgenError:
    """What the user is told when something other than a BriefgenError stops one file."""
    if isinstance(exc, _OutOfTime):
        return _timeout_error(path, time_limit)
    return unexpected_error(path, exc)


def _parse_key(source: Path, ocr: bool) -> str:
    """What a parse depends on: the source bytes, the editor's metadata beside it, OCR."""
    meta = meta_path_for(source)
    extra = meta.read_bytes().hex() if meta.exists() else ""
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        digest = "unreadable"
    return cache_key(
        "parse", ingest.parser_digest(), str(source.resolve()), digest, extra, str(ocr)
    )


def _still_current(target: Path, written_hash: str | None) -> bool:
    if written_hash is None or not target.exists():
        return False
    text = target.read_text(encoding="utf-8", errors="replace")
    return is_unedited(text) and content_hash(text) == written_hash
