"""Parse the extracted text of an issue into article records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.ingest.articles import assemble_articles
from briefgen.ingest.extracted import looks_extracted, split_extracted
from briefgen.ingest.front import split_front_matter
from briefgen.ingest.layouts import BY_TITLE_SHAPE, KNOWN, Layout, LayoutSet
from briefgen.ingest.pages import BodyLine, attach_markers, split_pages
from briefgen.ingest.pdf_chars import clean_text
from briefgen.ingest.structure import RawArticle, find_articles
from briefgen.ingest.text_paragraphs import build_paragraphs
from briefgen.ingest.text_signs import circled_notes_in_digits
from briefgen.ingest.title_shapes import articles_by_title_shape
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
    """Records for every article of an issue's text; ParseError when the layout is not known.

    The text is most often what an extractor read out of the issue's PDF, with the look-alike
    characters the PDF's fonts map glyphs to ("供稿⾃" with the radical ⾃ for 自: wkhtmltopdf's
    prints), read as the characters they print."""
    front = split_front_matter(circled_notes_in_digits(clean_text(text)))
    reader = split_extracted if looks_extracted(front.text) else split_pages
    pages = reader(front.text)
    attach_markers(pages)
    raw_articles, fallback = _articles(pages.body, layouts)
    first_line = next((i + 1 for i, line in enumerate(front.text.split("\n")) if line.strip()), 1)
    found = assemble_articles(
        raw_articles, pages.footnotes, path, first_line, layouts=layouts, fallback=fallback
    )
    return ParsedText(
        found.articles,
        pages.running_header,
        found.layout,
        pages.watermark,
        tuple(front.masthead),
    )


#: Fewer articles than this read by their titles' shape is no issue read: it stays refused.
_FEWEST_BY_SHAPE = 2


def _articles(lines: list[BodyLine], layouts: LayoutSet) -> tuple[list[RawArticle], Layout | None]:
    """The articles as author lines end them; where none does, as their titles' shapes tell
    them apart, with the layout they were then read in (None: as author lines end them)."""
    paragraphs = build_paragraphs(lines, layouts)
    by_authors = find_articles(paragraphs, layouts)
    if any(article.ending for article in by_authors):
        return by_authors, None
    by_shape = articles_by_title_shape(lines, paragraphs, layouts)
    if len(by_shape) < _FEWEST_BY_SHAPE:
        return by_authors, None  # refused as before: what the walk found is what it reports
    return by_shape, BY_TITLE_SHAPE
