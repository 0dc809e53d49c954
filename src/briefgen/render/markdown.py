"""Article bodies from Markdown to HTML: raw HTML off, footnote references linked both ways."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in a record is shown as text; markdown-it refuses javascript:, vbscript: and file:
# links by itself.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_REF = re.compile(r"\[\^(\d{1,9})\]")
_MARKUP = re.compile(r"\[\^\d+\]|\\(?=.)|\*\*|`")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of an article body, for its table of contents."""

    id: str  # "h-1", "h-2", … in body order
    text: str
    level: int  # as rendered: 2 for the body's top headings


def _levelled(text: str) -> list:
    """The body's tokens with ids on headings, shifted one level down: body headings
    ("### 一、…") sit under the page's h1."""
    tokens = _MD.parse(text)
    count = 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{max(2, int(token.tag[1]) - 1)}"
        if token.type == "heading_open":
            count += 1
            token.attrSet("id", f"h-{count}")
    return tokens


def headings(text: str) -> list[Heading]:
    """The body's headings in order, with the ids ``render_markdown`` gives them."""
    if "#" not in text:  # most bodies have none: skip parsing them a second time
        return []
    tokens = _levelled(text)
    return [
        Heading(
            str(token.attrGet("id")),
            _MARKUP.sub("", tokens[k + 1].content).strip(),
            int(token.tag[1]),
        )
        for k, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


_SAFE_SCHEMES = {"http", "https", "ftp"}
#: An image with no source is a figure the archive does not have: ``![图 1 …]()``.
_MISSING_FIGURE = re.compile(r'<p><img src="" alt="([^"]*)" /></p>')


def safe_url(url: str | None) -> str | None:
    """The URL when it is one a reader may follow (http, https, ftp), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in _SAFE_SCHEMES else None


def _link_open(renderer, tokens, idx, options, env):  # type: ignore[no-untyped-def]
    """Links out of the site neither give the target page a handle on ours nor a referrer."""
    token = tokens[idx]
    if safe_url(str(token.attrGet("href") or "")):
        token.attrSet("rel", "noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


_MD.add_render_rule("link_open", _link_open)


def render_markdown(text: str, footnotes: set[int], prefix: str = "fn") -> Markup:
    """HTML for a body; ``[^n]`` becomes a link to footnote n when the article has one."""
    html = _MD.renderer.render(_levelled(text), _MD.options, {})
    html = _MISSING_FIGURE.sub(_figure_placeholder, html)
    seen: set[int] = set()

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in footnotes:
            return match.group(0)
        back = "" if n in seen else f' id="{prefix}ref-{n}"'
        seen.add(n)
        return f'<sup class="fnref"><a href="#{prefix}-{n}"{back} role="doc-noteref">{n}</a></sup>'

    return Markup(_REF.sub(link, html))


def _figure_placeholder(match: re.Match[str]) -> str:
    # The alt text is already escaped by markdown-it; it becomes the caption.
    return (
        '<figure class="figure-missing"><span class="figure-box" aria-hidden="true">▨</span>'
        f"<figcaption>{match.group(1)}</figcaption></figure>"
    )
