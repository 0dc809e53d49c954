"""Command line: ``briefgen parse``, ``check``, ``build``, ``serve``, ``new``, ``inspect`` and
``entities``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from logging import DEBUG
from pathlib import Path

from briefgen import __version__
from briefgen.archive import load_settings
from briefgen.build import build_site
from briefgen.cache import DEFAULT_CACHE, Cache
from briefgen.commands.check import DEFAULT_OCR_THRESHOLD, cmd_check
from briefgen.commands.entities import add_parser as add_entities_parser
from briefgen.commands.parse import DEFAULT_TIME_LIMIT, as_briefgen_error, cmd_parse
from briefgen.errors import BriefgenError
from briefgen.files import (
    DEFAULT_BRIEFINGS,
    SITE_NAME,
)
from briefgen.ingest.pdf_inspect import inspect_pdf
from briefgen.progress import progress_for
from briefgen.resources import default_templates
from briefgen.serve import ServeOptions, serve_archive
from briefgen.starter import create_starter

log = logging.getLogger("briefgen")

DEFAULT_SITE = Path("site")
DEFAULT_TEMPLATES = default_templates()
DEFAULT_PORT = 8000


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
        help="give up on a source that takes longer than this to parse (default: %(default)g; "
        "none when OCR runs, which limits each page)",
    )
    parse.add_argument(
        "--ocr", action="store_true", help="read scanned PDF pages (no text layer) by OCR"
    )
    parse.set_defaults(run=cmd_parse)

    check = sub.add_parser(
        "check", parents=[common], help="validate record files (default: all of briefings/)"
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

    add_entities_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    _log_to_stderr(level)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
