"""Ingest stage: a source file (text, later PDF) in, an ``Issue`` of article records out."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdf

from briefgen import errors, files, records
from briefgen.cache import code_digest
from briefgen.errors import RecordError, SourceError
from briefgen.files import SOURCE_SUFFIXES, issue_id_for, meta_path_for
from briefgen.ingest.decode import read_source_text
from briefgen.ingest.pdf_layout import IssueLabel, parse_pdf, read_label
from briefgen.ingest.text import parse_text
from briefgen.records import Issue, IssueMeta, read_yaml_mapping

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EditorMeta:
    """The editor-owned metadata file beside a source: whatever it says wins."""

    publication: str | None = None
    number: str | None = None
    date: str | None = None
    title_en: str | None = None


def read_editor_meta(source: Path) -> EditorMeta:
    path = meta_path_for(source)
    data = read_yaml_mapping(path, "a mapping of publication, number, date")
    known = {"publication", "number", "date", "title_en"}
    unknown = set(data) - known
    if unknown:
        raise RecordError(
            path, 1, f"unknown metadata field(s) {sorted(unknown)}; known: {sorted(known)}"
        )
    return EditorMeta(**{k: None if v is None else str(v) for k, v in data.items()})


def parse_issue(source: Path) -> Issue:
    """Parse one source file into an issue of records."""
    if source.suffix.lower() not in SOURCE_SUFFIXES:
        raise SourceError(
            source,
            None,
            f"unsupported file type {source.suffix!r}; expected one of "
            + ", ".join(SOURCE_SUFFIXES),
        )
    if source.suffix.lower() == ".pdf":
        pdf = parse_pdf(source)
        articles, label, sha256, layout = pdf.articles, pdf.label, pdf.sha256, pdf.layout
    else:
        text = read_source_text(source)
        if text.encoding != "utf-8":
            log.warning(
                "%s: decoded as %s, not UTF-8; consider re-saving it as UTF-8",
                source,
                text.encoding.upper(),
            )
        parsed = parse_text(text.text, source)
        articles, sha256, layout = parsed.articles, text.sha256, parsed.layout
        label = read_label([parsed.running_header or ""])
        if parsed.running_header and label.publication is None:
            label = IssueLabel(parsed.running_header, label.number, label.date)
    meta = read_editor_meta(source)
    dates = sorted(d for a in articles for d in a.dates)
    printed = meta.date or label.date
    date = printed or (dates[-1] if dates else None)
    issue = IssueMeta(
        id=issue_id_for(source),
        source=source.name,
        source_sha256=sha256,
        publication=meta.publication or label.publication,
        number=meta.number or label.number,
        date=date,
        date_inferred=printed is None and date is not None,
        title_en=meta.title_en,
        layout=layout.name,
    )
    return Issue(issue=issue, articles=articles)


def parser_digest() -> str:
    """What parsing depends on besides its input: this package's code, the record model, pypdf.

    It is part of every parse cache key, so records made by other code are never reused.
    """
    return code_digest(sys.modules[__name__], records, files, errors, versions=(pypdf.__version__,))
