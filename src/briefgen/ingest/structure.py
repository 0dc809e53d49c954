"""Find sections, titles, bodies and author lines in the paragraphs of an issue."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from briefgen.ingest.displaced import PassedTitle, passed_title
from briefgen.ingest.layouts import (
    CJK,
    DATELINE,
    KNOWN,
    ORIGINAL_TITLE,
    Attribution,
    Layout,
    LayoutSet,
    section_name,
)
from briefgen.ingest.marked import MarkedText, Marker
from briefgen.ingest.pages import BodyLine

#: Each URL runs to a space or the end, so a long line of URLs has one way to match (with
#: ``\S+\s*`` a failing line was tried in every split of its URLs: exponential).
_URL_ONLY = re.compile(r"^(?:(?:https?|ftp)://\S+(?:\s+|$))+$")
#: Pieces of URLs as OCR leaves them: no Chinese, no colon-and-space, a full-width comma at
#: most (Tesseract's for a misread dot).
_URL_PIECES = re.compile(r"^[\x21-\x7e，]+(?:[ \t]+[\x21-\x7e，]+)*$")
_SCHEME_START = re.compile(r"^(?:https?|ftp)://")


@dataclass(slots=True)
class Paragraph:
    text: str
    first_line: int
    last_line: int
    #: What the typography said, when the source has it (PDF): "section", "title", "heading"
    #: (larger than body text, level unknown) or "body". None for plain text.
    role: str | None = None
    #: Footnote markers that stood in the text.
    markers: tuple[Marker, ...] = ()

    @classmethod
    def of_line(cls, line: BodyLine, role: str | None = None) -> Paragraph:
        return cls(line.text, line.no, line.no, role, line.markers)

    @property
    def marked(self) -> MarkedText:
        return MarkedText(self.text, self.markers)

    def stripped(self) -> Paragraph:
        marked = self.marked.strip()
        return Paragraph(marked.text, self.first_line, self.last_line, self.role, marked.markers)

    def extend(self, joined: str, line: BodyLine) -> None:
        """``joined`` is this paragraph's text with ``line`` joined to its end."""
        extended = self.marked.joined(joined, line.marked)
        self.text, self.markers, self.last_line = extended.text, extended.markers, line.no


@dataclass(slots=True)
class RawArticle:
    """An article as found in the text, before it becomes a record."""

    section: str | None
    title: str
    first_line: int
    last_line: int
    tags: list[str] = field(default_factory=list)
    #: Body paragraphs, stripped.
    body: list[Paragraph] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list)
    original_title: str | None = None
    #: The layout whose attribution ended the article; None when the next title cut it off.
    ending: Layout | None = None


def _looks_like_body(text: str) -> bool:
    return len(text) > 60 or text.rstrip().endswith(("。", "！", "？", ".", "；"))


class _State(enum.Enum):
    BOUNDARY = "between articles"
    BODY = "in an article's body"
    #: After an attribution that source URLs and 原文标题 may follow (供稿自 layouts).
    END_BLOCK = "in an article's end block"


