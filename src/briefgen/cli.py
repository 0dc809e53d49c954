"""Command line: ``briefgen parse``, ``check``, ``build``, ``serve``, ``new``, ``inspect`` and
``entities``. This module is the argument parser; each command is a module of
``briefgen.commands``, imported when its command runs (as pip does with its commands): starting
``briefgen check`` then costs what checking needs, not the renderer and the segmenters too."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from briefgen import __version__, jobs
from briefgen.cache import DEFAULT_CACHE
from briefgen.commands import (
    DEFAULT_OCR_THRESHOLD,
    DEFAULT_PORT,
    DEFAULT_SITE,
    DEFAULT_TIME_LIMIT,
)
from briefgen.files import DEFAULT_BRIEFINGS
from briefgen.resources import default_templates

log = logging.getLogger("briefgen")

DEFAULT_TEMPLATES = default_templates()


def _log_to_stderr(level: int) -> None:
    """Report on the current stderr (a fresh handler per run, so tests and embedding see it)."""
    for handler in list(log.handlers):
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False
    # pypdf warns of each flaw it reads past (85 lines of "Multiple definitions … /ToUnicode"
    # for one pdfLaTeX print), through Python's last-resort handler: briefgen's own checks say
    # what an editor must act on; --verbose shows pypdf's too.
    logging.getLogger("pypdf").setLevel(
        logging.WARNING if level <= logging.DEBUG else logging.ERROR
    )


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
    cached.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help=f"processes a stage may keep busy at once (default: {jobs.VARIABLE}, else the "
        "cores briefgen may run on; 1 forks none)",
    )
    # A command's name is the name of its module in briefgen.commands.
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
        help="give up on a source that takes longer than this to parse (default: %(default)g; "
        "none when OCR runs, which limits each page)",
    )
    parse.add_argument(
        "--ocr", action="store_true", help="read scanned PDF pages (no text layer) by OCR"
    )

    check = sub.add_parser(
        "check", parents=[common, cached], help="validate record files (default: all of briefings/)"
    )
    check.add_argument("paths", nargs="*", type=Path, help="record files or folders")
    check.add_argument(
        "--ocr-threshold",
        type=int,
        default=DEFAULT_OCR_THRESHOLD,
        metavar="N",
        help="list articles read by OCR with a confidence below N, to proofread "
        "(default: %(default)s)",
    )

    build = sub.add_parser(
        "build", parents=[common, cached], help="render the records into the site"
    )
    build.add_argument("--briefings", type=Path, default=DEFAULT_BRIEFINGS, help="records folder")
    build.add_argument("--out", type=Path, default=DEFAULT_SITE, help="site folder to write")
    build.add_argument(
        "--templates", type=Path, default=DEFAULT_TEMPLATES, help="Jinja templates folder"
    )

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

    new = sub.add_parser(
        "new", parents=[common], help="create a starter archive (settings, a sample issue, CI)"
    )
    new.add_argument("folder", type=Path, help="new or empty folder")

    inspect = sub.add_parser(
        "inspect", parents=[common], help="show each PDF line's role and why, as HTML pages"
    )
    inspect.add_argument("pdf", type=Path, help="the PDF issue")
    inspect.add_argument("--pages", help="pages to show, e.g. 1-3 or 2,5 (default: all)")
    inspect.add_argument("--out", type=Path, help="folder to write (default: beside the PDF)")

    serve.set_defaults(parse_arguments=lambda argv: build_parser().parse_args(argv))
    _add_entities(sub, common)
    return parser


def _add_entities(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    entities = sub.add_parser(
        "entities",
        parents=[common],
        help="list the editor's entities with their mentions, or --suggest new ones",
    )
    entities.add_argument(
        "--briefings", type=Path, default=DEFAULT_BRIEFINGS, help="archive folder"
    )
    entities.add_argument(
        "--suggest", action="store_true", help="print frequent names the list lacks, as YAML"
    )
    entities.add_argument(
        "--min-articles", type=int, default=2, help="in at least this many articles (default: 2)"
    )
    entities.add_argument("--limit", type=int, default=60, help="show at most this many")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "jobs") and args.jobs is None:
        try:
            jobs.jobs()  # BRIEFGEN_JOBS, checked before any work
        except jobs.JobsValueError as exc:
            parser.error(str(exc))
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    _log_to_stderr(level)
    command = importlib.import_module(f"briefgen.commands.{args.command}")
    with jobs.given(getattr(args, "jobs", None)):
        return int(command.run(args))


def _jobs(text: str) -> int:
    try:
        return jobs.parse_jobs(text)
    except jobs.JobsValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run() -> NoReturn:
    """The ``briefgen`` command: ``main``, its output flushed, then the process ends at once.
    Ending it the usual way tears down what the command loaded first (the build's modules,
    segmenter and romanization tables, caches): a fifth of a second of CPU, and up to a
    second of waiting on a busy machine, after a title fix at 20,000 articles. Nothing is
    left to do by then: the build's workers and threads are waited for, the cache and the
    site written."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
