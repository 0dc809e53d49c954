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
from briefgen.ingest.pages import (
    MARK_CLOSE,
    MARK_OPEN,
    RawFootnote,
    footnote_fields,
    join_footnote_parts,
)
from briefgen.ingest.structure import RawArticle
from briefgen.records import Article, Footnote

log = logging.getLogger(__name__)

_TOKEN = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）)")
_EXTENSION = "【快报延伸】"
_EDITOR_NOTE = re.compile(r"^编者按\s*[:：]\s*")


def assemble_articles(
    raw_articles: list[RawArticle],
    footnotes: list[RawFootnote],
    path: Path,
    first_line: int,
    page_of: Callable[[int], int] | None = None,
) -> list[Article]:
    """Records for the articles found; ParseError when none has the shape of an article.

    ``footnotes`` carry the id of the marker they were matched to (``fid``), and the body
    paragraphs hold that id as a token where the marker stood. ``page_of`` maps line numbers
    to pages for sources that have pages instead (PDF): messages then name the page.
    """
    _check_layout(raw_articles, _Locator(path, page_of), first_line)
    notes = _footnotes_by_id(footnotes)
    owners = _orphan_owners(raw_articles, footnotes)
    return [
        _to_article(i + 1, raw, notes, [n for n in footnotes if owners.get(id(n)) is raw])
        for i, raw in enumerate(raw_articles)
    ]


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


def _check_layout(articles: list[RawArticle], at: _Locator, first_line: int) -> None:
    ended = [a for a in articles if a.ending]
    if not ended:
        raise at.error(
            first_line,
            "no article found: expected articles that end with an author line such as "
            "（执笔：沈湘 王丽） or （董金鑫）, or with '姓名 供稿自 URL'; unknown layout",
        )
    for article in articles:
        if len(article.title) > 120:
            raise at.error(
                article.first_line,
                f"unknown layout: a {len(article.title)}-character title was found "
                f"({article.title[:30]}…); expected a title line before each article",
            )
        if not article.ending:
            log.warning(
                "%s: article %r has no author line; check where it ends",
                at.where(article.first_line),
                article.title,
            )


def _footnotes_by_id(
    footnotes: list[RawFootnote],
) -> dict[int, tuple[RawFootnote, str | None, str | None]]:
    out: dict[int, tuple[RawFootnote, str | None, str | None]] = {}
    seen: dict[int, list[str]] = {}
    for k, note in enumerate(footnotes):
        url, title = footnote_fields(
            join_footnote_parts(note.parts, note.trailing), seen.setdefault(note.page, [])
        )
        # Unmatched footnotes get ids past the matched ones, so both live in one table.
        out[note.fid if note.fid is not None else -1 - k] = (note, url, title)
    return out


def _orphan_owners(
    articles: list[RawArticle], footnotes: list[RawFootnote]
) -> dict[int, RawArticle]:
    """The article each footnote without a marker belongs to, by ``id()`` of the footnote.

    It is the article of the footnote printed just before it on the same page, when that one
    has a marker; otherwise the article the footnote is printed in.
    """
    by_fid: dict[int, RawArticle] = {}
    for raw in articles:
        for para in raw.body:
            for match in _TOKEN.finditer(para):
                by_fid[int(match.group(1))] = raw
    owners: dict[int, RawArticle] = {}
    previous: tuple[int, RawArticle | None] = (-1, None)  # (page, article) of the last note
    for note in footnotes:
        owner = by_fid.get(note.fid) if note.fid is not None else None
        if note.fid is None:
            owner = previous[1] if previous[0] == note.page else None
            if owner is None:
                printed_in = [a for a in articles if a.first_line <= note.line]
                owner = printed_in[-1] if printed_in else None
            if owner is not None:
                owners[id(note)] = owner
        previous = (note.page, owner)
    return owners


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown(paragraphs: list[str]) -> tuple[str, str | None]:
    """Body Markdown and the editor's note, from the article's paragraphs."""
    editor_note = None
    blocks: list[str] = []
    quoting = False
    for k, para in enumerate(paragraphs):
        if k == 0 and _EDITOR_NOTE.match(para):
            editor_note = _escape(_EDITOR_NOTE.sub("", para))
            continue
        text = _escape(para)
        if para.strip() == _EXTENSION:
            quoting = True
            blocks.append(f"> **{_EXTENSION}**")
            continue
        if _HEADING.match(para) and len(para) <= 60 and not para.endswith("。"):
            text = f"### {text}"
        elif re.match(r"^\d+\.\s", para):
            pass  # numbered items stay Markdown list items
        elif re.match(r"^\d+\.", para):
            text = text.replace(".", "\\.", 1)
        blocks.append(f"> {text}" if quoting else text)
    return "\n\n".join(blocks), editor_note


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
    notes: dict[int, tuple[RawFootnote, str | None, str | None]],
    orphans: list[RawFootnote],
) -> Article:
    body, editor_note = _markdown(raw.body)
    footnotes: list[Footnote] = []
    renumber: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        fid = int(match.group(1))
        if fid not in renumber:
            _note, url, title = notes[fid]
            renumber[fid] = len(footnotes) + 1
            footnotes.append(Footnote(n=renumber[fid], url=url, title=title))
        return f"[^{renumber[fid]}]"

    editor_note = _TOKEN.sub(replace, editor_note) if editor_note else None
    body = _TOKEN.sub(replace, body)
    by_note = {id(entry[0]): entry for entry in notes.values()}
    for orphan in orphans:
        _note, url, title = by_note[id(orphan)]
        footnotes.append(Footnote(n=len(footnotes) + 1, url=url, title=title))
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
    )
