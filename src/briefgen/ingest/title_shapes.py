"""Articles told apart by the shape of their titles, in a text no known author line ends.

A house whose articles end with no author line briefgen knows (or none) gives the article walk
nothing that ends an article. Its titles still have a shape in the text: a paragraph of its
own, shorter than a line of body text, ending no sentence, no numbered heading, caption or
URL, standing after a paragraph that ends a sentence (or a section's name, or the issue's
start) and followed by body text. Those paragraphs are read as titles, the section names
before them as sections, everything else as body, and the walk runs on these roles as it does
on the roles a PDF's type tells.

An extractor's paragraphs may hide a title: with no author line between them, a title runs
into the paragraph before it (after a full line that ends a sentence) or into the one after
it, and a wrapped title may be cut into a paragraph per line. Those are cut apart and put
together first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from briefgen.ingest.layouts import CJK, LayoutSet, section_name
from briefgen.ingest.pages import BodyLine, display_width, is_wide
from briefgen.ingest.structure import Paragraph, RawArticle, find_articles
from briefgen.ingest.text_signs import CAPTION, NUMBERED, SENTENCE_END, WEB_ADDRESS

#: What a title never ends with: a sentence's end, or punctuation that goes on.
_NOT_TITLE_END = ("。", "！", "？", "；", "，", "、", "：", ":", ",", ";", "（", "(", "“", "《")
#: Text wholly in brackets is a label or a note ("【快报延伸】", "（完）"), not a title.
_BRACKETED = re.compile(r"^[【\[［〔（(《<][^】\]］〕）)》>]*[】\]］〕）)》>]$")
#: An author line of a house no layout describes: a role word, a dash, or names in brackets.
_BYLINE = re.compile(
    rf"执笔|作者|供稿|编译|撰稿|撰文|文\s*[/／]|^——|^[（(]\s*[{CJK}·\s]{{2,12}}[）)]$"
)
#: A role and a colon, or a dash, before names: a byline, never a title.
_ROLE = re.compile(r"(?:执笔|作者|供稿|编译|撰稿|撰文|编辑|来源)\s*[:：/／]|^——")
#: An author line is no longer (characters).
_BYLINE_LENGTH = 40
#: A title's every line is narrower than this share of a full line of body text (it is set
#: larger, or stands alone), and its text no wider than this many full lines.
_TITLE_LINE = 0.9
_TITLE_TEXT = 1.5
#: A body line at least this full goes on; a title cut off after it starts on the next line.
_FULL_LINE = 0.75
#: A wrapped title the extractor cut into a paragraph per line has at most this many.
_TITLE_PIECES = 3
#: A title's body paragraph: this long, or ending a sentence.
_BODY_LENGTH = 60
#: A shorter text ending with a bracket or a full stop is a label or an aside ("（CHIPS）").
_SHORTEST_SENTENCE = 8
#: A full line's width is that of the line this far up the widths: most lines of body text
#: are full, and the few wider ones are a note's URL or a line a layout kept whole.
_FULL_RANK = 0.9


@dataclass(frozen=True, slots=True)
class _Lines:
    """The text's body lines by number, and the width of a full one."""

    numbers: list[int]
    lines: list[BodyLine]
    full: int

    @classmethod
    def of(cls, lines: list[BodyLine]) -> _Lines:
        ordered = sorted(lines, key=lambda line: line.no)
        widths = sorted(display_width(line.text) for line in ordered)
        full = widths[int(len(widths) * _FULL_RANK)] if widths else 0
        return cls([line.no for line in ordered], ordered, full)

    def of_paragraph(self, para: Paragraph) -> list[BodyLine]:
        start = bisect.bisect_left(self.numbers, para.first_line)
        end = bisect.bisect_right(self.numbers, para.last_line)
        return self.lines[start:end]

    def short(self, lines: list[BodyLine], text: str) -> bool:
        """Narrower than body text: every line, and the whole text but for a wrap or two."""
        return all(display_width(ln.text) < _TITLE_LINE * self.full for ln in lines) and (
            display_width(text) <= _TITLE_TEXT * self.full
        )


