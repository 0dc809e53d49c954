"""News dates read as a reader reads them: the day of the reported news, not a deadline.

An article's news date is the date of its opening sentence, or else of its first dated
sentence of reported news. A date that closes a deadline (``8月4日前提交``, ``截止``), or
that a plan or a future event is set for (``将于``, ``计划``), is no news date, and neither
is a date far after the rest of the issue's news. A date written without its year
(``8 月 9 日，…``) takes the year that puts it nearest the issue's own date, or, when the issue
states none, nearest the newest dated news in it. An issue's inferred date is the newest news
date of its articles.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_ONLY = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?!\s*\d)")
#: Sentences end at 。！？ and at paragraph breaks; a ；-clause is not a sentence of its own.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n\s*\n")
#: Right after the date: it closes a deadline (…前提交, …之前, …截止, …为止).
_DEADLINE_AFTER = re.compile(r"^\s*(?:前|之前|以前|截止|为止|到期)")
#: In the same clause before the date: a deadline, a plan, or an event still to come.
_NOT_YET_BEFORE = re.compile(
    r"(?:截止|截至|将|计划|预计|预期|拟|(?<![协规约制决认确])定于|有望|即将|届时)[^，,。；;：:]*$"
)
#: Background an article quotes (【快报延伸】 boxes) and headings are not its news.
_NOT_NEWS_LINE = re.compile(r"^(?:>|#)")
#: How far after the issue's stated date a year-less date may still be read as its news.
STATED_SLACK_DAYS = 31
#: A news date this many days after every other article's news is taken for a future event.
OUTLIER_DAYS = 62


class DateKind(enum.Enum):
    NEWS = "news"
    DEADLINE = "deadline"
    FUTURE = "future"


@dataclass(frozen=True, slots=True)
class DateMention:
    """One day-precision date in a text, with what it dates."""

    year: int | None
    month: int
    day: int
    kind: DateKind
    #: Index of the sentence it stands in (0: the opening sentence).
    sentence: int

    def on(self, year: int) -> dt.date | None:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class NewsDate:
    date: dt.date
    #: The year was not written beside the day and was taken from the issue's context.
    year_from_context: bool


def sentences(text: str) -> list[str]:
    """The text's sentences in order; lines of quoted background and headings left out."""
    kept = "\n".join(
        "" if _NOT_NEWS_LINE.match(line.strip()) else line for line in text.split("\n")
    )
    parts = _SENTENCE_END.split(kept)
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p and p.strip()]


def _kind(sentence: str, start: int, end: int) -> DateKind:
    if _DEADLINE_AFTER.match(sentence[end:]):
        return DateKind.DEADLINE
    if _NOT_YET_BEFORE.search(sentence[:start]):
        return DateKind.FUTURE
    return DateKind.NEWS


def mentions(text: str) -> list[DateMention]:
    """Every day-precision date of ``text``, in order, each with what it dates."""
    found: list[DateMention] = []
    for index, sentence in enumerate(sentences(text)):
        for match in _DAY.finditer(sentence):
            year, month, day = match.groups()
            found.append(
                DateMention(
                    year=int(year) if year else None,
                    month=int(month),
                    day=int(day),
                    kind=_kind(sentence, match.start(), match.end()),
                    sentence=index,
                )
            )
    return found


def nearest(mention: DateMention, anchor: dt.date, stated: bool) -> dt.date | None:
    """The date of a year-less mention in the year that puts it nearest ``anchor``.

    When the issue states its date (or month), news is not much later than it: a year that
    puts the day more than ``STATED_SLACK_DAYS`` after it is taken only if no other fits.
    """
    days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := mention.on(y))]
    if stated:
        before = [d for d in days if (d - anchor).days <= STATED_SLACK_DAYS]
        days = before or days
    return min(days, key=lambda d: abs((d - anchor).days), default=None)


def context_anchor(texts: list[str], stated: dt.date | None) -> dt.date | None:
    """The day year-less dates are read against: the issue's own, else its newest dated news."""
    if stated is not None:
        return stated
    full = [
        d
        for text in texts
        for m in mentions(text)
        if m.year is not None and m.kind is DateKind.NEWS and (d := m.on(m.year))
    ]
    return max(full, default=None)


def article_news_date(text: str, anchor: dt.date | None, stated: bool = False) -> NewsDate | None:
    """The date of the opening sentence, or of the first dated sentence of reported news."""
    opening = sentences(text)[:1]
    if opening and _MONTH_ONLY.search(opening[0]) and not _DAY.search(opening[0]):
        return None  # the news is dated by its month only: no day to give
    for mention in mentions(text):
        if mention.kind is not DateKind.NEWS:
            continue
        if mention.year is not None:
            if (day := mention.on(mention.year)) is not None:
                return NewsDate(day, year_from_context=False)
        elif anchor is not None and (day := nearest(mention, anchor, stated)) is not None:
            return NewsDate(day, year_from_context=True)
    return None


def news_dates(texts: list[str], stated: dt.date | None = None) -> list[NewsDate | None]:
    """Each article's news date; ``stated`` is the issue's date when something states it."""
    anchor = context_anchor(texts, stated)
    found = [article_news_date(text, anchor, stated is not None) for text in texts]
    return [
        None if news is not None and _after_the_other_news(news.date, found) else news
        for news in found
    ]


def _after_the_other_news(date: dt.date, found: list[NewsDate | None]) -> bool:
    others = [n.date for n in found if n is not None and n.date != date]
    if len(others) < 2:
        return False
    return (date - max(others)).days > OUTLIER_DAYS


def issue_news_date(found: list[NewsDate | None]) -> dt.date | None:
    """An issue's inferred date: the newest news date of its articles."""
    return max((n.date for n in found if n is not None), default=None)
