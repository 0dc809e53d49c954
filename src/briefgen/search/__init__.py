"""Search stage: articles segmented with jieba, indexed with lunr, split into small files.

``segment`` cuts text into index terms (and queries into the index's own terms), ``index``
builds the lunr index and the documents results show, ``shards`` writes both as the files the
browser loads a query's worth at a time (``templates/static/search-core.js`` reads them).
"""

from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search.aliases import LearnedAlias, alias_table, learned_aliases, reviewed
from briefgen.search.english import english_terms
from briefgen.search.index import (
    SearchDocument,
    build_index,
    chinese_frequency,
    lunr_json,
    search_documents,
)
from briefgen.search.segment import ParsedQuery, fold, normalise, parse_query, query_terms, tokens
from briefgen.search.shards import (
    bucket,
    write_documents,
    write_english,
    write_folding,
    write_grams,
    write_manifest,
    write_terms,
)
from briefgen.search.traditional import folding_pairs


def write_search(archive: Archive, folder: Path, cache: Cache | None = None) -> None:
    """Every file of the browser's index into ``folder``: the search stage of a build."""
    documents = search_documents(archive)
    index = build_index(archive, cache)
    counts = write_terms(index, folder)
    counts |= write_english(english_terms(chinese_frequency(index)), folder)
    counts |= write_grams(documents, folder)
    write_documents(documents, folder)
    write_folding(folding_pairs(documents), folder)
    aliases = alias_table(archive.glossary, learned_aliases(documents))
    write_manifest(archive, documents, counts, aliases, folder)


__all__ = [
    "LearnedAlias",
    "ParsedQuery",
    "SearchDocument",
    "alias_table",
    "bucket",
    "build_index",
    "chinese_frequency",
    "english_terms",
    "fold",
    "folding_pairs",
    "learned_aliases",
    "lunr_json",
    "normalise",
    "parse_query",
    "query_terms",
    "reviewed",
    "search_documents",
    "tokens",
    "write_documents",
    "write_english",
    "write_folding",
    "write_grams",
    "write_manifest",
    "write_search",
    "write_terms",
]
