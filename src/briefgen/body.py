"""An article body's structure: its headings and numbered passages, with the ids the page gives
them. The page (``render.markdown``) and search (``search.index``) both read them from here, so
a search result's passage link always names an anchor the article page has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Raw HTML in a record is shown as text; markdown-it refuses javascript:, vbscript: and file:
# links by itself.
PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKUP = re.compile(r"\[\^\d+\]|\\(?=.)|\*\*|`")
_NOTE_MARK = re.compile(r"\[\^\d{1,9}\]")
#: The anchors of an editor's note, kept apart from the body's in the same page.
NOTE_IDS = "note-"


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of an article body, for its table of contents."""

    id: str  # "h-1", "h-2", … in body order
    text: str
    level: int  # as rendered: 2 for the body's top headings


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph of the page as search shows it: the anchor it has in the article page, the
    heading it sits under ("" before the first heading) and its text as the reader sees it."""

    id: str  # "p-1", "p-2", … in body order; "note-p-1" … in the editor's note
    heading: str
    text: str


def numbered_tokens(text: str, ids: str = "") -> list[Token]:
    """The body's tokens with ids on headings (``h-N``) and paragraphs (``p-N``), headings
    shifted one level down: body headings ("### 一、…") sit under the page's h1.

    A paragraph of a tight list renders without its ``<p>``: its list item takes the id.
    ``ids`` prefixes every id (``NOTE_IDS`` for an editor's note). The numbers depend on the
    body alone, so an unchanged body keeps its anchors.
    """
    tokens = PARSER.parse(text)
    headings = paragraphs = 0
    items: list[Token] = []  # the list items open around the current token
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(2, int(token.tag[1]) - 1)}"
        if token.type == "heading_open":
            headings += 1
            token.attrSet("id", f"{ids}h-{headings}")
        elif token.type == "list_item_open":
            items.append(token)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "paragraph_open":
            holder = items[-1] if token.hidden and items else token
            if holder.attrGet("id") is None:
                paragraphs += 1
                holder.attrSet("id", f"{ids}p-{paragraphs}")
    return tokens


@lru_cache(maxsize=4)
def page_tokens(text: str, ids: str = "") -> list[Token]:
    """``numbered_tokens``, kept for the last few bodies: an article page finds its headings
    and renders its body (and its editor's note) from one parse. Not to be changed: the page
    renders from them as they are."""
    return numbered_tokens(text, ids)


def headings(text: str) -> list[Heading]:
    """The body's headings in order, with the ids the page gives them."""
    if "#" not in text:  # most bodies have none
        return []
    tokens = page_tokens(text)
    return [
        Heading(str(token.attrGet("id")), _heading_text(tokens[k + 1]), int(token.tag[1]))
        for k, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def passages(text: str, ids: str = "") -> list[Passage]:
    """Every paragraph of the body with the id the page gives it, in order."""
    tokens = numbered_tokens(text, ids)
    found: dict[str, list[str]] = {}  # id -> texts (two paragraphs of one list item share it)
    under: dict[str, str] = {}
    heading = ""
    items: list[Token] = []
    for k, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = _heading_text(tokens[k + 1])
        elif token.type == "list_item_open":
            items.append(token)
        elif token.type == "list_item_close":
            items.pop()
        elif token.type == "paragraph_open":
            holder = items[-1] if token.hidden and items else token
            anchor = str(holder.attrGet("id"))
            found.setdefault(anchor, []).append(inline_text(tokens[k + 1]))
            under.setdefault(anchor, heading)
    return [
        Passage(anchor, under[anchor], " ".join(t for t in texts if t))
        for anchor, texts in found.items()
        if any(texts)
    ]


def _heading_text(inline: Token) -> str:
    return _MARKUP.sub("", inline.content).strip()


def inline_text(inline: Token) -> str:
    """A paragraph's text as the page shows it: link and emphasis marks gone, an image by its
    description, line breaks as spaces, note markers dropped (the page shows them as numbers)."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append("".join(c.content for c in child.children or []))
    text = _NOTE_MARK.sub("", "".join(parts))
    return re.sub(r"\s+", " ", text).strip()
