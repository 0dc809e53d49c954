"""An author line an extractor moved to after the next article's title.

pdftotext's plain mode may read an article's right-aligned attribution ("（于杰平）") after the
title of the article that follows it (the title, larger, stands higher on the page than the
attribution's baseline). The attribution then ends a "paragraph" that is the next title, and
is followed by the next article's text, not by a title. The title is the article's last
paragraph: short, ending no sentence, no numbered heading or figure caption, after a paragraph
that ends a sentence (or after a section's name that does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.ingest.layouts import section_name
from briefgen.ingest.text_signs import CAPTION, NUMBERED, SENTENCE_END

#: A title is at most this long (characters).
_LONGEST_TITLE = 60


@dataclass(frozen=True, slots=True)
class PassedTitle:
    """The next article's title among an article's paragraphs, before its author line."""

    #: The title's index among the paragraphs.
    at: int
    #: A section's name stands right before it.
    sectioned: bool


def passed_title(texts: list[str]) -> PassedTitle | None:
    """The title the last of an article's paragraphs ``texts`` is, read before the article's
    author line; None when it reads as no title."""
    k = len(texts) - 1
    if k < 1 or not _title_like(texts[k]):
        return None
    if texts[k - 1].endswith(SENTENCE_END):
        return PassedTitle(k, False)
    if k >= 2 and section_name(texts[k - 1]) and texts[k - 2].endswith(SENTENCE_END):
        return PassedTitle(k, True)
    return None


#: A line naming where the text came from ends an article; it is no title.
_SOURCE_LINE = re.compile(r"^(?:信息|资料|图片|新闻|原文)?(?:来源|出处|链接)\s*[:：]")


def _title_like(text: str) -> bool:
    return (
        not _SOURCE_LINE.match(text)
        and len(text) <= _LONGEST_TITLE
        and not text.endswith(SENTENCE_END)
        and not text.endswith(("，", "、", "：", ":"))
        and not NUMBERED.match(text)
        and not CAPTION.match(text)
    )
