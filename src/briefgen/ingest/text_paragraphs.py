"""Reflow a text's hard-wrapped lines into paragraphs, by what marks a paragraph's end in it:
the page reader's word, a trailing space, a blank line or the lines' widths."""

from __future__ import annotations

import enum
import re

from briefgen.ingest.layouts import KNOWN, LayoutSet
from briefgen.ingest.pages import BodyLine, continues_url, display_width, is_wide
from briefgen.ingest.structure import Paragraph

_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _typical_width(lines: list[BodyLine]) -> int:
    """The width of a full body line: lines the layout wrapped (no trailing space) are full."""
    widths = sorted(display_width(line.text) for line in lines if not line.trailing_space)
    return widths[len(widths) // 2] if widths else 0


def _max_width(lines: list[BodyLine]) -> int:
    widths = sorted(display_width(line.text) for line in lines)
    return widths[int(len(widths) * 0.95)] if widths else 0


_SENTENCE_END = ("。", "！", "？", "；", "：", "”", "）", ".", "!", "?")
#: Display columns of a line long enough to have been wrapped, were the text wrapped.
_LONG_LINE = 40


def _continues_latin(prev: str, line: str, nxt: str, full: int) -> bool:
    """A wide line ending in a Latin word, the next starting with one: the break is a space.

    A short line ("（3）ReCreateIt") ends its paragraph even when the next starts in Latin.
    """
    return (
        bool(prev)
        and not is_wide(prev[-1])
        and prev[-1] not in ")）"
        and bool(_LATIN_LETTER.match(nxt[:1]))
        and display_width(line) >= 0.6 * full
    )


def _join(prev: str, line: BodyLine, space_between_latin: bool) -> str:
    if not prev or not line.text:
        return prev + line.text  # (a line that held only a marker: it ends the text before)
    if continues_url(prev, line.text, no_space_at_break=False):
        return prev + line.text  # a URL wrapped at the line end goes on here
    if space_between_latin and not is_wide(prev[-1]) and not is_wide(line.text[0]):
        return f"{prev} {line.text}"
    return prev + line.text


class _Signal(enum.Enum):
    """What marks a paragraph's end in a text."""

    #: The page reader told (extracted.py reads an extractor's layout).
    KNOWN = "told by the page reader"
    #: A trailing space (the seeds' extractor; a blank line after every line means nothing).
    TRAILING = "a trailing space"
    #: A blank line (hand-made text).
    BLANK = "a blank line"
    #: Every line: a text typed a paragraph to a line, a blank line after each.
    LINE = "a line's end"
    #: Neither: a line short of the text's width, or ending a sentence.
    WIDTH = "the line's width"


def _paragraph_signal(lines: list[BodyLine]) -> _Signal:
    """Which signal marks paragraph ends in this text.

    The page reader may have told already (extracted.py reads an extractor's layout).
    PDF extractors leave a trailing space at paragraph ends (and a blank line after every
    line, which then means nothing); hand-made text separates paragraphs by blank lines; text
    with neither is reflowed by line width and final punctuation.
    """
    if not lines:
        return _Signal.TRAILING
    if all(line.ends is not None for line in lines):
        return _Signal.KNOWN
    if sum(line.trailing_space for line in lines) >= 0.1 * len(lines):
        return _Signal.TRAILING
    blanks = sum(line.blank_before for line in lines[1:])
    if 0 < blanks < 0.95 * (len(lines) - 1):
        return _Signal.BLANK
    if blanks and _a_paragraph_a_line(lines):
        return _Signal.LINE
    return _Signal.WIDTH


def _a_paragraph_a_line(lines: list[BodyLine]) -> bool:
    """Text typed a paragraph to a line: its long lines end sentences (an extractor's wrapped
    lines end mid-sentence), so each line, with a blank line after it, is a paragraph."""
    long = [line.text for line in lines if display_width(line.text) >= _LONG_LINE]
    ended = sum(text.rstrip().endswith(_SENTENCE_END) for text in long)
    return bool(long) and ended >= 0.8 * len(long)


def build_paragraphs(lines: list[BodyLine], layouts: LayoutSet = KNOWN) -> list[Paragraph]:
    """Reflow hard-wrapped lines into paragraphs.

    In extracted text a trailing space ends a paragraph, except after a Latin word followed by
    another Latin word on the next line: that is only the space between two words.
    """
    paragraphs: list[Paragraph] = []
    signal = _paragraph_signal(lines)
    full = _typical_width(lines) if signal is _Signal.TRAILING else _max_width(lines)
    current: Paragraph | None = None
    space = False
    for k, line in enumerate(lines):
        following = lines[k + 1] if k + 1 < len(lines) else None
        nxt = following.text if following else ""
        if current is not None and layouts.stands_alone(line.text):
            paragraphs.append(current)
            current = None
        if current is None:
            current = Paragraph.of_line(line)
        else:
            current.extend(_join(current.text, line, space), line)
        text = current.text
        if signal is _Signal.KNOWN:
            space = not text.endswith("-")
            ends = bool(line.ends) or _alone_after(line.text, nxt, layouts)
            if ends:
                paragraphs.append(current)
                current = None
            continue
        if signal is _Signal.TRAILING:
            space = line.trailing_space
            ends = line.trailing_space and not _continues_latin(text, line.text, nxt, full)
        else:
            space = not text.endswith("-")
            if signal is _Signal.BLANK:
                ends = following is None or following.blank_before
            elif signal is _Signal.LINE:
                ends = True
            else:
                short = display_width(line.text) < 0.85 * full
                ends = short and (
                    line.text.endswith(_SENTENCE_END) or display_width(line.text) < 0.6 * full
                )
        if ends or layouts.stands_alone(line.text) or layouts.stands_alone(nxt):
            paragraphs.append(current)
            current = None
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def _alone_after(text: str, nxt: str, layouts: LayoutSet) -> bool:
    """A paragraph ends before a line that stands alone, and after one, except a title: one
    the page reader found wrapped goes on."""
    alone = layouts.stands_alone(text) and not layouts.tagged(text)
    return alone or layouts.stands_alone(nxt)
