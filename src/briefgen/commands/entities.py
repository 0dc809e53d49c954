"""``briefgen entities``: the editor's entity list, and ``--suggest`` candidates for it."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from briefgen.analysis import analyse
from briefgen.analysis.editor_files import load_entities
from briefgen.analysis.suggest import as_yaml, suggest
from briefgen.analysis.text import archive_texts
from briefgen.archive import load_archive
from briefgen.errors import BriefgenError
from briefgen.files import DEFAULT_BRIEFINGS, ENTITIES_NAME
from briefgen.search import learned_aliases, reviewed, search_documents

log = logging.getLogger("briefgen")


def cmd_entities(args: argparse.Namespace) -> int:
    try:
        archive = load_archive(args.briefings)
        listed = load_entities(args.briefings)
        if args.suggest:
            learned = reviewed(archive.glossary, learned_aliases(search_documents(archive)))
            pairs = [(alias.name, alias.acronym) for alias in learned]
            found = suggest(archive_texts(archive.entries), listed, pairs, args.min_articles)
            sys.stdout.write(as_yaml(found[: args.limit]))
            print(
                f"{len(found)} candidate(s) in at least {args.min_articles} articles "
                f"({min(len(found), args.limit)} shown); copy the right ones into "
                f"{args.briefings / ENTITIES_NAME} and give each its English name.",
                file=sys.stderr,
            )
            return 0
        for entity in analyse(archive).entities:
            print(f"{entity.zh}\t{entity.en}\t{len(entity.mentions)} mention(s)")
    except BriefgenError as exc:
        log.error("%s", exc)
        return 1
    print(f"{len(listed)} entities in {args.briefings / ENTITIES_NAME}.", file=sys.stderr)
    return 0


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """``briefgen entities [--suggest]`` on the command line."""
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
    entities.set_defaults(run=cmd_entities)
