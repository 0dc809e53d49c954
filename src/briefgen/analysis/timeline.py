"""The archive's dated events by month: each article's news date and the other full dates in
its text (the record's ``dates``), each with the sentence that holds it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefgen.analysis.text import ArticleText
from briefgen.archive import Entry, iso_date

_DAY = re.compile(r"(?=\d)(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    entry: Entry
    #: The sentence that holds the date; None when the text no longer writes it (an editor
    #: set the date by hand).
    sentence: str | None
    #: The article's news date, rather than another date its text names.
    news: bool
    section: str | None
    topics: list[str]
    #: The entities the article names (their keys).
    entities: list[str]


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # YYYY-MM
    events: list[Event]


def dated_sentences(
    text: ArticleText, wanted: set[dt.date], anchor: dt.date | None
) -> dict[dt.date, str]:
    """The first sentence that writes each wanted date; a date without its year is read in
    the year (around ``anchor``) that makes it a wanted one."""
    found: dict[dt.date, str] = {}
    for match in _DAY.finditer(text.text):
        year, month, day = match.groups()
        years = [int(year)] if year else [a.year + d for a in [anchor] if a for d in (0, -1, 1)]
        for y in years:
            try:
                date = dt.date(y, int(month), int(day))
            except ValueError:
                continue
            if date in wanted and date not in found:
                found[date] = text.sentence_at(match.start())
                break
    return found


def date_sentences(text: ArticleText) -> dict[dt.date, str]:
    """The sentence of ``text`` that writes each of its article's dates (``dated_sentences``),
    where one does."""
    entry = text.entry
    news = iso_date(entry.article.date)
    wanted = {d for d in map(iso_date, entry.article.dates) if d is not None} | (
        {news} if news else set()
    )
    return dated_sentences(text, wanted, news or entry.date)


def events_of(
    text: ArticleText,
    sentences: dict[dt.date, str],
    section: str | None,
    topics: list[str],
    entities: list[str],
) -> list[Event]:
    """The article's events; ``sentences``: its ``date_sentences``."""
    entry = text.entry
    news = iso_date(entry.article.date)
    others = [d for d in map(iso_date, entry.article.dates) if d is not None and d != news]
    dates = [*([news] if news else []), *dict.fromkeys(others)]
    return [
        Event(date, entry, sentences.get(date), date == news, section, topics, entities)
        for date in dates
    ]


def by_month(events: list[Event]) -> list[Month]:
    """Events oldest first, under their month; within a day, in archive order."""
    months: dict[str, list[Event]] = {}
    for event in sorted(events, key=lambda e: e.date):
        months.setdefault(event.date.isoformat()[:7], []).append(event)
    return [Month(month, found) for month, found in months.items()]
