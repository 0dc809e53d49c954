"""The whole archive as a dataset: JSON Lines of the records and a CSV of articles.

JSON Lines is the exact form: one article a line, every field of its record and its issue's
metadata, as ``records.yaml`` holds them. The CSV is the spreadsheet form: one row an article,
list fields joined with "; ". It starts with a UTF-8 byte order mark because Excel reads a CSV
without one in the system's legacy code page (GBK on Chinese Windows, cp1252 elsewhere), which
garbles every Chinese character; with the mark it reads UTF-8. Python's ``utf-8-sig`` codec,
pandas and LibreOffice all skip the mark.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from briefgen.archive import Archive, Entry
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


def dataset_files(archive: Archive) -> list[DatasetFile]:
    return [
        DatasetFile(JSONL_PATH, "JSON Lines", "application/jsonl", jsonl(archive).encode()),
        DatasetFile(CSV_PATH, "CSV", "text/csv", articles_csv(archive).encode("utf-8-sig")),
    ]


def _url(archive: Archive, entry: Entry) -> str:
    base = archive.settings.base_url
    return base + href(entry.path) if base else entry.path


def jsonl(archive: Archive) -> str:
    """One JSON object a line for each article, newest issue first, in issue order."""
    lines = []
    for entry in archive.entries:
        record = {
            "issue": asdict(entry.issue),
            "article": asdict(entry.article),
            "url": _url(archive, entry),
            "topics": archive.article_topics.get(entry.path, []),
        }
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        for char, escaped in _LINE_LIKE.items():
            line = line.replace(char, escaped)  # only ever inside a string: escaping is exact
        lines.append(line + "\n")
    return "".join(lines)


def articles_csv(archive: Archive) -> str:
    """A header row, then one row an article (RFC 4180: CRLF rows, quoted where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for entry in archive.entries:
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
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def size_text(size: int) -> str:
    """1.2 MB, 850 KB, 312 B: the same in both languages."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1000:
        return f"{size / 1000:.0f} KB"
    return f"{size} B"
