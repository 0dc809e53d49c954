"""Ingest stage: a source file (text or PDF) in, an ``Issue`` of article records out.

An issue's metadata comes from several places; for each value the first that has one wins,
and the record names where it came from (``publication_from`` and the like): the editor's
``meta.yaml``, a PDF's masthead or running header/footer, a text's running header/footer
(and its watermark, for the publisher), the file or folder name, and last inference from the
articles' news dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import sys
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

import pypdf

from briefgen import cedict, errors, files, records
from briefgen.cache import Cache, code_digest
from briefgen.cedict import CEDICT
from briefgen.errors import BriefgenError, SourceError
from briefgen.files import SOURCE_SUFFIXES, issue_id_for, meta_path_for
from briefgen.ingest.dates import NewsDate, issue_news_date, news_dates
from briefgen.ingest.decode import read_source_text
from briefgen.ingest.front import masthead_label
from briefgen.ingest.pdf_cmaps import cmaps_stamp
from briefgen.ingest.pdf_collections import tables_stamp
from briefgen.ingest.pdf_furniture import IssueLabel, read_label
from briefgen.ingest.pdf_layout import parse_pdf
from briefgen.ingest.text import parse_text
from briefgen.records import (
    Article,
    EditorMeta,
    Issue,
    IssueMeta,
    load_editor_file,
)
from briefgen.yaml_schema import is_valid_id

log = logging.getLogger(__name__)

_NAME_MONTH = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[-_.年]?(0[1-9]|1[0-2])(?:[-_.月]?(\d{2}))?(?!\d)"
)
_NAME_NUMBER = re.compile(r"第\s*(\d{1,4})\s*期")
#: A watermark names the publisher only when it is an institution's name, not a notice such
#: as 内部资料 注意保存.
_INSTITUTION = re.compile(
    r"(?:中心|研究所|研究院|科学院|工程院|大学|学院|委员会|协会|学会|实验室|基金会|办公室|"
    r"集团|公司|局|部|院|所|馆|厅|署|会)$"
)


@dataclass(frozen=True, slots=True)
class IssueFacts:
    """What one place says about an issue; ``None`` where it says nothing."""

    source: str  # one of records.METADATA_SOURCES
    publication: str | None = None
    number: str | None = None
    date: str | None = None
    #: A month the issue belongs to (YYYY-MM) when no full date is given.
    month: str | None = None
    publisher: str | None = None
    title_en: str | None = None


def read_editor_meta(source: Path) -> tuple[IssueFacts, bool]:
    """The editor's metadata beside a source, validated by the record schema (a RecordError
    with its line): whatever it says wins. And whether it asks for OCR (``ocr: true``)."""
    data = load_editor_file(meta_path_for(source), EditorMeta, "metadata")
    ocr = bool(data.pop("ocr", False))
    return IssueFacts("meta.yaml", **data), ocr


def wants_ocr(source: Path) -> bool:
    """Whether the editor's metadata beside a source asks for OCR (``ocr: true``)."""
    try:
        return read_editor_meta(source)[1]
    except BriefgenError:
        return False  # parse_issue reports the broken file


def facts_from_name(issue_id: str) -> IssueFacts:
    """``2024-07-jiwei-chips`` gives July 2024; ``…第7期…`` gives number 7."""
    month = date = None
    if found := _NAME_MONTH.search(issue_id):
        year, mon, day = found.groups()
        month = f"{year}-{mon}"
        if day is not None:
            try:
                date = dt.date(int(year), int(mon), int(day)).isoformat()
            except ValueError:
                date = None
    number = found.group(1) if (found := _NAME_NUMBER.search(issue_id)) else None
    return IssueFacts("file name", number=number, date=date, month=month)


def _from_label(source: str, label: IssueLabel) -> IssueFacts:
    return IssueFacts(
        source, label.publication, label.number, label.date, publisher=label.publisher
    )


def _first(facts: list[IssueFacts], name: str) -> tuple[str | None, str | None]:
    """A value and where it came from: the first place that has one."""
    for fact in facts:
        value = getattr(fact, name)
        if value is not None:
            return value, fact.source
    return None, None


def _month_end(month: str) -> dt.date:
    year, mon = (int(p) for p in month.split("-"))
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