def articles_by_title_shape(
    lines: list[BodyLine], paragraphs: list[Paragraph], layouts: LayoutSet
) -> list[RawArticle]:
    """The articles of a text read by its titles' shape; none when its articles end with an
    author line no layout reads (a layout entry for it tells them apart better)."""
    measure = _Lines.of(lines)
    pieces = _merge_wrapped_titles(_cut_out_titles(paragraphs, measure), measure)
    roles = _roles(pieces, measure)
    typed = [replace(p, role=r) for p, r in zip(pieces, roles, strict=True)]
    articles = find_articles(typed, layouts)
    return [] if _end_with_bylines(articles) else articles


def _title_like(text: str) -> bool:
    """What a title's own text looks like, wherever it stands."""
    return (
        bool(text)
        and re.search(f"[{CJK}A-Za-z]", text) is not None
        and not text.endswith(_NOT_TITLE_END)
        and not NUMBERED.match(text)
        and not CAPTION.match(text)
        and not WEB_ADDRESS.search(text)
        and not _BRACKETED.match(text)
        and not _ROLE.search(text)
    )


def _is_body(text: str) -> bool:
    """Whether ``text`` opens an article's body: prose, long or ending a sentence. A list
    item or numbered heading opens none (it follows a table's cell, or a heading)."""
    sentence = len(text) >= _SHORTEST_SENTENCE and text.endswith(SENTENCE_END)
    prose = (len(text) > _BODY_LENGTH or sentence) and not _BRACKETED.match(text)
    return (prose and not NUMBERED.match(text)) or text.startswith("编者按")


def _cut_out_titles(paragraphs: list[Paragraph], measure: _Lines) -> list[Paragraph]:
    """The paragraphs with a title that ran into the one before or after it cut out."""
    cut: list[Paragraph] = []
    for k, para in enumerate(paragraphs):
        nxt = paragraphs[k + 1].text.strip() if k + 1 < len(paragraphs) else ""
        before = cut[-1].text.strip() if cut else ""
        lines = measure.of_paragraph(para)
        cut += _cut_tail(para, lines, nxt, measure) or _cut_head(para, lines, before, measure)
    return cut


def _cut_tail(para: Paragraph, lines: list[BodyLine], nxt: str, measure: _Lines) -> list[Paragraph]:
    """A body paragraph whose last line or two are a title before body text: after a full
    line that ends a sentence, short, no sentence's end. Empty when there is none."""
    for size in (1, 2):
        if len(lines) <= size or not _is_body(nxt):
            return []
        last_body, tail = lines[-size - 1], lines[-size:]
        text = _joined([line.text for line in tail])
        ends = last_body.text.endswith(SENTENCE_END)
        full = display_width(last_body.text) >= _FULL_LINE * measure.full
        if ends and full and _title_like(text) and measure.short(tail, text):
            return _split(para, tail[0])
    return []


def _cut_head(
    para: Paragraph, lines: list[BodyLine], before: str, measure: _Lines
) -> list[Paragraph]:
    """A title that runs into the body text after it: a short first line ending no
    sentence, after a paragraph that ends one, the rest body text. ``[para]`` when none."""
    if len(lines) < 2 or not (before.endswith(SENTENCE_END) or section_name(before)):
        return [para]
    head, rest = lines[0], lines[1:]
    narrow = display_width(head.text) < _FULL_LINE * measure.full
    if narrow and _title_like(head.text) and _is_body(_joined([line.text for line in rest])):
        return _split(para, rest[0])
    return [para]


def _joined(texts: list[str]) -> str:
    """Lines or pieces of one paragraph joined: a space between two Latin words only."""
    joined = ""
    for text in texts:
        joined = _join(joined, text)
    return joined


def _join(text: str, more: str) -> str:
    latin = bool(text) and bool(more) and not is_wide(text[-1]) and not is_wide(more[0])
    return f"{text} {more}" if latin else text + more


def _split(para: Paragraph, first: BodyLine) -> list[Paragraph]:
    """``para`` cut before the line ``first``: the text up to where that line's text stands."""
    at = para.text.rfind(first.text)
    if at <= 0:
        return [para]
    before = para.marked.drop(0, at).strip()
    after = para.marked.drop(at).strip()
    return [
        Paragraph(before.text, para.first_line, first.no - 1, None, before.markers),
        Paragraph(after.text, first.no, para.last_line, None, after.markers),
    ]


