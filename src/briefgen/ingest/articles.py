"""Turn the articles and footnotes found in an issue into article records.

Text and PDF ingest find the same things in different ways (whitespace signals in one, fonts
and positions in the other); from here on both go the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import ParseError
from briefgen.ingest.layouts import DATELINE, KNOWN, Boxes, Layout, LayoutSet, matched_layout
from briefgen.ingest.marked import Marker
from briefgen.ingest.pages import RawFootnote, footnote_fields, join_footnote_parts
from briefgen.ingest.structure import Paragraph, RawArticle
from briefgen.ingest.text_signs import TITLE_NUMBER
from briefgen.records import Article, Footnote

log = logging.getLogger(__name__)

_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）)")
#: "（一）" numbers the parts of a "一、" heading when one came before it: a level lower.
_SUB_HEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def assemble_articles(
    raw_articles: list[RawArticle],
    footnotes: list[RawFootnote],
    path: Path,
    first_line: int,
    page_of: Callable[[int], int] | None = None,
    layouts: LayoutSet = KNOWN,
    fallback: Layout | None = None,
) -> Assembled:
    """Records for the articles found; ParseError when none has the shape of an article.

    The body paragraphs carry the markers matched to ``footnotes`` (``Marker.note`` is an
    index into it). ``page_of`` maps line numbers to pages for sources that have pages
    instead (PDF): messages then name the page. ``fallback`` is the layout the articles are
    read in when none of ``layouts`` ended any of them (for a source whose titles were told
    apart by their type); without it, that is a ParseError.
    """
    at = _Locator(path, page_of)
    layout = _check_layout(raw_articles, footnotes, at, first_line, layouts, fallback)
    _unnumber_titles(raw_articles, layouts)
    notes = _note_fields(footnotes)
    owners = _orphan_owners(raw_articles, footnotes)
    articles = [
        _to_article(
            i + 1,
            raw,
            layout.boxes,
            notes,
            [notes[k] for k, owner in enumerate(owners) if owner is raw],
        )
        for i, raw in enumerate(raw_articles)
    ]
    return Assembled(articles, layout)


@dataclass(frozen=True, slots=True)
class Assembled:
    """An issue's article records, and the house layout they were read in."""

    articles: list[Article]
    layout: Layout


@dataclass(frozen=True, slots=True)
class _Locator:
    path: Path
    page_of: Callable[[int], int] | None

    def error(self, line: int, message: str) -> ParseError:
        if self.page_of is None:
            return ParseError(self.path, line, message)
        return ParseError(self.path, None, message, page=self.page_of(line))

    def where(self, line: int) -> str:
        if self.page_of is None:
            return f"{self.path}:{line}"
        return f"{self.path}: page {self.page_of(line)}"

    def place(self, line: int) -> str:
        return f"line {line}" if self.page_of is None else f"page {self.page_of(line)}"


def _check_layout(
    articles: list[RawArticle],
    footnotes: list[RawFootnote],
    at: _Locator,
    first_line: int,
    layouts: LayoutSet,
    fallback: Layout | None,
) -> Layout:
    """The layout the articles are in; ParseError when they are in none."""
    layout = matched_layout(a.ending for a in articles if a.ending)
    if layout is None and fallback is not None and articles:
        _check_titles(articles, at)
        log.warning(
            "%s: no article ends with an author line of a known house layout, so the %d "
            "articles were read as '%s' (%s) and their authors are left empty: check where "
            "each ends. Known layouts: %s",
            at.path,
            len(articles),
            fallback.name,
            fallback.description,
            "; ".join(known.description for known in layouts.every),
        )
        return fallback
    if layout is None:
        expected = "; ".join(layout.description for layout in layouts.every)
        raise at.error(
            first_line,
            f"no article found: no layout matched (unknown layout). Expected one of: "
            f"{expected}. {_found(articles, footnotes, at)}",
        )
    _check_titles(articles, at)
    for article in articles:
        if not article.ending:
            log.warning(
                "%s: article %r has no author line; check where it ends",
                at.where(article.first_line),
                article.title,
            )
    return layout


def _check_titles(articles: list[RawArticle], at: _Locator) -> None:
    """ParseError at a title too long to be one: the articles were not found."""
    for article in articles:
        if len(article.title) > 120:
            raise at.error(
                article.first_line,
                f"unknown layout: a {len(article.title)}-character title was found "
                f"({article.title[:30]}…); expected a title line before each article",
            )


