"""Ingest stage: a source file (text, later PDF) in, an ``Issue`` of article records out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import SourceError
from briefgen.files import SOURCE_SUFFIXES, issue_id_for, meta_path_for
from briefgen.ingest.decode import read_source_text
from briefgen.ingest.pdf_layout import IssueLabel, parse_pdf, read_label
from briefgen.ingest.text import parse_text
from briefgen.records import (
    EDITOR_META_FIELDS,
    Issue,
    IssueMeta,
    is_valid_id,
    load_editor_file,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EditorMeta:
    """The editor-owned metadata file beside a source: whatever it says wins."""

    publication: str | None = None
    number: str | None = None
    date: str | None = None
    title_en: str | None = None


def read_editor_meta(source: Path) -> EditorMeta:
    """The editor's metadata, validated by the record schema (a RecordError with its line)."""
    data = load_editor_file(meta_path_for(source), EDITOR_META_FIELDS, "metadata")
    return EditorMeta(**data)


def parse_issue(source: Path) -> Issue:
    """Parse one source file into an issue of records."""
    if source.suffix.lower() not in SOURCE_SUFFIXES:
        raise SourceError(
            source,
            None,
            f"unsupported file type {source.suffix!r}; expected one of "
            + ", ".join(SOURCE_SUFFIXES),
        )
    issue_id = issue_id_for(source)
    if not is_valid_id(issue_id):
        raise SourceError(
            source,
            None,
            f"{issue_id!r} cannot be an issue id (it names the issue's folder in the site): "
            "rename the file or folder to letters, digits, '.', '_' or '-'",
        )
    if source.suffix.lower() == ".pdf":
        pdf = parse_pdf(source)
        articles, label, sha256 = pdf.articles, pdf.label, pdf.sha256
    else:
        text = read_source_text(source)
        if text.encoding != "utf-8":
            log.warning(
                "%s: decoded as %s, not UTF-8; consider re-saving it as UTF-8",
                source,
                text.encoding.upper(),
            )
        parsed = parse_text(text.text, source)
        articles, sha256 = parsed.articles, text.sha256
        label = read_label([parsed.running_header or ""])
        if parsed.running_header and label.publication is None:
            label = IssueLabel(parsed.running_header, label.number, label.date)
    meta = read_editor_meta(source)
    dates = sorted(d for a in articles for d in a.dates)
    printed = meta.date or label.date
    date = printed or (dates[-1] if dates else None)
    issue = IssueMeta(
        id=issue_id,
        source=source.name,
        source_sha256=sha256,
        publication=meta.publication or label.publication,
        number=meta.number or label.number,
        date=date,
        date_inferred=printed is None and date is not None,
        title_en=meta.title_en,
    )
    return Issue(issue=issue, articles=articles)
