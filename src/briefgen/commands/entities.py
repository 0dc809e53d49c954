"""``briefgen entities``: the editor's entity list, and ``--suggest`` candidates for it."""

from __future__ import annotations

import argparse
import logging
import sys

from briefgen.analysis import analyse
from briefgen.analysis.editor_files import load_entities
from briefgen.analysis.suggest import as_yaml, suggest
from briefgen.analysis.text import archive_texts
from briefgen.archive import load_archive
from briefgen.errors import BriefgenError
from briefgen.files import ENTITIES_NAME
from briefgen.search import learned_aliases, reviewed, search_documents

log = logging.getLogger("briefgen")


def run(args: argparse.Namespace) -> int:
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
