"""Article bodies from Markdown to HTML: raw HTML off, footnote references linked both ways."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

from briefgen.body import Heading, headings, page_tokens

__all__ = ["Heading", "headings", "render_markdown", "safe_url"]

# The renderer only: bodies are parsed, and their headings and paragraphs numbered, by
# ``briefgen.body``, which search reads too.
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_REF = re.compile(r"\[\^(\d{1,9})\]")


_SAFE_SCHEMES = {"http", "https", "ftp"}
#: An image with no source is a figure the archive does not have: ``![图 1 …]()``.
_MISSING_FIGURE = re.compile(r'<p( id="[^"]*")?><img src="" alt="([^"]*)" /></p>')


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


def render_markdown(text: str, footnotes: set[int], prefix: str = "fn", ids: str = "") -> Markup:
    """HTML for a body; ``[^n]`` becomes a link to footnote n when the article has one.
    Headings and paragraphs carry the ids ``briefgen.body`` numbers them with (``ids`` first)."""
    html = _MD.renderer.render(page_tokens(text, ids), _MD.options, {})
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
    # The alt text is already escaped by markdown-it; it becomes the caption. The figure
    # keeps the paragraph's id: a search result may link to its caption.
    return (
        f'<figure{match.group(1) or ""} class="figure-missing">'
        '<span class="figure-box" aria-hidden="true">▨</span>'
        f"<figcaption>{match.group(2)}</figcaption></figure>"
    )
