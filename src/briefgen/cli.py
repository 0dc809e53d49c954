"""Command line: ``briefgen parse``, ``check``, ``build``, ``serve``, ``new`` and ``inspect``."""

from __future__ import annotations

import argparse
import hashlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from logging import DEBUG
from pathlib import Path

from briefgen import __version__
from briefgen.archive import Archive, load_archive, load_settings
from briefgen.build import build_site
from briefgen.cache import DEFAULT_CACHE, Cache
from briefgen.cache import key as cache_key
from briefgen.errors import BriefgenError, ParseError
from briefgen.files import (
    GLOSSARY_NAME,
    RECORDS_NAME,
    SITE_NAME,
    TOPICS_NAME,
    find_record_files,
    find_sources,
    meta_path_for,
    records_path_for,
)
from briefgen.ingest import parse_issue, parser_digest
from briefgen.ingest.pdf_inspect import inspect_pdf
from briefgen.progress import PARSING, progress_for, tracked
from briefgen.records import (
    content_hash,
    is_unedited,
    issue_to_yaml,
    load_issue,
    validate_file,
    validate_text,
    write_atomic,
)
from briefgen.resources import default_templates
from briefgen.search import learned_aliases, reviewed, search_documents
from briefgen.serve import ServeOptions, serve_archive
from briefgen.starter import create_starter

log = logging.getLogger("briefgen")

DEFAULT_BRIEFINGS = Path("briefings")
DEFAULT_SITE = Path("site")
DEFAULT_TEMPLATES = default_templates()
DEFAULT_PORT = 8000


#: Seconds one source may take to parse; a file that takes longer is reported by name.
DEFAULT_TIME_LIMIT = 120.0


