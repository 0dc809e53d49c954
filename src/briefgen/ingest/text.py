"""Parse the extracted text of an issue into article records."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import ParseError
from briefgen.ingest.pages import (
    MARK_CLOSE,
    MARK_OPEN,
    PageText,
    RawFootnote,
    attach_markers,
    footnote_fields,
    join_footnote_parts,
    split_pages,
)
from briefgen.ingest.structure import RawArticle, build_paragraphs, find_articles
from briefgen.records import Article, Footnote

log = logging.getLogger(__name__)

_TOKEN = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）)")
_EXTENSION = "【快报延伸】"
_EDITOR_NOTE = re.compile(r"^编者按\s*[:：]\s*")


@dataclass(frozen=True, slots=True)
class ParsedText:
    articles: list[Article]
    running_header: str | None


def parse_text(text: str, path: Path) -> ParsedText:
    """Records for every article of an issue's text; ParseError when the layout is not known."""
    pages = split_pages(text)
    attach_markers(pages)
    raw_articles = find_articles(build_paragraphs(pages.body))
    _check_layout(raw_articles, path, text)
    notes = _footnotes_by_id(pages)
    articles = [
        _to_article(i + 1, raw, notes, _orphans(raw, raw_articles, pages))
        for i, raw in enumerate(raw_articles)
    ]
    return ParsedText(articles=articles, running_header=pages.running_header)


def _check_layout(articles: list[RawArticle], path: Path, text: str) -> None:
    ended = [a for a in articles if a.ending]
    if not ended:
        first = next((i + 1 for i, line in enumerate(text.split("\n")) if line.strip()), 1)
        raise ParseError(
            path,
            first,
            "no article found: expected articles that end with an author line such as "
            "（执笔：沈湘 王丽） or （董金鑫）, or with '姓名 供稿自 URL'; unknown layout",
        )
    for article in articles:
        if len(article.title) > 120:
            raise ParseError(
                path,
                article.first_line,
                f"unknown layout: a {len(article.title)}-character title was found "
                f"({article.title[:30]}…); expected a title line before each article",
            )
        if not article.ending:
            log.warning(
                "%s:%d: article %r has no author line; check where it ends",
                path,
                article.first_line,
                article.title,
            )


def _footnotes_by_id(pages: PageText) -> dict[int, tuple[RawFootnote, str | None, str | None]]:
    out: dict[int, tuple[RawFootnote, str | None, str | None]] = {}
    seen: dict[int, list[str]] = {}
    for k, note in enumerate(pages.footnotes):
        url, title = footnote_fields(
            join_footnote_parts(note.parts, note.trailing), seen.setdefault(note.page, [])
        )
        # Unmatched footnotes get ids past the matched ones, so both live in one table.
        out[note.fid if note.fid is not None else -1 - k] = (note, url, title)
    return out


def _orphans(raw: RawArticle, articles: list[RawArticle], pages: PageText) -> list[RawFootnote]:
    """Footnotes no marker points to, kept with the article they are printed in."""
    later = [a.first_line for a in articles if a.first_line > raw.first_line]
    end = min(later) if later else float("inf")
    return [n for n in pages.footnotes if n.fid is None and raw.first_line <= n.line < end]


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
