"""Where paragraphs end in hard-wrapped text that marks no paragraph end itself.

A PDF text extractor such as pdftotext writes each printed line as a line, and nothing after a
paragraph's last one. What tells the end is the typesetting the text keeps:

* width: a paragraph's last line is shorter than a full line (the others are full, or nearly:
  a line of Latin words or one that pushed a comma onto the next is a little short);
* indents: where the extractor keeps the layout (pdftotext ``-layout``), a paragraph's first
  line is indented, so the line before it ends a paragraph whatever its width;
* punctuation: a line ending in a comma or an opening bracket goes on; a short line ending a
  sentence ends its paragraph;
* titles: a title set in a larger font wraps into short lines of no punctuation, the first
  no section name or numbered heading: those run together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from briefgen.ingest.layouts import section_name
from briefgen.ingest.pages import CJK, display_width, is_wide
from briefgen.ingest.text_signs import CAPTION, NUMBERED, PARAGRAPH_END

_OPEN_END = ("，", "、", "（", "“", "《", "—", ",", "(", "「", "『")
#: Below this share of a full line a line is short; below the second it ends a paragraph even
#: without final punctuation.
_SHORT = 0.85
_VERY_SHORT = 0.6
#: A title's next line is at most this much wider than its first (a long Latin word moved).
_NARROWER = 0.85
#: A line this full with the next line's first word added was broken by its author.
_FITS = 0.9
#: Punctuation no line starts with, unless an extractor or a typesetter put it there.
_CLOSING = ("，", "。", "、", "；", "：", "！", "？", "）", "”", "》", ",", ".", ";", ":", ")")
_LATIN_WORD = re.compile(r"^[^\s\u2e80-\u9fff\uf900-\uffef]+")
#: One CJK character two spaces or more before the line's text, or after it.
_APART_START = re.compile(rf"^([ \u3000]*)([{CJK}])(?=[ \u3000]{{2,}}\S)")
_APART_END = re.compile(rf"(?<=\S)[ \u3000]{{2,}}([{CJK}])[ \u3000]*$")


@dataclass(slots=True, eq=False)
class Line:
    """A non-empty line of an extractor's text (compared by identity)."""

    no: int
    #: The text, stripped, with the columns of spaces of a kept layout collapsed.
    text: str
    #: Display columns of space before the text.
    indent: int
    page: int
    #: An empty line stood before this one in the source.
    blank_before: bool = False
    #: Two empty lines or more stood before it: more space on the page than an extractor's
    #: one empty line between any two blocks of text.
    wide_gap_before: bool = False
    #: The line as the extractor wrote it (its columns of spaces kept).
    raw: str = ""

    @classmethod
    def of(cls, no: int, raw: str, page: int, blanks_before: int) -> Line:
        indent = display_width(raw[: len(raw) - len(raw.lstrip())])
        text = collapse_spaces(raw.strip())
        return cls(no, text, indent, page, blanks_before > 0, blanks_before > 1, raw)

    def without_apart(self, marks: set[str]) -> Line:
        """The line without a character of ``marks`` (a watermark's) standing apart at its
        start or end, two spaces or more from the rest, as ``-layout`` sets it beside the line
        it crosses. Not where both ends so stand: a spaced heading ("目    录")."""
        raw = self.raw.replace("\t", "    ")
        start, end = _APART_START.match(raw), _APART_END.search(raw)
        if start and end:
            return self
        if end and end.group(1) in marks:
            raw = raw[: end.start()]
        elif start and start.group(2) in marks:
            raw = start.group(1) + "  " + raw[start.end() :]  # the text keeps its column
        if raw == self.raw:
            return self
        indent = display_width(raw[: len(raw) - len(raw.lstrip())])
        return replace(self, text=collapse_spaces(raw.strip()), indent=indent, raw=raw)


def collapse_spaces(text: str) -> str:
    """Runs of spaces as one space; none between two full-width characters."""

    def one(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1]
        after = match.string[match.end()]
        return "" if is_wide(before) and is_wide(after) else " "

    return re.sub(r"(?<=\S)[ \u3000]{2,}(?=\S)", one, text.replace("\t", " "))


@dataclass(frozen=True, slots=True)
class _Measure:
    #: The width of a full line.
    full: int
    #: The indent of most lines, and that of a paragraph's first line (None: the text keeps
    #: no indents).
    base: int
    first: int | None

    def indented(self, line: Line) -> bool:
        return self.first is not None and line.indent >= self.base + 2

    def centred(self, line: Line) -> bool:
        return self.first is not None and line.indent > self.first + 2


