"""An article's text as the analysis reads it: plain sentences with their offsets, and one
pass over them that finds every name of a list."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefgen.archive import Entry

#: Sentences end after 。！？ (and ! ?) or at a line break.
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+")
#: Markdown that is not text: footnote markers, heading and quote marks, bold, a figure.
_MARKUP = re.compile(r"\[\^\d+\]|^(?:#+|>)\s*|\*\*|^!\[|\]\(\)$", re.MULTILINE)
_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class ArticleText:
    """The title, editor's note and body of one article as plain text, cut into sentences."""

    entry: Entry
    text: str
    #: Where each sentence starts in ``text``, ascending.
    starts: list[int]

    def sentence_at(self, offset: int) -> str:
        """The sentence that holds the character at ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[k] : end].strip()


def article_text(entry: Entry) -> ArticleText:
    article = entry.article
    parts = [article.title, article.editor_note or "", article.body]
    text = _MARKUP.sub("", "\n".join(p for p in parts if p))
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    return ArticleText(entry, text, sorted(set(starts)))


def archive_texts(entries: Iterable[Entry]) -> list[ArticleText]:
    """Each article's text, read once for every analysis."""
    return [article_text(entry) for entry in entries]


@dataclass(frozen=True, slots=True)
class Hit:
    key: str  # the key of the thing the name names
    offset: int


class NameMatcher:
    """Finds, in one regex pass, every name of many things: the longest name at a place wins,
    and a Latin name (DOC, CHIPS) counts only as a whole word, not inside DOCUMENT."""

    def __init__(self, names: dict[str, str]) -> None:
        #: A name as it is written → the key of what it names; matched case-insensitively.
        self._keys = {name.lower(): key for name, key in names.items() if name.strip()}
        ordered = sorted(self._keys, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(_bounded(name) for name in ordered), re.IGNORECASE)
            if ordered
            else None
        )

    def hits(self, text: str) -> Iterator[Hit]:
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            yield Hit(self._keys[match.group().lower()], match.start())


def _bounded(name: str) -> str:
    escaped = re.escape(name.lower())
    if _LATIN.match(name[0]):
        escaped = r"(?<![A-Za-z0-9])" + escaped
    if _LATIN.match(name[-1]):
        escaped += r"(?![A-Za-z0-9])"
    return escaped
