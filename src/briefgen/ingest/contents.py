"""What marks a table of contents (目录) at an issue's front, in print and in extracted text.

Briefings open with their contents: a heading (目录, 本期要目, Contents), then a line per
article with its title and page, after dot leaders or at the right margin, the section names
between, long titles wrapped onto a second line. None of it is the issue's text. The contents
run from their heading to the last line that is an entry or names a title printed further on
(a list without page numbers); a few other lines between two of those (a wrapped entry's first
line, a note on the list) are the contents' too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

HEAD = re.compile(
    r"^(?:本期)?(?:目\s*录|目\s*次|要\s*目|导\s*读)$|^(?:table\s+of\s+)?contents$", re.IGNORECASE
)
#: Leaders start where the run of dots starts (searching from every dot of a long run was
#: quadratic).
LEADERS = re.compile(r"(?:^|(?<=[^.…·・\s]))[.…·・\s]{4,}\d{1,3}$")
#: How many lines between two lines of the contents are still theirs; more end them.
GAP_LINES = 3
#: The shortest text that counts as naming a title printed further on (fewer characters occur
#: in any text by chance).
_ECHO = 4
_SPACE = re.compile(r"\s+")
#: A page number at a line's end, with the leaders or space before it (anchored like LEADERS).
_PAGE = re.compile(r"(?:^|(?<=[^.…·・\s]))[.…·・\s]*\d{1,3}$")


def is_head(text: str) -> bool:
    return HEAD.match(text.strip()) is not None


def contents_end(head: int, count: int, belongs: Callable[[int], bool]) -> int:
    """The last of the lines ``head + 1 … count - 1`` that ``belongs`` to the contents, looking
    no further than ``GAP_LINES`` past the last one found (``head`` when none does)."""
    last = head
    for k in range(head + 1, count):
        if k - last > GAP_LINES + 1:
            break
        if belongs(k):
            last = k
    return last


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


class LaterText:
    """Texts in reading order, to ask whether a line names one printed after it."""

    def __init__(self, texts: Iterable[tuple[int, str]]) -> None:
        # The texts run together, whitespace left out (a title wrapped into two lines is found
        # across their joint), and where each one starts in it, by its index.
        self._starts: list[tuple[int, int]] = []
        parts: list[str] = []
        offset = 0
        for k, text in texts:
            self._starts.append((k, offset))
            parts.append(squeeze(text))
            offset += len(parts[-1])
        self._text = "".join(parts)

    def names_after(self, k: int, text: str) -> bool:
        """Is ``text`` (leaders and a page number aside) in a text after index ``k``?"""
        wanted = squeeze(_PAGE.sub("", text))
        if len(wanted) < _ECHO:
            return False
        offset = next((at for index, at in self._starts if index > k), None)
        return offset is not None and self._text.find(wanted, offset) >= 0