def cmd_parse(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    sources = find_sources(args.paths)
    if not sources:
        log.error("no source files found in %s", ", ".join(map(str, args.paths)))
        return 1
    counts = {"written": 0, "unchanged": 0, "kept": 0, "failed": 0}
    cache = Cache(None if args.no_cache else args.cache)
    for source in tracked(sources, PARSING, args.quiet):
        # One bad file is reported and the others are still parsed; exit 1 at the end.
        try:
            counts[_parse_one(source, args, cache)] += 1
        except BriefgenError as exc:
            log.error("%s", exc)
            counts["failed"] += 1
        except (_OutOfTime, Exception) as exc:  # OSError, or a bug: name the file, go on
            error = as_briefgen_error(source, exc, args.time_limit)
            log.error("%s", error, exc_info=log.isEnabledFor(DEBUG))
            counts["failed"] += 1
    seconds = time.perf_counter() - started
    print(
        f"Done: {counts['written']} issue(s) written, {counts['unchanged']} unchanged, "
        f"{counts['kept']} kept as edited, {counts['failed']} failed in {seconds:.2f} s.",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0


def _parse_one(source: Path, args: argparse.Namespace, cache: Cache) -> str:
    """Parse one source and write its records; which of ``cmd_parse``'s counts it adds to."""
    target = records_path_for(source, args.out)
    parse_key = _parse_key(source)
    if not args.force and _still_current(target, cache.get("parse", parse_key)):
        return "unchanged"  # same source, same parser, records as written: nothing to redo
    with time_budget(args.time_limit, source):
        issue = parse_issue(source)
    if target.exists() and not args.force:
        old_text = target.read_text(encoding="utf-8", errors="replace")
        if not is_unedited(old_text):
            try:
                old_sha = load_issue(target).issue.source_sha256
            except BriefgenError:
                old_sha = None
            changed = old_sha is not None and old_sha != issue.issue.source_sha256
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
    if isinstance(exc, OSError):
        where = exc.filename or path
        return BriefgenError(where, None, f"cannot read or write the file: {exc.strerror or exc}")
    return BriefgenError(
        path,
        None,
        f"internal error ({type(exc).__name__}: {exc}); this file was skipped. Please "
        "report it with the file (run with -v for the traceback)",
    )


def _parse_key(source: Path) -> str:
    """What a parse depends on: the source bytes and the editor's metadata beside it."""
    meta = meta_path_for(source)
    extra = meta.read_bytes().hex() if meta.exists() else ""
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        digest = "unreadable"
    return cache_key("parse", parser_digest(), str(source.resolve()), digest, extra)


def _still_current(target: Path, written_hash: str | None) -> bool:
    if written_hash is None or not target.exists():
        return False
    text = target.read_text(encoding="utf-8", errors="replace")
    return is_unedited(text) and content_hash(text) == written_hash


def cmd_check(args: argparse.Namespace) -> int:
    folders = args.paths or [DEFAULT_BRIEFINGS]
    files = find_record_files(folders)
    problems = 0
    for path in files:
        try:
            errors: list[BriefgenError] = list(validate_file(path))
        except Exception as exc:  # a bug: name the file, go on with the others
            log.debug("traceback", exc_info=True)
            errors = [as_briefgen_error(path, exc)]
        for error in errors:
            print(error)
            problems += 1
    if not problems:
        for folder in folders:
            if folder.is_dir():
                problems += _check_glossary(folder)
    _warn_about_issue_identity(files)
    print(f"Checked {len(files)} record file(s): {problems} problem(s).", file=sys.stderr)
    return 1 if problems or not files else 0


def _check_glossary(folder: Path) -> int:
    """List section and tag names the glossary cannot put into English (a warning each)."""
    try:
        archive = load_archive(folder)
    except BriefgenError as exc:
        print(exc)
        return 1
    path = folder / GLOSSARY_NAME
    for kind, names in archive.unknown_terms().items():
        for name in names:
            log.warning(
                "%s: no English name for %s %r; add it under '%s:'", path, kind[:-1], name, kind
            )
    if archive.topic_list:
        untopiced = archive.untopiced()
        for entry in untopiced:
            log.warning(
                "%s: article %s (%s) has no topic; add a term to %s",
                folder / entry.issue.id / RECORDS_NAME,
                entry.article.id,
                entry.article.title,
                folder / TOPICS_NAME,
            )
        print(f"{len(untopiced)} article(s) with no topic.", file=sys.stderr)
    _list_learned_aliases(archive, path)
    return 0


def _list_learned_aliases(archive: Archive, path: Path) -> None:
    """The aliases search learned from the text, for editors to review (and veto)."""
    kept = reviewed(archive.glossary, learned_aliases(search_documents(archive)))
    log.info(
        "%s: search learned %d alias(es) from the text; veto a wrong one under 'not_aliases:'",
        path,
        len(kept),
    )
    for alias in kept:
        log.info("  learned alias: %s = %s (%s)", alias.name, alias.acronym, alias.path)


#: Where an issue's metadata is stated rather than guessed.
_STATED = ("meta.yaml", "pdf masthead", "running header", "watermark")


def _warn_about_issue_identity(files: list[Path]) -> None:
    """Warnings, never failures: issues a reader could misdate or mistake for another."""
    claimed: dict[tuple[str, str], Path] = {}
    for path in files:
        try:
            issue = load_issue(path)
        except BriefgenError:
            continue  # already reported as a problem
        meta = issue.issue
        named = meta.publication or meta.publisher or meta.title_en
        dated = meta.date is not None and not meta.date_inferred
        if not named or not (meta.number or dated):
            missing = [
                *([] if named else ["no publication or publisher"]),
                *([] if meta.number or dated else ["no number and the date is inferred"]),
            ]
            log.warning(
                "%s: the issue's identity is only inferred (%s); add what the issue prints "
                "to its meta.yaml",
                path,
                "; ".join(missing),
            )
        if meta.publication and meta.number:
            year = meta.date[:4] if meta.date and meta.number.isdigit() else ""
            key = (meta.publication, f"{year} {meta.number}")
            if key in claimed:
                log.warning(
                    "%s: claims the same publication and number as %s (%s %s)",
                    path,
                    claimed[key],
                    meta.publication,
                    key[1].strip(),
                )
            claimed.setdefault(key, path)
        for article in issue.articles:
            if article.date and meta.date and article.date > meta.date:
                log.warning(
                    "%s: article %s (%s) is dated %s, after its issue's date %s",
                    path,
                    article.id,
                    article.title,
                    article.date,
                    meta.date,
                )


def cmd_build(args: argparse.Namespace) -> int:
    try:
        cache = Cache(None if args.no_cache else args.cache)
        with progress_for(args.quiet) as progress:
            summary = build_site(args.briefings, args.out, args.templates, cache, progress)
    except BriefgenError as exc:
        log.error("%s", exc)
        log.error("build failed; %s is left as it was", args.out)
        return 1
    except Exception as exc:  # OSError (disk full…) or a bug: no traceback, the site is intact
        log.error("%s", as_briefgen_error(args.out, exc), exc_info=log.isEnabledFor(DEBUG))
        log.error("build failed; %s is left as it was", args.out)
        return 1
    if load_settings(args.briefings).base_url is None:
        log.warning(
            "%s: base_url is not set: the sitemap and feeds have relative addresses, which "
            "search engines and feed readers do not accept; set it to where the site is published",
            args.briefings / SITE_NAME,
        )
    print(f"Built {args.out}/: {summary}.", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    cache = Cache(None if args.no_cache else args.cache)
    options = ServeOptions(args.briefings, args.out, args.templates, cache, args.port)

    def reparse(sources: list[Path]) -> int:
        # Exactly what `briefgen parse SOURCE...` does, options and all.
        cached = ["--no-cache"] if args.no_cache else ["--cache", str(args.cache)]
        quiet = ["-q"] if args.quiet else []
        argv = ["parse", *map(str, sources), *cached, *quiet]
        return int(cmd_parse(build_parser().parse_args(argv)))

    return serve_archive(options, reparse)


def cmd_new(args: argparse.Namespace) -> int:
    try:
        written = create_starter(args.folder)
    except BriefgenError as exc:
        log.error("%s", exc)
        return 1
    for path in written:
        log.info("%s", path)
    print(
        f"Created {args.folder}/: {len(written)} file(s). Next: cd {args.folder} && briefgen serve",
        file=sys.stderr,
    )
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    out = args.out or args.pdf.with_name(f"{args.pdf.stem}-inspect")
    try:
        written = inspect_pdf(args.pdf, out, args.pages)
    except (BriefgenError, ValueError, OSError) as exc:
        log.error("%s", exc)
        return 1
    print(f"Wrote {len(written) - 1} page(s) to {out}/; open {written[0]}", file=sys.stderr)
    return 0


def _log_to_stderr(level: int) -> None:
    """Report on the current stderr (a fresh handler per run, so tests and embedding see it)."""
    for handler in list(log.handlers):
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefgen", description="Turn briefing issues into a searchable static archive."
    )
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="only report problems")
    common.add_argument(
        "-v", "--verbose", action="store_true", help="more detail (tracebacks of internal errors)"
    )
    cached = argparse.ArgumentParser(add_help=False)
    cached.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="cache folder (default: %(default)s)"
    )
    cached.add_argument("--no-cache", action="store_true", help="redo everything")
    sub = parser.add_subparsers(dest="command", required=True)

    parse = sub.add_parser(
        "parse", parents=[common, cached], help="parse source issues into YAML record files"
    )
    parse.add_argument("paths", nargs="+", type=Path, help="source files or folders")
    parse.add_argument("--out", type=Path, help="write record files here instead of beside sources")
    parse.add_argument(
        "--force", action="store_true", help="overwrite record files even if editors changed them"
    )
    parse.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help="give up on a source that takes longer than this to parse (default: %(default)g)",
    )
    parse.set_defaults(run=cmd_parse)

    check = sub.add_parser(
        "check", parents=[common], help="validate record files (default: all of briefings/)"
    )
    check.add_argument("paths", nargs="*", type=Path, help="record files or folders")
    check.set_defaults(run=cmd_check)

    build = sub.add_parser(
        "build", parents=[common, cached], help="render the records into the site"
    )
    build.add_argument("--briefings", type=Path, default=DEFAULT_BRIEFINGS, help="records folder")
    build.add_argument("--out", type=Path, default=DEFAULT_SITE, help="site folder to write")
    build.add_argument(
        "--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja templates folder"
    )
    build.set_defaults(run=cmd_build)

    serve = sub.add_parser(
        "serve",
        parents=[common, cached],
        help="build, serve on 127.0.0.1 and rebuild and reload the open pages on every save",
    )
    serve.add_argument("--briefings", type=Path, default=DEFAULT_BRIEFINGS, help="archive folder")
    serve.add_argument("--out", type=Path, default=DEFAULT_SITE, help="site folder to write")
    serve.add_argument(
        "--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja templates folder"
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s; 0: any free)"
    )
    serve.set_defaults(run=cmd_serve)

    new = sub.add_parser(
        "new", parents=[common], help="create a starter archive (settings, a sample issue, CI)"
    )
    new.add_argument("folder", type=Path, help="new or empty folder")
    new.set_defaults(run=cmd_new)

    inspect = sub.add_parser(
        "inspect", parents=[common], help="show each PDF line's role and why, as HTML pages"
    )
    inspect.add_argument("pdf", type=Path, help="the PDF issue")
    inspect.add_argument("--pages", help="pages to show, e.g. 1-3 or 2,5 (default: all)")
    inspect.add_argument("--out", type=Path, help="folder to write (default: beside the PDF)")
    inspect.set_defaults(run=cmd_inspect)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    _log_to_stderr(level)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
