"""``briefgen serve``: build, serve on 127.0.0.1, rebuild and reload open pages on every save."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefgen.cache import Cache
from briefgen.commands import parse
from briefgen.serve import ServeOptions, serve_archive


def run(args: argparse.Namespace) -> int:
    cache = Cache(None if args.no_cache else args.cache)
    options = ServeOptions(args.briefings, args.out, args.templates, cache, args.port)

    def reparse(sources: list[Path]) -> int:
        # Exactly what `briefgen parse SOURCE...` does, options and all: the command line's
        # own parser reads the arguments (``cli`` hands it over as ``args.parse_arguments``).
        cached = ["--no-cache"] if args.no_cache else ["--cache", str(args.cache)]
        quiet = ["-q"] if args.quiet else []
        return parse.run(args.parse_arguments(["parse", *map(str, sources), *cached, *quiet]))

    return serve_archive(options, reparse)
