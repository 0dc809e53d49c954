"""The documents lunr indexes, lunr's index of them, and what the browser shows of each result.

Each article is segmented once (``segment`` cuts the words; the cache keeps them) into the
document lunr is given. The build counts the terms of those documents (``counts``) and
``shards`` writes the counts by term, so the browser fetches only what a query needs.
lunr.py's own index of the same documents, with its pipeline emptied, is the reference:
``lunr_json`` serialises it whole, as lunr.js loads it, for the tests that check the split
index ranks exactly as lunr does.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache as once
from importlib.metadata import version

import jieba
from lunr.builder import Builder
from lunr.index import Index

from briefgen.archive import Archive, Entry
from briefgen.body import NOTE_IDS, Passage, passages
from briefgen.cache import code_digest, key
from briefgen.english import source_title
from briefgen.i18n import EN, ZH
from briefgen.labels import date_text, issue_label, plain_text
from briefgen.records import Article
from briefgen.search import segment
from briefgen.search.counts import FIELDS, TermCounts, count_terms
from briefgen.search.segment import fold, tokens

_CJK_TERM = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One article as search sees it: what a result shows, and the text exact matches are in."""

    path: str
    title: str
    #: The article's own English title, or "": English results then show the Chinese title
    #: marked "in Chinese", as English pages do.
    title_en: str
    #: The English title of the source the article reports on (``english.source_title``).
    source_title: str
    #: The title of that source as printed (``原文标题``), in whatever language.
    original_title: str
    #: The issue's label in Chinese (the issue filter's value) and in English.
    issue: str
    issue_en: str
    section: str
    tags: list[str]
    authors: list[str]
    #: ISO date, or a month alone when only the month is known.
    date: str
    #: The date as Chinese and English pages write it, "(inferred)" included.
    date_zh: str
    date_en: str
    year: str
    text: str
    #: The editor's note's paragraphs, then the body's, with their anchors in the article page.
    passages: list[Passage]

    def exact_text(self) -> str:
        """Where an exact query string is looked for: the heading fields, then the body."""
        title = self.title_en or self.original_title
        return _exact([self.title, title, self.section, *self.tags, *self.authors], self.text)


def _exact(head: list[str], text: str) -> str:
    """``SearchDocument.exact_text`` of the heading fields ``head`` and the text."""
    return fold("\n".join(head) + "\n" + text)


def search_entries(archive: Archive) -> list[Entry]:
    """Every article, oldest issue first: a document's position is its ref.

    A newer issue's articles come after every older one, so adding an issue leaves every
    other article's ref, and every index file that does not hold the new one's words, as it
    was.
    """
    return [entry for issue in reversed(archive.issues) for entry in issue.articles]


def search_documents(
    archive: Archive, texts: list[ArticleText] | None = None
) -> list[SearchDocument]:
    """Every article in ``search_entries`` order: a document's position is its ref.
    ``texts`` are the articles' ``article_text``s in that order, when they are at hand."""
    return documents_of(archive, search_entries(archive), texts)


