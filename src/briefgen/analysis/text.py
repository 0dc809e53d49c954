"""An article's text as the analysis reads it: plain sentences with their offsets, and one
pass over them that finds every name of a list."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from briefgen.archive import Entry
from briefgen.cache import key

#: Sentences end after 。！？ (and ! ?) or at a line break.
_SENTENCE_END = re.compile(r"[。！？!?]|\n+")
#: Markdown that is not text: footnote markers, heading and quote marks, bold, a figure.
_MARKUP = re.compile(r"\[\^\d+\]|^(?:#+|>)\s*|\*\*|^!\[|\]\(\)$", re.MULTILINE)
_LATIN = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


#: The characters a sentence ends after (``_SENTENCE_END``: a run of line breaks ends one too).
_ENDS = "。！？!?\n"


class ArticleText:
    """The title, editor's note and body of one article as plain text, cut into sentences.

    Made from the entry when first read (``text``): where an issue's findings are kept
    (``analysis.kept``), its texts are never made."""

    __slots__ = ("_text", "entry")

    def __init__(self, entry: Entry, text: str | None = None) -> None:
        self.entry = entry
        self._text = text

    @property
    def text(self) -> str:
        if self._text is None:
            article = self.entry.article
            parts = [article.title, article.editor_note or "", article.body]
            self._text = _MARKUP.sub("", "\n".join(p for p in parts if p))
        return self._text

    def sentence_at(self, offset: int) -> str:
        """The sentence that holds the character at ``offset``: from just after the last
        sentence end before it to just after the next one (a run of line breaks whole).

        Most articles are asked for a few sentences, so the ends around ``offset`` are looked
        for, not every sentence of the text cut first (``sentence_starts``, the reference)."""
        text = self.text
        if offset >= len(text) or text[offset] == "\n":
            # Past the end, or inside a run of line breaks (whose sentence starts before the
            # run): cut every sentence.
            return _cut_at(text, sentence_starts(text), offset)
        start = max(text.rfind(end, 0, offset) for end in _ENDS) + 1
        found = [at for at in (text.find(end, offset) for end in _ENDS) if at >= 0]
        if not found:
            return text[start:].strip()
        stop = min(found)
        if text[stop] == "\n":
            while stop < len(text) and text[stop] == "\n":
                stop += 1
            return text[start:stop].strip()
        return text[start : stop + 1].strip()


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts, ascending."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    return sorted(set(starts))


def _cut_at(text: str, starts: list[int], offset: int) -> str:
    """The sentence of ``text`` (its ``sentence_starts``) that holds ``offset``."""
    k = bisect.bisect_right(starts, offset) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(text)
    return text[starts[k] : end].strip()


def article_text(entry: Entry) -> ArticleText:
    return ArticleText(entry)


def archive_texts(entries: Iterable[Entry]) -> list[ArticleText]:
    """Each article's text, read once for every analysis (when first asked for)."""
    return [article_text(entry) for entry in entries]


@dataclass(frozen=True, slots=True)
class Hit:
    key: str  # the key of the thing the name names
    offset: int


class NameMatcher:
    """Finds, in one regex pass, every name of many things: the longest name at a place wins,
    and a Latin name counts only as a whole word (DOC, not inside DOCUMENT). An acronym in
    capitals matches only in capitals (EU, not eu); other names in any case."""

    def __init__(self, names: dict[str, str]) -> None:
        #: A name as written → the key of what it names; acronyms exactly, others lower-cased.
        self._exact = {name: key for name, key in names.items() if _is_acronym(name)}
        self._folded = {
            name.lower(): key
            for name, key in names.items()
            if name.strip() and not _is_acronym(name)
        }
        ordered = sorted([*self._exact, *self._folded], key=len, reverse=True)
        # Most places in a text start no name: a look at the first character rejects them
        # before the alternatives are tried one by one (ten times faster on the archive).
        starts = {ch for name in ordered for ch in (name[0], name[0].upper(), name[0].lower())}
        first = "[" + "".join(re.escape(ch) for ch in sorted(starts)) + "]"
        alternatives = "|".join(_bounded(name, name in self._exact) for name in ordered)
        self._pattern = re.compile(f"(?={first})(?:{alternatives})") if ordered else None
        #: What it finds names by: the same digest, the same hits in any text.
        self.digest = key("names", json.dumps(sorted(names.items()), ensure_ascii=False))

    def hits(self, text: str) -> Iterator[Hit]:
        if self._pattern is None:
            return
        for match in self._pattern.finditer(text):
            found = match.group()
            key = self._exact.get(found) or self._folded[found.lower()]
            yield Hit(key, match.start())


def _is_acronym(name: str) -> bool:
    return bool(_LATIN.search(name)) and name == name.upper() and not _CJK.search(name)


def _bounded(name: str, exact: bool) -> str:
    escaped = re.escape(name) if exact else f"(?i:{re.escape(name.lower())})"
    if _LATIN.match(name[0]):
        escaped = r"(?<![A-Za-z0-9])" + escaped
    if _LATIN.match(name[-1]):
        escaped += r"(?![A-Za-z0-9])"
    return escaped