#: Lines that look like an attempt at an attribution: a role, a byline, a bracketed name.
_AUTHOR_LIKE = re.compile(r"执笔|作者|供稿|编译|撰稿|文\s*[/／]|^——|^[（(][^）)]{1,12}[）)]$")
_SENTENCE_END = ("。", "！", "？", "；", "：", ".", "!", "?", ";", ":")
#: What the error about an unknown layout reports: what is on the first pages only.
_FIRST_PAGES = 3


def _found(articles: list[RawArticle], footnotes: list[RawFootnote], at: _Locator) -> str:
    """What the first pages hold, so an editor can see where the layout differs."""
    paragraphs = [
        p for a in articles for p in a.body if len(at.place(p.first_line)) and p.text.strip()
    ]
    first = [p for p in paragraphs if _page(at, p.first_line) <= _FIRST_PAGES]
    titles = [f"{at.place(a.first_line)} {a.title[:30]!r}" for a in articles[:3]]
    titles += [
        f"{at.place(p.first_line)} {p.text[:30]!r}"
        for p in first
        if len(p.text) <= 40
        and not p.text.endswith(_SENTENCE_END)
        and not _AUTHOR_LIKE.search(p.text)
    ]
    authors = [
        f"{at.place(p.first_line)} {p.text[:30]!r}"
        for p in paragraphs
        if len(p.text) <= 40 and _AUTHOR_LIKE.search(p.text)
    ]
    pages: dict[int, int] = {}
    for note in footnotes:
        pages[note.page + 1] = pages.get(note.page + 1, 0) + 1
    notes = [f"{n} on page {page}" for page, n in pages.items() if page <= _FIRST_PAGES]
    return (
        f"Found on the first {_FIRST_PAGES} pages: candidate titles: "
        f"{', '.join(titles[:6]) or 'none'}; author lines: {', '.join(authors[:4]) or 'none'}; "
        f"footnotes: {', '.join(notes) or 'none'}."
    )


def _page(at: _Locator, line: int) -> int:
    return at.page_of(line) if at.page_of is not None else 1


@dataclass(frozen=True, slots=True)
class _NoteFields:
    url: str | None
    title: str | None


def _note_fields(footnotes: list[RawFootnote]) -> list[_NoteFields]:
    """Each footnote's URL and citation text, in the order the footnotes are printed."""
    seen: dict[int, list[str]] = {}
    return [
        _NoteFields(
            *footnote_fields(
                join_footnote_parts(note.parts, note.trailing), seen.setdefault(note.page, [])
            )
        )
        for note in footnotes
    ]


def _orphan_owners(
    articles: list[RawArticle], footnotes: list[RawFootnote]
) -> list[RawArticle | None]:
    """For each footnote no marker was matched to, the article it belongs to.

    It is the article of the footnote printed just before it on the same page, when that one
    has a marker; otherwise the article the footnote is printed in.
    """
    by_note: dict[int, RawArticle] = {}
    for raw in articles:
        for para in raw.body:
            for marker in para.markers:
                if marker.note is not None:
                    by_note[marker.note] = raw
    owners: list[RawArticle | None] = []
    previous: tuple[int, RawArticle | None] = (-1, None)  # (page, article) of the last note
    for k, note in enumerate(footnotes):
        owner = by_note.get(k)
        orphan: RawArticle | None = None
        if owner is None:
            owner = previous[1] if previous[0] == note.page else None
            if owner is None:
                printed_in = [a for a in articles if a.first_line <= note.line]
                owner = printed_in[-1] if printed_in else None
            orphan = owner
        owners.append(orphan)
        previous = (note.page, owner)
    return owners


