"""The whole archive as a dataset: JSON Lines of the records and a CSV of articles.

JSON Lines is the exact form: one article a line, every field of its record and its issue's
metadata, as ``records.yaml`` holds them. The CSV is the spreadsheet form: one row an article,
list fields joined with "; ". It starts with a UTF-8 byte order mark because Excel reads a CSV
without one in the system's legacy code page (GBK on Chinese Windows, cp1252 elsewhere), which
garbles every Chinese character; with the mark it reads UTF-8. Python's ``utf-8-sig`` codec,
pandas and LibreOffice all skip the mark.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields

from briefgen.archive import Archive, Entry, IssueEntry
from briefgen.site_paths import href

JSONL_PATH = "data/articles.jsonl"
CSV_PATH = "data/articles.csv"
CSV_COLUMNS = (
    "id",
    "issue",
    "date",
    "section",
    "title",
    "title_en",
    "authors",
    "tags",
    "topics",
    "url",
    "sources",
)
#: Joins a list field in one CSV cell.
LIST_SEPARATOR = "; "
#: Characters that start a formula in a spreadsheet cell; such a cell is prefixed with "'" so
#: opening the file never runs text from a record as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters JSON leaves unescaped that some line readers (Python's ``str.splitlines``, old
#: JavaScript) still take for a line end.
_LINE_LIKE = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True, slots=True)
class Download:
    """A dataset file as the home page lists it."""

    path: str
    #: Name of the format as the home page shows it.
    label: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class DatasetFile:
    path: str
    label: str
    media_type: str
    data: bytes

    @property
    def download(self) -> Download:
        return Download(self.path, self.label, self.media_type, len(self.data))


@dataclass(frozen=True, slots=True)
class IssueRows:
    """One issue's lines of the JSON Lines file and rows of the CSV, encoded: the files are a
    header and every issue's rows in archive order, so an unchanged issue's can be kept."""

    jsonl: bytes
    csv: bytes

    def __getitem__(self, file: int) -> bytes:
        """The rows of the ``file_kinds`` numbered ``file``."""
        return self.csv if file else self.jsonl


def issue_rows(archive: Archive, issue: IssueEntry) -> IssueRows:
    return IssueRows(
        _jsonl_lines(archive, issue.articles).encode(),
        _csv_rows(archive, issue.articles).encode(),
    )


@dataclass(frozen=True, slots=True)
class FileKind:
    """One of the dataset's files: where it is, how the home page names it, what starts it."""

    path: str
    label: str
    media_type: str
    head: bytes


def file_kinds() -> tuple[FileKind, FileKind]:
    """The JSON Lines file and the CSV, in that order (``IssueRows.jsonl`` and ``csv``)."""
    header = codecs.BOM_UTF8 + _csv_text([CSV_COLUMNS]).encode()
    return (
        FileKind(JSONL_PATH, "JSON Lines", "application/jsonl", b""),
        FileKind(CSV_PATH, "CSV", "text/csv", header),
    )


def dataset_files(archive: Archive, rows: list[IssueRows] | None = None) -> list[DatasetFile]:
    """The two files, from each issue's ``rows`` (in ``archive.issues`` order) when given."""
    if rows is None:
        rows = [issue_rows(archive, issue) for issue in archive.issues]
    return [
        DatasetFile(
            kind.path, kind.label, kind.media_type, kind.head + b"".join(r[k] for r in rows)
        )
        for k, kind in enumerate(file_kinds())
    ]


def _url(archive: Archive, entry: Entry) -> str:
    base = archive.settings.base_url
    return base + href(entry.path) if base else entry.path


def jsonl(archive: Archive) -> str:
    """One JSON object a line for each article, newest issue first, in issue order."""
    return _jsonl_lines(archive, archive.entries)


def _jsonl_lines(archive: Archive, entries: list[Entry]) -> str:
    lines = []
    issues: dict[str, object] = {}
    for entry in entries:
        if entry.issue.id not in issues:
            issues[entry.issue.id] = _plain(entry.issue)
        record = {
            "issue": issues[entry.issue.id],
            "article": _plain(entry.article),
            "url": _url(archive, entry),
            "topics": archive.article_topics.get(entry.path, []),
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        for char, escaped in _LINE_LIKE.items():
            line = line.replace(char, escaped)  # only ever inside a string: escaping is exact
        lines.append(line + "\n")
    return "".join(lines)


def _plain(value: object) -> object:
    """``dataclasses.asdict`` as JSON sees it (dataclasses as dicts, lists and tuples as
    lists), without its deep copy of every string: a record holds nothing mutable to copy."""
    if hasattr(type(value), "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def articles_csv(archive: Archive) -> str:
    """A header row, then one row an article (RFC 4180: CRLF rows, quoted where needed)."""
    return _csv_text([CSV_COLUMNS]) + _csv_rows(archive, archive.entries)


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _csv_rows(archive: Archive, entries: list[Entry]) -> str:
    rows = []
    for entry in entries:
        article = entry.article
        row = (
            article.id,
            entry.issue.id,
            entry.datetime,
            archive.section_of(article.section) if article.section else "",
            article.title,
            article.title_en or "",
            LIST_SEPARATOR.join(article.authors),
            LIST_SEPARATOR.join(article.tags),
            LIST_SEPARATOR.join(archive.article_topics.get(entry.path, [])),
            _url(archive, entry),
            LIST_SEPARATOR.join(article.source_urls),
        )
        rows.append([_cell(value) for value in row])
    return _csv_text(rows)


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def size_text(size: int) -> str:
    """1.2 MB, 850 KB, 312 B: the same in both languages."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1000:
        return f"{size / 1000:.0f} KB"
    return f"{size} B"