def _merge_wrapped_titles(paragraphs: list[Paragraph], measure: _Lines) -> list[Paragraph]:
    """Runs of two or three short title-like paragraphs after a sentence's end (or a section's
    name) and before body text, joined: a wrapped title the extractor cut at each line."""
    merged: list[Paragraph] = []
    k = 0
    while k < len(paragraphs):
        size = _wrapped_title_at(paragraphs, k, measure)
        group = paragraphs[k : k + max(size, 1)]
        if size > 1:
            merged.append(_one_paragraph([p.stripped() for p in group]))
        else:
            merged += group
        k += len(group)
    return merged


def _one_paragraph(pieces: list[Paragraph]) -> Paragraph:
    """Pieces of one paragraph joined, the markers in each kept where they stood."""
    marked = pieces[0].marked
    for piece in pieces[1:]:
        marked = marked.joined(_join(marked.text, piece.text), piece.marked)
    first, last = pieces[0].first_line, pieces[-1].last_line
    return Paragraph(marked.text, first, last, None, marked.markers)


def _wrapped_title_at(paragraphs: list[Paragraph], k: int, measure: _Lines) -> int:
    """How many paragraphs from ``k`` on are pieces of one title (1 when not cut)."""
    before = paragraphs[k - 1].text.strip() if k else ""
    if k and not before.endswith(SENTENCE_END) and not section_name(before):
        return 1
    for size in range(_TITLE_PIECES, 1, -1):
        group = paragraphs[k : k + size]
        if len(group) < size or k + size >= len(paragraphs):
            continue
        texts = [p.text.strip() for p in group]
        lines = [line for p in group for line in measure.of_paragraph(p)]
        whole = "".join(texts)
        if (
            all(_title_like(t) and not section_name(t) for t in texts)
            and measure.short(lines, whole)
            and _is_body(paragraphs[k + size].text.strip())
        ):
            return size
    return 1


def _roles(paragraphs: list[Paragraph], measure: _Lines) -> list[str]:
    """ "title", "section" or "body" for each paragraph, by its shape and its neighbours'."""
    texts = [p.text.strip() for p in paragraphs]
    shaped = [
        _title_like(text)
        and measure.short(measure.of_paragraph(p), text)
        and k + 1 < len(texts)
        and _is_body(texts[k + 1])
        for k, (p, text) in enumerate(zip(paragraphs, texts, strict=True))
    ]
    roles: list[str] = []
    for k, text in enumerate(texts):
        after_end = k == 0 or _ended(paragraphs[k - 1], measure)
        sectioned = k > 0 and roles[k - 1] == "section"
        named = section_name(text) and not _BYLINE.search(text)
        if named and k + 1 < len(texts) and shaped[k + 1] and not shaped[k]:
            roles.append("section")
        elif shaped[k] and (after_end or sectioned):
            roles.append("title")
        else:
            roles.append("body")
    return roles


def _ended(para: Paragraph, measure: _Lines) -> bool:
    """Whether ``para`` ends where a title may follow: a sentence's end, a URL, a list item or
    a caption (printed with no full stop), or a paragraph of text whose last line stops short
    (it ended there, its full stop forgotten)."""
    text = para.text.strip()
    if text.endswith(SENTENCE_END) or WEB_ADDRESS.match(text) or NUMBERED.match(text):
        return True
    if CAPTION.match(text) or (len(text) <= _BYLINE_LENGTH and _BYLINE.search(text)):
        return True  # a caption, or an author line no layout reads (the article ended)
    lines = measure.of_paragraph(para)
    last = display_width(lines[-1].text) if lines else measure.full
    return len(lines) > 1 and len(text) > _BODY_LENGTH and last < _FULL_LINE * measure.full


def _end_with_bylines(articles: list[RawArticle]) -> bool:
    """Half the articles or more hold a short line like an author's: the house has one that
    no layout reads."""
    bylines = sum(
        any(len(p.text) <= _BYLINE_LENGTH and _BYLINE.search(p.text) for p in article.body)
        for article in articles
    )
    return bool(articles) and 2 * bylines >= len(articles)
