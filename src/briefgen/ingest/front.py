"""The front and back matter of an issue's extracted text: masthead, contents, colophon.

Text extracted from a whole issue opens with what its first page prints above the articles:
the publication, the issue number and date (信息科技快报 / 2024年第7期 / 2024年7月15日), a
colophon (主办：… 主编：…), often the contents (目录, a line per article); the colophon may
instead end the issue. Read as articles, the first such line becomes a title that swallows the
real first article, and a closing colophon ends the last article's body. Here the masthead's
and colophon's lines are kept for the issue label and all of it is dropped (contents.py and
colophon.py say what marks contents and colophons).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from briefgen.ingest.colophon import colophons, is_colophon_line, publisher
from briefgen.ingest.contents import LEADERS, LaterText, contents_end, is_head
from briefgen.ingest.pdf_furniture import IssueLabel, read_label

#: The issue's number ("2024年第7期", "总第123期") or its date standing alone: a masthead line.
_LABEL_LINE = re.compile(
    r"^.{0,24}?(?:\d{4}\s*年\s*第\s*\d{1,3}\s*期|总第\s*\d{1,4}\s*期).{0,30}$"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$"
)
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
#: A page number after spaces or a tab at a contents line's end (pdftotext's layout mode).
_SPACED_PAGE = re.compile(r"(?:\s{2,}|\t)\d{1,3}$")
#: How many lines a masthead runs to at most, and how far in contents are looked for.
_MASTHEAD_LINES = 8
_FRONT_LINES = 60
#: How far from the end a closing colophon is looked for, in lines.
_BACK_LINES = 60
#: A masthead line is short and no sentence.
_LONGEST = 40
_SENTENCE_END = ("。", "！", "？", "；")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    #: The masthead's and colophon's lines, in order (for the issue's publication, number,
    #: date and publisher).
    masthead: list[str]
    #: The text with the front matter's lines left empty (every other line keeps its number,
    #: and a form feed in a line left empty stays).
    text: str


def split_front_matter(text: str) -> FrontMatter:
    """The masthead, contents and colophon at the text's start, and a colophon among its last
    lines, set apart from the issue's text.

    This comes before page artifacts are looked for: contents repeat the section names, and a
    name printed twice on its own may be taken for a running header.
    """
    lines = text.split("\n")
    filled = [k for k, line in enumerate(lines) if line.strip()]
    texts = [lines[k].strip() for k in filled]
    front = _front(texts)
    back = _back(texts)
    masthead = [texts[k] for k in front.masthead] + [texts[k] for k in back]
    for k in [*front.dropped, *back]:
        lines[filled[k]] = "\f" * lines[filled[k]].count("\f")  # page breaks stay
    return FrontMatter(masthead, "\n".join(lines))


@dataclass(frozen=True, slots=True)
class _Front:
    masthead: range
    dropped: range


def _front(texts: list[str]) -> _Front:
    """Which of the text's (non-empty) lines are its masthead, and which go: the masthead and
    the contents."""
    front = texts[:_FRONT_LINES]
    head = next((k for k, text in enumerate(front) if is_head(text)), None)
    start = head
    if head is None:
        entries = [k for k, text in enumerate(front) if LEADERS.search(text)]
        start = entries[0] if len(entries) >= 3 else None
    if start is None:
        end = _after_colophon(texts, _masthead_end(texts))
        return _Front(range(end), range(end))
    later = LaterText(enumerate(texts))

    def belongs(k: int) -> bool:
        text = texts[k]
        return bool(LEADERS.search(text) or _SPACED_PAGE.search(text)) or later.names_after(k, text)

    end = contents_end(start, min(len(texts), start + _FRONT_LINES), belongs)
    opening = texts[:start]  # a masthead, and a colophon of as many lines at most
    if start <= 2 * _MASTHEAD_LINES and all(map(_short_or_colophon, opening)):
        return _Front(range(start), range(end + 1))
    return _Front(range(0), range(start, end + 1))


def masthead_label(masthead: list[str]) -> IssueLabel:
    """What the masthead says: a line of its own names the publication when the issue number's
    line does not ("信息科技快报" above "2024年第7期")."""
    label = replace(read_label(masthead), publisher=publisher(masthead))
    if label.publication is None:
        names = (t.strip() for t in masthead if not re.search(r"\d", t) and not _labelled(t))
        name = next((t for t in names if 2 <= len(t) <= 24), None)
        label = replace(label, publication=name)
    return label


def _labelled(text: str) -> bool:
    """A contents heading or a colophon item: no publication's name."""
    return is_head(text) or is_colophon_line(text)


def _masthead_end(texts: list[str]) -> int:
    """Where the opening masthead ends: after the last of its lines that gives the issue's
    number or date (and a date line after it), when all are short; 0 when no opening line
    gives either."""
    opening = texts[:_MASTHEAD_LINES]
    labelled = [k for k, text in enumerate(opening) if _LABEL_LINE.match(text)]
    if not labelled:
        return 0
    end = labelled[-1] + 1
    while end < len(opening) and _DATE_LINE.match(opening[end]):
        end += 1
    return end if all(_short(text) for text in opening[:end]) else 0


def _after_colophon(texts: list[str], end: int) -> int:
    """Past the colophon lines that follow a masthead ending at ``end`` (none: no masthead)."""
    while 0 < end < len(texts) and is_colophon_line(texts[end]):
        end += 1
    return end


def _back(texts: list[str]) -> list[int]:
    """The lines of a colophon among the text's last lines (the last page's notes may follow
    it)."""
    start = max(0, len(texts) - _BACK_LINES)
    return [start + k for run in colophons(texts[start:]) for k in run]


def _short_or_colophon(text: str) -> bool:
    return _short(text) or is_colophon_line(text)


def _short(text: str) -> bool:
    return len(text) <= _LONGEST and not text.rstrip().endswith(_SENTENCE_END)
