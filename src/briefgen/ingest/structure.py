"""Find sections, titles, bodies and author lines in the running text of an issue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.ingest.pages import CJK, BodyLine, continues_url, is_wide

# （执笔：沈湘 王丽）, （董金鑫）, （袁 洁）, (执笔：沈湘)
_AUTHOR = re.compile(
    rf"^[（(]\s*(?:(?:执笔|作者|编译|撰稿|供稿)\s*[:：]\s*)?([{CJK}·][{CJK}·\s、，,]{{0,30}})\s*[）)]$"
)
# 黄茹 供稿自 https://…
_CONTRIBUTOR = re.compile(rf"^([{CJK}·]{{2,5}}(?:[\s、，,]+[{CJK}·]{{2,5}})*)\s*供稿自\s*(.*)$")
_ORIGINAL_TITLE = re.compile(r"^原文标题\s*[:：]\s*(.*)$")
_TAGGED_TITLE = re.compile(r"^[\[［【]([^\]］】]{1,16})[\]］】]\s*(.+)$")
#: Each URL runs to a space or the end, so a long line of URLs has one way to match (with
#: ``\S+\s*`` a failing line was tried in every split of its URLs: exponential).
_URL_ONLY = re.compile(r"^(?:(?:https?|ftp)://\S+(?:\s+|$))+$")
_SECTION = re.compile(rf"^[{CJK}]{{2,10}}$")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class Paragraph:
    text: str
    first_line: int
    last_line: int
    #: What the typography said, when the source has it (PDF): "section", "title", "heading"
    #: (larger than body text, level unknown) or "body". None for plain text.
    role: str | None = None


@dataclass(slots=True)
class RawArticle:
    """An article as found in the text, before it becomes a record."""

    section: str | None
    title: str
    first_line: int
    last_line: int
    tags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list)
    original_title: str | None = None
    #: How the article ended: "author", "contributor" or None when the next title cut it off.
    ending: str | None = None


def _width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)


def _typical_width(lines: list[BodyLine]) -> int:
    """The width of a full body line: lines the layout wrapped (no trailing space) are full."""
    widths = sorted(_width(line.text) for line in lines if not line.trailing_space)
    return widths[len(widths) // 2] if widths else 0


def _max_width(lines: list[BodyLine]) -> int:
    widths = sorted(_width(line.text) for line in lines)
    return widths[int(len(widths) * 0.95)] if widths else 0


_SENTENCE_END = ("。", "！", "？", "；", "：", "”", "）", ".", "!", "?")


def _continues_latin(prev: str, line: str, nxt: str, full: int) -> bool:
    """A wide line ending in a Latin word, the next starting with one: the break is a space.

    A short line ("（3）ReCreateIt") ends its paragraph even when the next starts in Latin.
    """
    return (
        bool(prev)
        and not is_wide(prev[-1])
        and prev[-1] not in ")）"
        and bool(_LATIN_LETTER.match(nxt[:1]))
        and _width(line) >= 0.6 * full
    )


def _join(prev: str, line: BodyLine, space_between_latin: bool) -> str:
    if not prev:
        return line.text
    if continues_url(prev, line.text, no_space_at_break=False):
        return prev + line.text  # a URL wrapped at the line end goes on here
    if space_between_latin and not is_wide(prev[-1]) and not is_wide(line.text[0]):
        return f"{prev} {line.text}"
    return prev + line.text


def stands_alone(text: str) -> bool:
    """Lines that are a paragraph of their own whatever the whitespace around them says."""
    return bool(
        _AUTHOR.match(text)
        or _CONTRIBUTOR.match(text)
        or _TAGGED_TITLE.match(text)
        or _ORIGINAL_TITLE.match(text)
    )


def _paragraph_signal(lines: list[BodyLine]) -> str:
    """Which signal marks paragraph ends in this text: "trailing", "blank" or "width".

    PDF extractors leave a trailing space at paragraph ends (and a blank line after every
    line, which then means nothing); hand-made text separates paragraphs by blank lines; text
    with neither is reflowed by line width and final punctuation.
    """
    if not lines:
        return "trailing"
    if sum(line.trailing_space for line in lines) >= 0.1 * len(lines):
        return "trailing"
    blanks = sum(line.blank_before for line in lines[1:])
    if 0 < blanks < 0.95 * (len(lines) - 1):
        return "blank"
    return "width"


def build_paragraphs(lines: list[BodyLine]) -> list[Paragraph]:
    """Reflow hard-wrapped lines into paragraphs.

    In extracted text a trailing space ends a paragraph, except after a Latin word followed by
    another Latin word on the next line: that is only the space between two words.
    """
    paragraphs: list[Paragraph] = []
    signal = _paragraph_signal(lines)
    full = _typical_width(lines) if signal == "trailing" else _max_width(lines)
    text, first, last, space = "", 0, 0, False
    for k, line in enumerate(lines):
        following = lines[k + 1] if k + 1 < len(lines) else None
        nxt = following.text if following else ""
        if text and stands_alone(line.text):
            paragraphs.append(Paragraph(text, first, last))
            text = ""
        if not text:
            first = line.no
        text = _join(text, line, space)
        last = line.no
        if signal == "trailing":
            space = line.trailing_space
            ends = line.trailing_space and not _continues_latin(text, line.text, nxt, full)
        else:
            space = not text.endswith("-")
            if signal == "blank":
                ends = following is None or following.blank_before
            else:
                short = _width(line.text) < 0.85 * full
                ends = short and (
                    line.text.endswith(_SENTENCE_END) or _width(line.text) < 0.6 * full
                )
        if ends or stands_alone(line.text) or stands_alone(nxt):
            paragraphs.append(Paragraph(text, first, last))
            text = ""
    if text:
        paragraphs.append(Paragraph(text, first, last))
    return paragraphs


def parse_authors(text: str) -> list[str] | None:
    """Names from an author line, or None when the paragraph is not one.

    "（袁 洁）" is one name printed letter-spaced; "（沈湘 王丽）" is two names.
    """
    match = _AUTHOR.match(text.strip())
    if not match:
        return None
    names: list[str] = []
    pending = ""
    for token in re.split(r"[\s、，,]+", match.group(1).strip()):
        if len(token) == 1:
            pending += token
            continue
        if pending:
            names.append(pending)
            pending = ""
        names.append(token)
    if pending:
        names.append(pending)
    if not names or any(len(n) > 5 or len(n) < 2 for n in names):
        return None
    return names


def _section_name(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text)
    return compact if _SECTION.match(compact) else None


def _looks_like_body(text: str) -> bool:
    return len(text) > 60 or text.rstrip().endswith(("。", "！", "？", ".", "；"))


#: A title carries a tag or two ("【芯片】【美国】…"); more would be scanned once each, in a
#: long line of brackets that is quadratic.
_MAX_TITLE_TAGS = 8


def _split_tags(title: str) -> tuple[list[str], str]:
    tags: list[str] = []
    while len(tags) < _MAX_TITLE_TAGS and (match := _TAGGED_TITLE.match(title)):
        tags.append(match.group(1).strip())
        title = match.group(2).strip()
    return tags, title


def find_articles(paragraphs: list[Paragraph]) -> list[RawArticle]:
    """Walk the paragraphs: section header → title → body → author line, repeated."""
    articles: list[RawArticle] = []
    section: str | None = None
    current: RawArticle | None = None
    state = "boundary"  # boundary | body | endblock (after "供稿自", URLs and 原文标题 follow)
    for k, para in enumerate(paragraphs):
        text = para.text.strip()
        nxt = paragraphs[k + 1].text.strip() if k + 1 < len(paragraphs) else ""
        role = _resolve_role(para, paragraphs[k + 1] if k + 1 < len(paragraphs) else None)
        if role == "section":
            section, state = re.sub(r"\s+", "", text), "boundary"
            continue
        if role == "title":
            current = _start_article(articles, section, para)
            state = "body"
            continue
        if state == "body":
            assert current is not None
            authors = parse_authors(text)
            contributor = _CONTRIBUTOR.match(text)
            if authors is not None:
                current.authors, current.ending, current.last_line = (
                    authors,
                    "author",
                    para.last_line,
                )
                state = "boundary"
                continue
            if contributor:
                current.authors = parse_authors(f"（{contributor.group(1)}）") or []
                current.source_urls += re.findall(r"(?:https?|ftp)://\S+", contributor.group(2))
                current.ending, current.last_line = "contributor", para.last_line
                state = "endblock"
                continue
            if not _TAGGED_TITLE.match(text) or role == "body":
                current.body.append(text)
                current.last_line = para.last_line
                continue
            # A tagged title starts the next article even without an author line before it.
        if state == "endblock":
            assert current is not None
            original = _ORIGINAL_TITLE.match(text)
            if _URL_ONLY.match(text):
                current.source_urls += text.split()
                current.last_line = para.last_line
                continue
            if original:
                current.original_title = original.group(1).strip()
                current.last_line = para.last_line
                continue
            if current.original_title and not re.search(f"[{CJK}]", text):
                current.original_title += " " + text  # an English title wrapped in two
                current.last_line = para.last_line
                continue
        if parse_authors(text) is not None and current is not None and not current.authors:
            current.authors, current.last_line = parse_authors(text) or [], para.last_line
            continue
        if role == "body":
            # The typography says this is no heading: text after an article's end block.
            if current is not None:
                current.body.append(text)
                current.last_line = para.last_line
            continue
        name = _section_name(text)
        if name and not _TAGGED_TITLE.match(text) and not _looks_like_body(nxt) and nxt:
            section = name
            state = "boundary"
            continue
        current = _start_article(articles, section, para)
        state = "body"
    return articles


def _resolve_role(para: Paragraph, following: Paragraph | None) -> str | None:
    """A heading of unknown level is a section when it is a short name with a heading after it."""
    if para.role != "heading":
        return para.role
    if following is not None and following.role in ("heading", "title"):
        if _section_name(para.text) and not _TAGGED_TITLE.match(para.text.strip()):
            return "section"
    return "title"


def _start_article(articles: list[RawArticle], section: str | None, para: Paragraph) -> RawArticle:
    tags, title = _split_tags(para.text.strip())
    article = RawArticle(
        section=section,
        title=title,
        tags=tags,
        first_line=para.first_line,
        last_line=para.last_line,
    )
    articles.append(article)
    return article
