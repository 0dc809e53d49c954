"""Paragraphs from the body rows of a PDF: where a printed line ends its paragraph.

A paragraph ends at a first-line indent, a gap wider than the line pitch, or a row that stops
short although the next row's first word would have fit; headings join only headings of their
own size. Section or title is told by heading size where the layout has two sizes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from briefgen.ingest.layouts import KNOWN, ORIGINAL_TITLE, section_name
from briefgen.ingest.pages import BodyLine, continues_url, is_wide
from briefgen.ingest.pdf import Row
from briefgen.ingest.pdf_hyphens import Hyphenation
from briefgen.ingest.pdf_measures import Columns, Measures, measure, off_pitch
from briefgen.ingest.structure import Paragraph

_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff"
_IDEOGRAPH_ONLY = re.compile(f"[{_IDEOGRAPH}]")
_IDEO_LATIN = re.compile(f"[{_IDEOGRAPH}]( ?)[A-Za-z0-9]")
_LATIN_IDEO = re.compile(f"[A-Za-z0-9]( ?)[{_IDEOGRAPH}]")


@dataclass(frozen=True, slots=True)
class MixedSpacing:
    """Does this document put a space between an ideograph and a Latin word (either order)?

    A line break hides it: the space at a wrapped line's end is not printed. The rows' own
    text says which convention the document follows, headings and body apart (briefings space
    "基于 GKP" in titles and may write "基于GKP" in the body).
    """

    ideo_latin: bool
    latin_ideo: bool

    @classmethod
    def measure(cls, texts: list[str], fallback: MixedSpacing | None = None) -> MixedSpacing:
        def spaced(pattern: re.Pattern[str], default: bool) -> bool:
            found = [m.group(1) for text in texts for m in pattern.finditer(text)]
            if len(found) < 5:
                return default
            return sum(bool(gap) for gap in found) > len(found) / 2

        base = fallback or cls(False, False)
        return cls(spaced(_IDEO_LATIN, base.ideo_latin), spaced(_LATIN_IDEO, base.latin_ideo))

    def space_between(self, left: str, right: str) -> bool:
        if _IDEO_LATIN.fullmatch(left + right):
            return self.ideo_latin
        return bool(_LATIN_IDEO.fullmatch(left + right)) and self.latin_ideo


#: Characters CJK typesetting never puts at a line start: the character before moves down too.
_NO_LINE_START = set("，。、；：！？）」』”’》〉】…—,.;:!?)]}%")
#: A run of such characters (a pattern that matches anywhere, so its match is never None).
_NO_LINE_START_RUN = re.compile(f"[{re.escape(''.join(_NO_LINE_START))}]*")


def _is_full(row: Row, cols: Columns, following: Row | None = None) -> bool:
    """Was the row wrapped (its paragraph goes on) rather than ended?

    It was when the next row's first word would not have fit in the space left at its end.
    """
    room = cols.right - row.right
    if room < 0.6 * row.size:
        return True
    if following is None or not following.text:
        return False
    first = re.match(r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|.", following.text)
    word = first.group(0) if first else following.text[:1]
    # Punctuation that may not start a line travels with the character before it ("括：").
    word += _NO_LINE_START_RUN.match(following.text[len(word) :]).group(  # type: ignore[union-attr]
        0
    )
    needed = row.width_of(word)
    if word[0] in _NO_LINE_START:
        needed += row.size
    return needed > room - (0 if row.space_after else row.width_of(" "))


def wrapped_rows(rows: list[Row], kinds: list[str], cols: Columns) -> dict[int, bool]:
    """By line number: was the row wrapped, judged against the next row of its kind."""
    full: dict[int, bool] = {}
    following: dict[str, Row | None] = {}
    for no in range(len(rows), 0, -1):
        row, kind = rows[no - 1], kinds[no - 1]
        full[no] = _is_full(row, cols, following.get(kind))
        following[kind] = row
    return full


def build_pdf_paragraphs(
    lines: list[BodyLine],
    rows: list[Row],
    headings: dict[int, float],
    cols: Columns,
    body: float,
    full: dict[int, bool],
    hyphens: Hyphenation,
) -> list[Paragraph]:
    """Join rows into paragraphs: an indent, a short row, a gap or a size change ends one;
    a word hyphenated at a row's end (``hyphens``) is joined whole."""
    by_no = {no: row for no, row in enumerate(rows, start=1)}
    in_body = MixedSpacing.measure([line.text for line in lines if line.no not in headings])
    in_headings = MixedSpacing.measure(
        [line.text for line in lines if line.no in headings], fallback=in_body
    )
    spaces_unprinted = sum(row.space_after for row in rows) < 3
    if not spaces_unprinted:
        # The producer prints the space a line breaks at: where none is printed, none stood.
        in_body = in_headings = MixedSpacing(False, False)
    roles = _heading_roles(lines, headings) if headings else {}
    edge = _title_edge(lines, by_no, roles) if spaces_unprinted else 0.0
    measures = measure(lines, by_no, headings, roles, cols, body, hyphens)
    paragraphs: list[Paragraph] = []
    prev: BodyLine | None = None
    for line in lines:
        row = by_no[line.no]
        if prev is None or _breaks(prev, line, by_no[prev.no], row, measures, full[prev.no]):
            role = roles.get(line.no, "body" if headings else None)
            paragraphs.append(Paragraph.of_line(line, role))
        else:
            para = paragraphs[-1]
            spacing = in_headings if line.no in headings else in_body
            if line.no in headings and _space_at_heading_break(by_no[prev.no], row, edge):
                joined = f"{para.text} {line.text}"  # (only where spaces go unprinted)
            else:
                joined = _join(para.text, line.text, by_no[prev.no], full[prev.no], spacing)
                if hyphens.hyphenated(para.text, line.text):
                    joined = para.text[:-1] + line.text  # "Microelec-" "tronics"
            para.extend(joined, line)
        prev = line
    return paragraphs


