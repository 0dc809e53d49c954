"""How issues, dates and bodies read as text on pages, in feeds and in search results."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from briefgen.archive import Entry, IssueEntry, iso_date
from briefgen.i18n import EN, Language, long_date, month_date, translations
from briefgen.records import IssueMeta


def date_text(item: Entry | IssueEntry, language: Language) -> str:
    """A date as pages show it: 2024年7月17日, or 2024年7月（推断） for an inferred month."""
    if item.date is None:
        return ""
    return _date_text(item.date, item.month_only, item.date_inferred, language)


@lru_cache(maxsize=8192)
def _date_text(date: dt.date, month_only: bool, inferred: bool, language: Language) -> str:
    # Babel's formatting is slow, and every list page shows the same few hundred dates.
    text = month_date(date, language) if month_only else long_date(date, language)
    if inferred:
        return translations(language.code).gettext("%(date)s (inferred)") % {"date": text}
    return text


def _meta_of(issue: IssueEntry | IssueMeta) -> tuple[IssueMeta, IssueEntry]:
    if isinstance(issue, IssueEntry):
        return issue.meta, issue
    return issue, IssueEntry(issue, "", iso_date(issue.date), [])


def issue_name(issue: IssueEntry | IssueMeta, language: Language) -> str:
    """What the issue is called without its date: "集微技术信息简报 2024年第7期", or the
    publication, or the publisher, or "简报" when nothing names it. Never its folder."""
    meta, entry = _meta_of(issue)
    if language is EN and meta.title_en:
        return meta.title_en
    gettext = translations(language.code).gettext
    name = meta.publication or meta.publisher or gettext("Briefing")
    if not meta.number:
        return name
    if not meta.number.isdigit():
        return f"{name} {meta.number}"  # an editor's own wording stays as it is
    if entry.date is None:
        return f"{name} " + gettext("No. %(number)s") % {"number": meta.number}
    number = gettext("%(year)d, No. %(number)s") % {"year": entry.date.year, "number": meta.number}
    return f"{name} {number}"


def issue_label(issue: IssueEntry | IssueMeta, language: Language) -> str:
    """The issue's name as plain text (titles, search, feeds), with its date when it has no
    number or English title to tell it from other issues of the same publication."""
    meta, entry = _meta_of(issue)
    name = issue_name(entry, language)
    if meta.number or (language is EN and meta.title_en):
        return name
    return f"{name} {date_text(entry, language)}".strip()


def plain_text(markdown: str, limit: int = 160) -> str:
    """A short plain-text summary of a Markdown body, for meta descriptions and feeds."""
    text = _plain(markdown)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NOTE_MARK = re.compile(r"\[\^\d+\]")
_FIGURE = re.compile(r"^!\[(.*)\]\(\)$", re.MULTILINE)
_BLOCK_MARK = re.compile(r"^(?:#+|>)\s*", re.MULTILINE)
_ESCAPE = re.compile(r"\\(.)")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _plain(markdown: str) -> str:
    # An article page asks for its summary in both languages, its citation for an abstract:
    # the same body's regular expressions run once.
    text = _NOTE_MARK.sub("", markdown)
    text = _FIGURE.sub(r"\1", text)  # a figure's caption
    text = _BLOCK_MARK.sub("", text)
    text = _ESCAPE.sub(r"\1", text).replace("**", "")
    return _SPACE.sub(" ", text).strip()
