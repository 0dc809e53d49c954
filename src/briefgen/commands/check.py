"""``briefgen check``: every problem of the record files, then warnings an editor can act on."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from briefgen.analysis.editor_files import load_entities, load_source_map
from briefgen.archive import Archive, load_archive
from briefgen.cache import Cache
from briefgen.errors import BriefgenError, unexpected_error
from briefgen.files import (
    DEFAULT_BRIEFINGS,
    GLOSSARY_NAME,
    RECORDS_NAME,
    TOPICS_NAME,
    find_record_files,
    site_record_files,
)
from briefgen.ingest.ocr_cleanup import url_damage
from briefgen.record_loading import keep_records, records_read_before
from briefgen.records import Issue, load_issue, read_record_file, record_file_digest
from briefgen.search import reviewed, search_blocks
from briefgen.search.aliases import learned_by_block
from briefgen.search.blocks import Block, block_texts
from briefgen.search.index import SearchDocument, documents_of

log = logging.getLogger("briefgen")

_URL_IN_TEXT = re.compile(r"(?:https?|ftp):\S+")


def run(args: argparse.Namespace) -> int:
    folders = args.paths or [DEFAULT_BRIEFINGS]
    files = find_record_files(folders)
    cache = Cache(None if args.no_cache else args.cache)
    digests = {path: record_file_digest(path) for path in files}
    issues, problems = _read(digests, cache)
    if not problems:
        # Each issue's topics and search keys kept by its record file's digest, as the build
        # keeps them.
        by_id = {issue.issue.id: digests[path] for path, issue in issues.items()}
        for folder in folders:
            if folder.is_dir():
                problems += _check_glossary(folder, issues, cache, by_id)
    _warn_about_issue_identity(issues)
    _list_ocr_proofreading(issues, args.ocr_threshold)
    print(f"Checked {len(files)} record file(s): {problems} problem(s).", file=sys.stderr)
    return 1 if problems or not files else 0


def _read(digests: dict[Path, str], cache: Cache) -> tuple[dict[Path, Issue], int]:
    """The issue of each valid file (``digests``: each file's), and how many problems the
    others have (each printed). A file read before (the build's cache of records: the same
    bytes, the same code) is valid without being read again."""
    issues = records_read_before(digests, cache)
    problems = 0
    for path in digests:
        if path in issues:
            continue
        errors: list[BriefgenError]
        try:
            issue, found = read_record_file(path)
            errors = list(found)
        except Exception as exc:  # a bug: name the file, go on with the others
            log.debug("traceback", exc_info=True)
            issue, errors = None, [unexpected_error(path, exc)]
        for error in errors:
            print(error)
            problems += 1
        if issue is not None and not errors:
            issues[path] = issue
            keep_records(path, digests[path], issue, cache)
    return {path: issues[path] for path in digests if path in issues}, problems


def _check_glossary(
    folder: Path, read: dict[Path, Issue], cache: Cache, digests: dict[str, str]
) -> int:
    """List section and tag names the glossary cannot put into English (a warning each)."""
    try:
        files = site_record_files(folder)
        issues = [read[path] if path in read else load_issue(path) for path in files]
        archive = load_archive(folder, issues, related=False, cache=cache, digests=digests)
        # The editor's entity list and source map: their problems, with the line.
        load_entities(folder)
        load_source_map(folder)
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
    _list_learned_aliases(archive, path, cache, digests)
    return 0


def _list_learned_aliases(
    archive: Archive, path: Path, cache: Cache, digests: dict[str, str]
) -> None:
    """The aliases search learned from the text, for editors to review (and veto); each
    block of issues' as the build's search index found them, where it did (``cache``)."""

    def documents(block: Block) -> list[SearchDocument]:
        return documents_of(archive, block.entries, block_texts(block, cache))

    learned = learned_by_block(search_blocks(archive, cache, digests), documents, cache)
    kept = reviewed(archive.glossary, learned)
    log.info(
        "%s: search learned %d alias(es) from the text; veto a wrong one under 'not_aliases:'",
        path,
        len(kept),
    )
    for alias in kept:
        log.info("  learned alias: %s = %s (%s)", alias.name, alias.acronym, alias.path)


#: Where an issue's metadata is stated rather than guessed.
_STATED = ("meta.yaml", "pdf masthead", "text masthead", "running header", "watermark")


def _warn_about_issue_identity(issues: dict[Path, Issue]) -> None:
    """Warnings, never failures: issues a reader could misdate or mistake for another."""
    claimed: dict[tuple[str, str], Path] = {}
    for path, issue in issues.items():
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


def _list_ocr_proofreading(issues: dict[Path, Issue], threshold: int) -> None:
    """Warnings for issues read by OCR: articles to proofread first, URLs that look damaged."""
    low = damaged = 0
    for path, issue in issues.items():
        if not issue.issue.ocr:
            continue
        for article in issue.articles:
            confidence = article.ocr_confidence
            if confidence is not None and confidence < threshold:
                low += 1
                log.warning(
                    "%s: article %s (%s) was read by OCR with confidence %d (below %d); "
                    "proofread it against the scan",
                    path,
                    article.id,
                    article.title,
                    confidence,
                    threshold,
                )
            urls = [note.url for note in article.footnotes if note.url] + article.source_urls
            # A URL OCR damaged past recognition stays in the text ("https:Winteresting…").
            urls += _URL_IN_TEXT.findall(f"{article.editor_note or ''}\n{article.body}")
            for url in urls:
                reason = url_damage(url)
                if reason:
                    damaged += 1
                    log.warning(
                        "%s: article %s: URL %s looks damaged by OCR (%s); correct it from "
                        "the scan",
                        path,
                        article.id,
                        url,
                        reason,
                    )
    if low or damaged:
        print(
            f"OCR: {low} article(s) below confidence {threshold}, {damaged} URL(s) that look "
            "damaged.",
            file=sys.stderr,
        )