def paragraph_ends(lines: list[Line]) -> list[bool]:
    """For each line, whether a paragraph ends with it."""
    measure = _measure(lines)
    ends: list[bool] = []
    for k, line in enumerate(lines):
        if ends and ends[-1] and _alone(line, measure):
            ends.append(not _wrapped_title(lines[k : k + 3], measure))
        else:
            ends.append(_ends(lines[k : k + 3], measure))
    return ends


def _alone(line: Line, measure: _Measure) -> bool:
    """A paragraph's first line that is short ends it (a title or a heading): a long word on
    the next line left it short at most by that word's width."""
    return display_width(line.text) < _SHORT * measure.full and not line.text.endswith(_OPEN_END)


def _measure(lines: list[Line]) -> _Measure:
    widths = sorted(display_width(line.text) for line in lines)
    full = widths[int(len(widths) * 0.95)] if widths else 0
    indents = Counter(line.indent for line in lines)
    base = min(indents.most_common(1)[0][0], min(indents)) if indents else 0
    deeper = [line.indent for line in lines if line.indent >= base + 2]
    if not (0.03 * len(lines) <= len(deeper) <= 0.6 * len(lines)):
        return _Measure(full, base, None)
    return _Measure(full, base, Counter(deeper).most_common(1)[0][0])


def _ends(window: list[Line], measure: _Measure) -> bool:
    """Whether a paragraph ends with the first line of ``window`` (it and the two after it)."""
    if len(window) == 1:
        return True
    line, nxt = window[0], window[1]
    text = line.text
    if text.endswith(_OPEN_END) or nxt.text.startswith(_CLOSING):
        return False
    if nxt.blank_before and nxt.page == line.page and text.endswith(PARAGRAPH_END):
        return True  # a blank line after a sentence's end: the extractor's block ends here
    if _wrapped_title(window, measure):
        return False
    if _broken(line, nxt, measure):
        return True
    if text.endswith(PARAGRAPH_END) and _headline(nxt, measure):
        if NUMBERED.match(nxt.text) or CAPTION.match(nxt.text):
            return True  # a full line ends a sentence, a numbered heading or a caption follows
    width = display_width(text)
    if width >= _SHORT * measure.full:
        return False
    return text.endswith(PARAGRAPH_END) or width < _VERY_SHORT * measure.full


def _broken(line: Line, nxt: Line, measure: _Measure) -> bool:
    """The line was broken before its end: the next is indented, or its first word would have
    fit on this one."""
    width = display_width(line.text) + _first_word(nxt.text)
    return measure.indented(nxt) or width <= _FITS * measure.full


def _first_word(text: str) -> int:
    """Display columns of the first word of ``text``: a full-width character, or a run of
    Latin letters and digits and the space before it."""
    word = _LATIN_WORD.match(text)
    return display_width(word.group(0)) + 1 if word else display_width(text[:1])


def _wrapped_title(window: list[Line], measure: _Measure) -> bool:
    """The first line of ``window`` is a title's and the title goes on on the next, which
    ends it."""
    if len(window) < 2 or not _title_wraps(window[0], window[1], measure):
        return False
    if len(window) == 2:
        return True
    if section_name(window[1].text) and _headline(window[2], measure):
        return False  # a section's name, then the title of its first article
    return _broken(window[1], window[2], measure)


def _headline(line: Line, measure: _Measure) -> bool:
    return display_width(line.text) < _SHORT * measure.full and not line.text.endswith(
        PARAGRAPH_END
    )


def _title_wraps(line: Line, nxt: Line, measure: _Measure) -> bool:
    """Two short lines without punctuation, the first no section name and neither numbered:
    a title wrapped in two."""
    short = _SHORT * measure.full
    if display_width(line.text) >= short or display_width(nxt.text) >= short:
        return False
    if line.text.endswith(PARAGRAPH_END) or nxt.text.endswith(PARAGRAPH_END):
        return False
    if section_name(line.text) or NUMBERED.match(line.text) or NUMBERED.match(nxt.text):
        return False
    if display_width(line.text) < _NARROWER * display_width(nxt.text):
        return False  # a title's first line is the longest (give or take a Latin word)
    if measure.first is None:
        return True
    both_centred = measure.centred(line) and measure.centred(nxt)
    return both_centred or not measure.indented(nxt)