def _article_text(article: Article) -> str:
    return re.sub(r"\[\^\d+\]", "", f"{article.editor_note or ''}\n\n{article.body}")


def _with_news_date(article: Article, news: NewsDate | None) -> Article:
    if news is None or article.date is not None:
        return article  # a dateline under the title says when, not the news it reports
    return replace(article, date=news.date.isoformat(), date_inferred=True)


def _issue_date(
    facts: list[IssueFacts], found: list[NewsDate | None]
) -> tuple[str | None, str | None]:
    """The issue's date and where it came from; a month alone takes the newest news in it."""
    stated, source = _first(facts, "date")
    if stated is not None:
        return stated, source
    month, source = _first(facts, "month")
    newest = issue_news_date(found)
    if month is not None:
        in_month = [n.date for n in found if n and n.date.isoformat()[:7] == month]
        day = max(in_month) if in_month else dt.date.fromisoformat(f"{month}-01")
        return day.isoformat(), source
    return (newest.isoformat() if newest else None), ("inferred" if newest else None)


def resolve_issue(
    issue_id: str, source: Path, sha256: str, articles: list[Article], facts: list[IssueFacts]
) -> Issue:
    """The issue record: each value from the first of ``facts`` that has one, else inferred."""
    facts = [*facts, facts_from_name(issue_id)]
    stated, _ = _first(facts, "date")
    month, _ = _first(facts, "month")
    anchor = dt.date.fromisoformat(stated) if stated else _month_end(month) if month else None
    found = news_dates([_article_text(a) for a in articles], anchor)
    articles = [_with_news_date(a, news) for a, news in zip(articles, found, strict=True)]
    publication, publication_from = _first(facts, "publication")
    number, number_from = _first(facts, "number")
    publisher, publisher_from = _first(facts, "publisher")
    date, date_from = _issue_date(facts, found)
    meta = IssueMeta(
        id=issue_id,
        source=source.name,
        source_sha256=sha256,
        publication=publication,
        number=number,
        date=date,
        date_inferred=date is not None and date_from in ("file name", "inferred"),
        title_en=_first(facts, "title_en")[0],
        publisher=publisher,
        publication_from=publication_from,
        number_from=number_from,
        date_from=date_from,
        publisher_from=publisher_from,
    )
    return Issue(issue=meta, articles=articles)


def parse_issue(source: Path, ocr: bool = False, cache: Cache | None = None) -> Issue:
    """Parse one source file into an issue of records.

    With ``ocr`` (or ``ocr: true`` in its meta.yaml), a PDF's pages with no text layer are
    read by OCR; ``cache`` keeps what OCR read, by the PDF's hash.
    """
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
            "rename the file or folder to letters, digits, CJK ideographs, '.', '_' or '-'",
        )
    editor, wants_ocr = read_editor_meta(source)
    facts = [editor]
    read_by_ocr = False
    if source.suffix.lower() == ".pdf":
        pdf = parse_pdf(source, ocr=ocr or wants_ocr, cache=cache)
        read_by_ocr = pdf.ocr
        articles, sha256, layout = pdf.articles, pdf.sha256, pdf.layout
        facts.append(_from_label("pdf masthead", pdf.label))
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
        facts.append(_from_label("text masthead", masthead_label(list(parsed.masthead))))
        label = read_label([parsed.running_header or ""])
        if parsed.running_header and label == IssueLabel():
            label = IssueLabel(parsed.running_header, label.number, label.date)
        facts.append(_from_label("running header", label))
        watermark = parsed.watermark if _INSTITUTION.search(parsed.watermark or "") else None
        facts.append(IssueFacts("watermark", publisher=watermark))
    issue = resolve_issue(issue_id, source, sha256, articles, facts)
    return replace(issue, issue=replace(issue.issue, layout=layout.name, ocr=read_by_ocr))


def parser_digest() -> str:
    """What parsing depends on besides its input: this package's code, the record model, pypdf,
    CC-CEDICT's words (pdf_hyphens reads hyphenated English words by them), the character
    collections' tables (pdf_collections) and the predefined CMaps' files (pdf_cmaps).

    It is part of every parse cache key, so records made by other code are never reused.
    """
    versions = (pypdf.__version__, version(CEDICT[0]), tables_stamp(), cmaps_stamp())
    return code_digest(sys.modules[__name__], records, files, errors, cedict, versions=versions)
