"""Headings inside an article: "（一）背景", "1. 主要内容", set larger than the text.

Longer articles number their parts, and some houses set those headings at a heading's size,
or between the text's and the titles'. Read as headings, each opened an article of its own
(24 articles read as 42), titled "（二）主要内容", the article it stood in cut in two. A heading
row is an article's part when it opens with a bracketed or circled number ("（一）", "(1)",
"①": no title or section opens so), or with a list number ("一、", "1.") where it is set
smaller than the titles, or where its numbers start again at 1 under a title that has none
(a title's numbers, where an issue numbers its titles, start again only under a section).
Such a row is read as a paragraph of the article's body, as the issue's text has it.
"""

from __future__ import annotations

import re
from collections import Counter

from briefgen.ingest.layouts import section_name
from briefgen.ingest.pdf_rows import Row

_BRACKETED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[①-⑳])\s*\S")
_LISTED = re.compile(
    r"^\s*(?:([一二三四五六七八九十]{1,3})\s*[、.．]|(\d{1,2})\s*[.．、](?!\d))\s*\S"
)
_NUMERALS = "一二三四五六七八九十"


def mark_subheadings(rows: list[Row]) -> None:
    """Heading rows that head an article's parts become body rows (see the module)."""
    headings = [row for row in rows if row.role == "heading"]
    sizes = [round(row.size * 2) / 2 for row in headings]
    listed = [_value(row.text) for row in headings]
    bracketed = [bool(_BRACKETED.match(row.text)) for row in headings]
    others = Counter(
        size
        for row, size, value, mark in zip(headings, sizes, listed, bracketed, strict=True)
        if value is None and not mark and not section_name(row.text)
    )
    titles = others.most_common(1)[0][0] if others else None
    again = _started_again(headings, sizes, listed)
    for k, row in enumerate(headings):
        if bracketed[k]:
            why = "a bracketed number heads an article's part"
        elif listed[k] is not None and titles is not None and sizes[k] < titles:
            why = "a numbered heading smaller than the titles"
        elif listed[k] is not None and sizes[k] in again:
            why = "its numbers start again under each title"
        else:
            continue
        row.role, row.why = "body", why


def _value(text: str) -> int | None:
    """The number a listed heading opens with ("三、" 3, "2." 2); None for no list number."""
    match = _LISTED.match(text)
    if match is None:
        return None
    if match.group(2):
        return int(match.group(2))
    numeral = match.group(1)
    return _NUMERALS.index(numeral[-1]) + 1 + (10 if len(numeral) > 1 else 0)


def _started_again(headings: list[Row], sizes: list[float], listed: list[int | None]) -> set[float]:
    """The sizes of listed rows whose numbers start again at 1 after an unnumbered heading of
    their size that is no section's name (a title)."""
    again: set[float] = set()
    title_since: dict[float, bool] = {}
    previous: dict[float, int] = {}
    for row, size, value in zip(headings, sizes, listed, strict=True):
        if value is None:
            if not section_name(row.text):
                title_since[size] = True
            continue
        if value == 1 and previous.get(size, 0) >= 1 and title_since.get(size):
            again.add(size)
        previous[size] = value
        title_since[size] = False
    return again