def documents_of(
    archive: Archive, entries: list[Entry], texts: list[ArticleText] | None = None
) -> list[SearchDocument]:
    """The documents of ``entries`` (articles of ``archive``), with their ``texts`` as
    ``search_documents`` takes them."""
    labels = {
        issue.meta.id: (issue_label(issue, ZH), issue_label(issue, EN)) for issue in archive.issues
    }
    read = texts if texts is not None else [article_text(e.article) for e in entries]
    return [
        _document(entry, *labels[entry.issue.id], text)
        for entry, text in zip(entries, read, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class FacetFields:
    """What the search filters read of an article (``manifest.write_facets``): the fields of
    its ``SearchDocument`` made from its records alone, without its text or date labels."""

    section: str
    tags: list[str]
    authors: list[str]
    year: str
    #: The issue's label in Chinese (the issue filter's value) and in English.
    issue: str
    issue_en: str
    #: ISO date, or a month alone (``SearchDocument.date``).
    date: str


def facet_fields(archive: Archive) -> list[FacetFields]:
    """Every article's ``FacetFields``, in ``search_entries`` order: the filters need every
    article's, a rebuild's result files only the changed issues' documents."""
    fields_of: list[FacetFields] = []
    for issue in reversed(archive.issues):
        labels = issue_label(issue, ZH), issue_label(issue, EN)
        for entry in issue.articles:
            article = entry.article
            year = str(entry.date.year) if entry.date else ""
            section = article.section or ""
            tags, authors = list(article.tags), list(article.authors)
            fields_of.append(FacetFields(section, tags, authors, year, *labels, entry.datetime))
    return fields_of


def exact_texts(archive: Archive) -> Iterator[str]:
    """Each article's ``SearchDocument.exact_text``, in ``search_entries`` order: one at a
    time, and without the passages (markdown parsed), which the gram counts do not read."""
    for entry in search_entries(archive):
        yield exact_text(entry)


def exact_text(entry: Entry) -> str:
    """One article's ``SearchDocument.exact_text``, without parsing its passages, nor making
    the rest of its document (its dates as pages write them cost a third as much again)."""
    article = entry.article
    title = article.title_en or article.original_title or ""
    head = [article.title, title, article.section or "", *article.tags, *article.authors]
    return _exact(head, _plain_text(article))


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What search shows of an article's body: made from the article alone, and slow to
    make (its markdown is parsed), so the cache keeps it (``blocks``)."""

    #: The editor's note and the body as plain text.
    text: str
    #: The editor's note's paragraphs, then the body's, with their anchors in the article page.
    passages: list[Passage]


def article_text(article: Article) -> ArticleText:
    note = passages(article.editor_note, NOTE_IDS) if article.editor_note else []
    return ArticleText(_plain_text(article), note + passages(article.body))


def _plain_text(article: Article) -> str:
    return plain_text("\n".join(p for p in (article.editor_note, article.body) if p), limit=10**9)


def _document(entry: Entry, issue_zh: str, issue_en: str, read: ArticleText) -> SearchDocument:
    article = entry.article
    return SearchDocument(
        path=entry.path,
        title=article.title,
        title_en=article.title_en or "",
        source_title=source_title(article) or "",
        original_title=article.original_title or "",
        issue=issue_zh,
        issue_en=issue_en,
        section=article.section or "",
        tags=list(article.tags),
        authors=list(article.authors),
        date=entry.datetime,
        date_zh=date_text(entry, ZH),
        date_en=date_text(entry, EN),
        year=str(entry.date.year) if entry.date else "",
        text=read.text,
        passages=read.passages,
    )


@once
def segmenter_digest() -> str:
    """What an article's index terms depend on besides the article: the segmenting code, and
    jieba and rjieba (which cuts the index terms). Once a process: the code does not change
    while it runs."""
    versions = (jieba.__version__, version("rjieba"))
    return code_digest(segment, sys.modules[__name__], versions=versions)


def segment_inputs(article: Article, archive: Archive) -> str:
    """Everything an article's index terms are made from, besides the code: its fields (its
    id and source lines aside) and the glossary's English names of its section and tags."""
    return json.dumps(
        [_shallow(article) | {"id": "", "lines": []}, _english(article, archive)],
        ensure_ascii=False,
        sort_keys=True,
        default=_shallow,
    )


def _shallow(record: object) -> dict[str, object]:
    """A dataclass's fields as a dict, nested records left for ``json.dumps`` to hand back
    here: the same JSON as ``asdict`` gives, without its deep copy of every list and string
    (most of the cost of keying 20,000 articles)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


def segments_key(article: Article, archive: Archive) -> str:
    """What an article's ``segment_fields`` are kept under (in its block's pack, ``blocks``)."""
    return key("segments", segmenter_digest(), segment_inputs(article, archive))


def _english(article: Article, archive: Archive) -> list[str]:
    """The glossary's English names of the article's section and tags ("" for none)."""
    english = [archive.glossary.english("section", article.section or "") or ""]
    return english + [archive.glossary.english("tag", t) or "" for t in article.tags]


def segment_fields(ref: int, article: Article, archive: Archive) -> dict[str, str]:
    """The document lunr indexes: each field's text as space-separated terms."""
    english = _english(article, archive)
    return {
        # A short ref: the position in the archive, which maps it back to the article.
        "id": str(ref),
        "title": " ".join(
            tokens(" ".join([article.title, article.title_en or "", article.original_title or ""]))
        ),
        "meta": " ".join(
            tokens(" ".join([*article.tags, *english, article.section or "", *article.authors]))
        ),
        "body": " ".join(tokens("\n".join([article.editor_note or "", article.body]))),
    }


@dataclass(frozen=True, slots=True)
class IndexedArchive:
    """The lunr index and the raw counts its weights come from, which the browser scores
    from at query time: a weight depends on archive-wide statistics (idf, average field
    length) that change with every issue added, the counts do not."""

    index: Index
    #: "field/ref" → term → how often the term stands in that field of that article.
    frequencies: dict[str, dict[str, int]]
    #: "field/ref" → how many terms that field of that article has.
    lengths: dict[str, int]

    def length_sums(self) -> list[int]:
        """Each field's total length over the archive, in FIELDS order (average = sum / N)."""
        sums = dict.fromkeys((name for name, _boost in FIELDS), 0)
        for field_ref, length in self.lengths.items():
            sums[field_ref.split("/", 1)[0]] += length
        return list(sums.values())


def lunr_documents(archive: Archive) -> Iterator[dict[str, str]]:
    """The document lunr is given for each article, in ``search_entries`` order."""
    for ref, entry in enumerate(search_entries(archive)):
        yield segment_fields(ref, entry.article, archive)


def term_counts(archive: Archive) -> TermCounts:
    """What the term shards need of lunr's index of the archive, without building it (the
    build counts it a block at a time: ``blocks``)."""
    return count_terms(lunr_documents(archive))


def index_archive(archive: Archive) -> IndexedArchive:
    """A lunr index of the archive (refs are positions in ``search_entries``) and its counts:
    the reference ``term_counts`` agrees with."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for document in lunr_documents(archive):
        builder.add(document)
    index = builder.build()
    return IndexedArchive(index, builder.field_term_frequencies, builder.field_lengths)


def build_index(archive: Archive) -> Index:
    """A lunr index of the archive; refs are positions in ``search_entries``."""
    return index_archive(archive).index


def lunr_json(index: Index) -> str:
    """The whole index as lunr.js's ``lunr.Index.load`` reads it."""
    return json.dumps(index.serialize(), ensure_ascii=False, separators=(",", ":"))


def chinese_frequency(index: Index) -> dict[str, int]:
    """Each CJK term of two characters or more, and how many articles hold it."""
    out = {}
    for term, posting in index.inverted_index.items():
        if len(term) > 1 and _CJK_TERM.fullmatch(term):
            out[term] = len({ref for name, _boost in FIELDS for ref in posting[name]})
    return out