def _unnumber_titles(articles: list[RawArticle], layouts: LayoutSet) -> None:
    """Take the numbers off titles where the issue numbers its articles: every title but one
    at most opens with a number, one more than the title's before it or 1 (a section may
    start again). The tags a number stood before are read then ("1. [半导体] …")."""
    numbers = [TITLE_NUMBER.match(a.title) for a in articles]
    counted, previous = 0, 0
    for number in numbers:
        value = int(number.group(1)) if number else None
        counted += value is not None and value in (1, previous + 1)
        previous = value if value is not None else -1
    if len(articles) < 3 or counted < len(articles) - 1:
        return
    for article, number in zip(articles, numbers, strict=True):
        if number is not None:
            tags, article.title = layouts.split_tags(article.title[number.end() :])
            article.tags = article.tags or tags


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(
    paragraphs: list[Paragraph], boxes: Boxes, reference: Callable[[Marker], str]
) -> tuple[str, str | None]:
    """Body Markdown and the editor's note, from the article's paragraphs.

    ``reference`` gives the Markdown of a footnote marker, in reading order.
    """
    editor_note = None
    blocks: list[str] = []
    #: The box that runs to the article's end: one blockquote, its paragraphs joined by ">".
    quoted: list[str] = []
    quoting = False
    under_heading = False  # a "一、" heading came before
    for k, paragraph in enumerate(paragraphs):
        marked, para = paragraph.marked, paragraph.text
        label = boxes.editor_note.match(para) if boxes.editor_note else None
        if k == 0 and label:
            editor_note = marked.drop(label.end()).render(_escape, reference)
            continue
        text = marked.render(_escape, reference)
        if boxes.extension and para.strip() == boxes.extension:
            quoting = True
            quoted.append(f"> **{boxes.extension}**")
            continue
        if _is_caption(para, boxes) and not marked.markers:
            text = f"![{_escape(para)}]()"
        elif _HEADING.match(para) and len(para) <= 60 and not para.endswith("。"):
            sub = bool(_SUB_HEADING.match(para)) and under_heading
            under_heading = under_heading or not _SUB_HEADING.match(para)
            text = f"{'####' if sub else '###'} {text}"
        elif re.match(r"^\d+\.\s", para):
            pass  # numbered items stay Markdown list items
        elif re.match(r"^\d+\.", para):
            text = text.replace(".", "\\.", 1)
        (quoted if quoting else blocks).append(f"> {text}" if quoting else text)
    if quoted:
        blocks.append("\n>\n".join(quoted))
    return "\n\n".join(blocks), editor_note


def _is_caption(text: str, boxes: Boxes) -> bool:
    pattern = boxes.figure_caption
    return pattern is not None and bool(pattern.match(text)) and not text.endswith("。")


def _dates(text: str) -> list[str]:
    found: list[str] = []
    for match in _FULL_DATE.finditer(text):
        try:
            iso = dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            continue
        if iso not in found:
            found.append(iso)
    return found


def _to_article(
    index: int,
    raw: RawArticle,
    boxes: Boxes,
    notes: list[_NoteFields],
    orphans: list[_NoteFields],
) -> Article:
    footnotes: list[Footnote] = []
    renumber: dict[int, int] = {}  # footnote index -> its number in this article

    def reference(marker: Marker) -> str:
        if marker.note is None:
            return ""  # a marker no footnote was found for: nothing to link to
        if marker.note not in renumber:
            renumber[marker.note] = len(footnotes) + 1
            fields = notes[marker.note]
            footnotes.append(Footnote(n=renumber[marker.note], url=fields.url, title=fields.title))
        return f"[^{renumber[marker.note]}]"

    dateline, paragraphs = _dateline(raw.body)
    body, editor_note = _markdown(paragraphs, boxes, reference)
    for orphan in orphans:
        footnotes.append(Footnote(n=len(footnotes) + 1, url=orphan.url, title=orphan.title))
    plain = re.sub(r"\[\^\d+\]", "", f"{editor_note or ''}\n{body}")
    return Article(
        id=f"a{index:02d}",
        section=raw.section,
        title=raw.title,
        tags=raw.tags,
        authors=raw.authors,
        dates=_dates(plain),
        editor_note=editor_note,
        body=body,
        footnotes=footnotes,
        source_urls=raw.source_urls,
        original_title=raw.original_title,
        lines=[raw.first_line, raw.last_line],
        date=dateline,
        date_inferred=False,  # printed under the title: the issue says so, briefgen infers nothing
    )


def _dateline(paragraphs: list[Paragraph]) -> tuple[str | None, list[Paragraph]]:
    """The date a dateline under the title gives (ISO), and the paragraphs after it; None
    and all the paragraphs when the article opens with none."""
    found = DATELINE.match(paragraphs[0].text.strip()) if paragraphs else None
    if found is None:
        return None, paragraphs
    try:
        day = dt.date(*map(int, found.groups()))
    except ValueError:
        return None, paragraphs
    return day.isoformat(), paragraphs[1:]