#: A heading row this long or shorter may be a whole name (a section's), not a wrapped title's.
_SHORT_NAME = 12


def _breaks(
    prev: BodyLine, line: BodyLine, prev_row: Row, row: Row, m: Measures, full: bool
) -> bool:
    headings = m.headings
    if (prev.no in headings) != (line.no in headings):
        return True
    if line.no in headings:
        if m.roles[line.no] != m.roles[prev.no]:
            return True  # a section's name, then a title a hair smaller (LuaLaTeX: 17.3, 16.9)
        if abs(headings[line.no] - headings[prev.no]) >= 0.6:
            return True
        if line.page == prev.page + 1:
            # A title the page break cut after a wrapped row (MuPDF keeps no heading with the
            # text after it); a short name ending a page is a section's, the title comes next.
            return len(prev.text) <= _SHORT_NAME
        if section_name(prev.text) and (
            line.no in m.numbered or off_pitch(prev_row.y - row.y, m.heading_pitch, row.size)
        ):
            # A section's name set at the titles' size: a numbered title under it ("政策计划"
            # "01 荷兰政府…", as far apart as a title's rows in XeLaTeX), or a title nearer to
            # it or farther than a title's rows stand (XeLaTeX: 12.8 pt, a title's rows 18.2).
            return True
        # A heading's rows are as far apart as its size and the document's leading make them
        # (Qt sets every line two ems apart).
        leading = max(1.9, 1.15 * m.pitch / m.body)
        return line.page != prev.page or prev_row.y - row.y > leading * row.size
    if continues_url(prev.text, line.text, no_space_at_break=full and not prev_row.space_after):
        return False
    if full and m.hyphens.hyphenated(prev.text, line.text):
        return False  # a word goes on ("原文标题：… Microelec-" "tronics Research")
    if KNOWN.stands_alone(line.text):
        return True
    if KNOWN.stands_alone(prev.text):
        # An original title the row was too narrow for goes on in the next row (a column).
        return not (full and ORIGINAL_TITLE.match(prev.text.strip()))
    if _start(row) > m.cols.left + 1.2 * m.body:
        return True  # a first-line indent, or a right-aligned author line
    gap = prev_row.y - row.y if line.page == prev.page else 0
    if gap > 1.3 * m.pitch:
        return True  # space between paragraphs
    if abs(row.size - prev_row.size) > 0.1 * m.body:
        return True  # a caption set smaller, under the text or above it
    if _bold_run_on(prev, line, prev_row, row):
        return False  # a bold title wrapped early, in a layout that sets titles in body size
    if m.indents:
        # A row a little short of the margin may be the wrapper's doing ("1.5 亿" kept whole
        # with its space); where paragraphs open indented, only an indent (or a change from
        # plain to bold, a title set at body size) opens one.
        return _all_bold(prev_row) != _all_bold(row)
    return prev.trailing_space and not continues_url(prev.text, line.text, False)


#: Full-width opening punctuation, which xeCJK (and InDesign, or Word set to compress
#: punctuation) sets half an em wide at a line's start: "（一）" pulled left into the indent.
_OPENING = re.compile("[（「『《〈【〔“‘]")