class _Walk:
    """Section header → title → body → attribution (→ end block), repeated."""

    def __init__(self, layouts: LayoutSet, openers: LayoutSet) -> None:
        self.layouts = layouts
        #: The layouts whose author lines may open an article (作者：张三 under its title):
        #: other houses' bylines too, which end none in an issue of the houses' own.
        self.openers = openers
        self.articles: list[RawArticle] = []
        self.section: str | None = None
        self.current: RawArticle | None = None
        self.state = _State.BOUNDARY
        #: This issue's author lines stand under the titles: the next one after a title
        #: opens that title's article.
        self.bylines_open = False

    def step(self, para: Paragraph, role: str | None, nxt: str) -> None:
        text = para.text.strip()
        if role == "section":
            self.section = section_name(text) or re.sub(r"\s+", "", text)
            self.state = _State.BOUNDARY
            return
        if role == "title":
            self._start(para)
            return
        current = self.current
        if self.state is _State.BODY and current is not None:
            if self._in_body(current, para, role, nxt):
                return
        if self.state is _State.END_BLOCK and current is not None and _in_end_block(current, para):
            return
        late = self.layouts.attribution(text, bracketed_only=True)
        if late is not None and current is not None and not current.authors:
            current.authors, current.last_line = late.names, para.last_line
            return
        if role == "body":
            # The typography says this is no heading: text after an article's end block.
            if current is not None:
                current.body.append(para.stripped())
                current.last_line = para.last_line
            return
        name = section_name(text)
        if name and not self.layouts.tagged(text) and not _looks_like_body(nxt) and nxt:
            self.section, self.state = name, _State.BOUNDARY
            return
        self._start(para)

    def _in_body(self, current: RawArticle, para: Paragraph, role: str | None, nxt: str) -> bool:
        """Take ``para`` as the article's attribution or body; False when it starts another."""
        text = para.text.strip()
        if self._opens(current, para):
            return True
        attribution = self.layouts.attribution(text)
        if attribution is None and self.bylines_open:
            attribution = self.openers.attribution(text)  # the byline of the next title
        if attribution is not None:
            self._ends(current, para, attribution, untyped=role is None, nxt=nxt)
            return True
        if not self.layouts.tagged(text) or role == "body":
            current.body.append(para.stripped())
            current.last_line = para.last_line
            return True
        return False  # a tagged title starts the next article even without an attribution

    def _opens(self, current: RawArticle, para: Paragraph) -> bool:
        """Take ``para`` as a byline under the title (a dateline at most before it), if it
        is one: the article goes on."""
        if any(not DATELINE.match(p.text) for p in current.body):
            return False
        byline = self.openers.attribution(para.text.strip())
        if byline is None or byline.layout.end_block:
            return False
        current.authors, current.ending = byline.names, byline.layout
        current.last_line = para.last_line
        self.bylines_open = True
        return True

    def _ends(
        self,
        current: RawArticle,
        para: Paragraph,
        attribution: Attribution,
        untyped: bool,
        nxt: str,
    ) -> None:
        """``para``, an author line in ``current``'s body, ends it. In a text (``untyped``:
        where the type told titles, a PDF's, they stand where printed) the next title may be
        in the body: in an issue whose bylines stand under the titles, one after a title opens
        that title's article instead; and text, no title, after an author line says the
        extractor read the line after the next title."""
        texts = [p.text for p in current.body]
        opens_next = untyped and self.bylines_open
        dated = 0  # datelines under the next title, before its byline
        while opens_next and dated < len(texts) and DATELINE.match(texts[-1 - dated]):
            dated += 1
        before = texts[: len(texts) - dated]
        displaced = untyped and _looks_like_body(nxt)
        passed = passed_title(before) if displaced or opens_next else None
        title, under = self._take_title(current, passed) if passed is not None else (None, [])
        if opens_next and title is not None:
            opened = self._start(title)
            opened.body = under
            opened.authors, opened.ending = attribution.names, attribution.layout
            opened.last_line = para.last_line
            return
        current.authors, current.ending = attribution.names, attribution.layout
        current.source_urls += attribution.urls
        current.last_line = para.last_line
        self.state = _State.END_BLOCK if attribution.layout.end_block else _State.BOUNDARY
        if title is not None:
            self._start(title)

    def _take_title(
        self, current: RawArticle, passed: PassedTitle
    ) -> tuple[Paragraph, list[Paragraph]]:
        """Take the next article's title (and the section's name before it) off the end of
        ``current``'s body, with the paragraphs after the title (its datelines)."""
        title, under = current.body[passed.at], current.body[passed.at + 1 :]
        if passed.sectioned:
            self.section = section_name(current.body[passed.at - 1].text)
        current.body = current.body[: passed.at - passed.sectioned]
        return title, under

    def _start(self, para: Paragraph) -> RawArticle:
        tags, title = self.layouts.split_tags(para.text.strip())
        self.current = RawArticle(
            section=self.section,
            title=title,
            tags=tags,
            first_line=para.first_line,
            last_line=para.last_line,
        )
        self.articles.append(self.current)
        self.state = _State.BODY
        return self.current


def _in_end_block(current: RawArticle, para: Paragraph) -> bool:
    """Take ``para`` as source URLs or the original title after an attribution, if it is."""
    text = para.text.strip()
    original = ORIGINAL_TITLE.match(text)
    if _URL_ONLY.match(text):
        current.source_urls += text.split()
    elif _URL_PIECES.match(text) and _continues_urls(current, text):
        _add_url_pieces(current, text)
    elif original:
        current.original_title = original.group("rest").strip()
    elif current.original_title and not re.search(f"[{CJK}]", text):
        current.original_title += " " + text  # an English title wrapped in two
    else:
        return False
    current.last_line = para.last_line
    return True


def _continues_urls(current: RawArticle, text: str) -> bool:
    """Whether Latin ``text`` after an attribution goes on its source URLs: before the original
    title, after a URL or starting one."""
    return not current.original_title and bool(current.source_urls or _SCHEME_START.match(text))


def _add_url_pieces(current: RawArticle, text: str) -> None:
    """Source URLs that OCR spaced apart or cut where they no longer run on ("…/strategy-"
    then "onductor manufacturing"; "http://cn.nikkei， appliance/55055…. html?print= 1"): each
    piece that starts with a scheme starts a URL, the others go on the URL before them. The
    URL stays as read; ``check`` flags what cannot be right in it."""
    for piece in text.split():
        if _SCHEME_START.match(piece) or not current.source_urls:
            current.source_urls.append(piece)
        else:
            current.source_urls[-1] += piece


def find_articles(paragraphs: list[Paragraph], layouts: LayoutSet = KNOWN) -> list[RawArticle]:
    """The articles in an issue's paragraphs, each with the layout whose attribution ended it:
    read in the houses' own layouts first, and in the weak ones too (other houses' bylines)
    only where none of theirs ends an article."""
    articles = _walk(paragraphs, layouts.strong, layouts)
    if layouts.weak and not any(article.ending for article in articles):
        articles = _walk(paragraphs, layouts, layouts)
    return articles


def _walk(paragraphs: list[Paragraph], layouts: LayoutSet, openers: LayoutSet) -> list[RawArticle]:
    walk = _Walk(layouts, openers)
    for k, para in enumerate(paragraphs):
        following = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
        role = _resolve_role(para, following, layouts)
        walk.step(para, role, following.text.strip() if following else "")
    return walk.articles


def _resolve_role(para: Paragraph, following: Paragraph | None, layouts: LayoutSet) -> str | None:
    """A heading of unknown level is a section when it is a short name with a heading after it."""
    if para.role != "heading":
        return para.role
    if following is not None and following.role in ("heading", "title"):
        if section_name(para.text) and not layouts.tagged(para.text):
            return "section"
    return "title"
