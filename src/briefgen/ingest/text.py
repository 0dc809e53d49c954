"""Parse the extracted text of an issue into article records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.ingest.articles import assemble_articles
from briefgen.ingest.extracted import looks_extracted, split_extracted
from briefgen.ingest.front import split_front_matter
from briefgen.ingest.layouts import KNOWN, Layout, LayoutSet
from briefgen.ingest.pages import attach_markers, split_pages
from briefgen.ingest.structure import build_paragraphs, find_articles
from briefgen.records import Article


@dataclass(frozen=True, slots=True)
class ParsedText:
    articles: list[Article]
    running_header: str | None
    layout: Layout
    watermark: str | None = None
    #: The masthead's lines at the text's start (publication, issue number, date), if any.
    masthead: tuple[str, ...] = ()


def parse_text(text: str, path: Path, layouts: LayoutSet = KNOWN) -> ParsedText:
    """Records for every article of an issue's text; ParseError when the layout is not known."""
    front = split_front_matter(text)
    reader = split_extracted if looks_extracted(front.text) else split_pages
    pages = reader(front.text)
    attach_markers(pages)
    raw_articles = find_articles(build_paragraphs(pages.body, layouts), layouts)
    first_line = next((i + 1 for i, line in enumerate(front.text.split("\n")) if line.strip()), 1)
    found = assemble_articles(raw_articles, pages.footnotes, path, first_line, layouts=layouts)
    return ParsedText(
        found.articles,
        pages.running_header,
        found.layout,
        pages.watermark,
        tuple(front.masthead),
    )