def _start(row: Row) -> float:
    """Where the row's text would start with an opening bracket set a full em wide (its ink
    is in the right half: compressed, the glyph starts half an em further left)."""
    return row.x + (0.5 * row.size if _OPENING.match(row.text) else 0.0)


def _all_bold(row: Row) -> bool:
    return all(run.bold for run in row.runs)


def _title_edge(lines: list[BodyLine], by_no: dict[int, Row], roles: dict[int, str]) -> float:
    """How far right a wrapped heading row reaches: the width titles are set in (0: no width
    tells spaces at breaks). A row that ends in punctuation is left out: Typst hangs it past
    the edge ("、"); so is a section's name above a title (in a narrow column the name is the
    wider)."""
    rights = [
        by_no[prev.no].right
        for prev, line in pairwise(lines)
        if prev.no in roles
        and roles[prev.no] == roles.get(line.no)
        and prev.page == line.page
        and not unicodedata.category(by_no[prev.no].text[-1:] or " ").startswith("P")
    ]
    edge = max(rights, default=0.0)
    # TeX sets ragged titles by the paragraph, not row by row: its rows stop short where the
    # next character would have fit. Where most wrapped title rows do, a short one is no sign
    # of a space.
    breaks = [
        _space_at_heading_break(by_no[prev.no], by_no[line.no], edge)
        for prev, line in pairwise(lines)
        if prev.no in roles
        and roles[prev.no] == roles.get(line.no)
        and prev.page == line.page
        and _IDEOGRAPH_ONLY.match(by_no[prev.no].text[-1:])
        and _IDEOGRAPH_ONLY.match(by_no[line.no].text[:1])
    ]
    return 0.0 if len(breaks) >= 4 and sum(breaks) > len(breaks) / 3 else edge


def _space_at_heading_break(prev_row: Row, row: Row, edge: float) -> bool:
    """Did a wrapped heading break at a space between two ideographs ("草案 征求")?

    A title breaks between any two ideographs; it breaks short of its width, where the next
    character would have fit, only at a space that the PDF does not print.
    """
    left, right = prev_row.text[-1:], row.text[:1]
    if not (_IDEOGRAPH_ONLY.match(left) and _IDEOGRAPH_ONLY.match(right)):
        return False
    word = right + _NO_LINE_START_RUN.match(row.text[1:]).group(0)  # type: ignore[union-attr]
    return edge - prev_row.right > prev_row.width_of(word) + 0.1 * prev_row.size


_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)


def _bold_run_on(prev: BodyLine, line: BodyLine, prev_row: Row, row: Row) -> bool:
    """Is ``row`` the second line of the bold heading ``prev_row`` starts?"""
    return (
        all(run.bold for run in prev_row.runs)
        and all(run.bold for run in row.runs)
        and prev.page == line.page
        and not prev.text.endswith(("。", "：", ":", "！", "？"))
        and not _ENUMERATED.match(line.text)
    )


def _join(text: str, nxt: str, row: Row, full: bool, spacing: MixedSpacing) -> str:
    """Join a wrapped row to the next: a word break keeps its space, a broken URL does not."""
    if continues_url(text, nxt, no_space_at_break=full and not row.space_after):
        return text + nxt
    if row.space_after:
        return f"{text} {nxt}"
    if text and nxt and not text.endswith("-") and _latin_at_wrap(text[-1], nxt[0]):
        return f"{text} {nxt}"
    if text and nxt and spacing.space_between(text[-1], nxt[0]):
        return f"{text} {nxt}"
    return text + nxt


def _latin_at_wrap(left: str, right: str) -> bool:
    """Latin text on both sides of a wrap, where a space went unprinted: ASCII, or letters,
    digits and currency signs that are not CJK ("over" "£1.1 billion")."""
    if left.isascii() and right.isascii():
        return True

    def latin(ch: str) -> bool:
        return not is_wide(ch) and (ch.isalnum() or unicodedata.category(ch) == "Sc")

    return latin(left) and latin(right)


def _heading_roles(lines: list[BodyLine], headings: dict[int, float]) -> dict[int, str]:
    """Section or title by size when sizes tell them apart; else "heading" (level unknown).

    The largest heading size is the section's when every heading of that size is a short name.
    """
    sizes = sorted({round(s * 2) / 2 for s in headings.values()}, reverse=True)
    texts = {line.no: line.text for line in lines}
    if len(sizes) < 2:
        return dict.fromkeys(headings, "heading")
    top = [no for no, s in headings.items() if round(s * 2) / 2 == sizes[0]]
    names = all(section_name(texts[no]) for no in top)
    if not names:
        return dict.fromkeys(headings, "heading")
    return {no: "section" if no in top else "title" for no in headings}
