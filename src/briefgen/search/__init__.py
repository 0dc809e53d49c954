"""Search stage: articles segmented with jieba, indexed with lunr, split into small files.

``segment`` cuts text into index terms (and queries into the index's own terms), ``index``
builds the lunr index and the documents results show, ``shards`` writes both as the files the
browser loads a query's worth at a time (``templates/static/search-core.js`` reads them).
"""

from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search.aliases import LearnedAlias, alias_table, learned_aliases, reviewed
from briefgen.search.english import cached_english_terms, english_terms
from briefgen.search.index import (
    IndexedArchive,
    SearchDocument,
    build_index,
    chinese_frequency,
    index_archive,
    lunr_json,
    search_documents,
    search_entries,
)
from briefgen.search.manifest import (
    IndexFiles,
    write_facets,
    write_manifest,
    write_words,
)
from briefgen.search.segment import ParsedQuery, fold, normalise, parse_query, query_terms, tokens
from briefgen.search.shards import (
    bucket,
    write_documents,
    write_english,
    write_grams,
    write_terms,
)
from briefgen.search.traditional import folding_pairs


def write_search(archive: Archive, folder: Path, cache: Cache | None = None) -> None:
    """Every file of the browser's index into ``folder``: the search stage of a build."""
    documents = search_documents(archive)
    indexed = index_archive(archive, cache)
    shards = write_terms(indexed, folder)
    shards |= write_english(cached_english_terms(chinese_frequency(indexed.index), cache), folder)
    shards |= write_grams(documents, folder)
    groups = write_documents(documents, folder)
    aliases = alias_table(archive.glossary, learned_aliases(documents))
    files = {
        "words": write_words(folding_pairs(documents), aliases, folder),
        "facets": write_facets(archive, documents, folder),
    }
    write_manifest(archive, indexed, IndexFiles(shards, groups, files), folder)


__all__ = [
    "IndexFiles",
    "IndexedArchive",
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
    "index_archive",
    "learned_aliases",
    "lunr_json",
    "normalise",
    "parse_query",
    "query_terms",
    "reviewed",
    "search_documents",
    "search_entries",
    "tokens",
    "write_documents",
    "write_english",
    "write_facets",
    "write_grams",
    "write_manifest",
    "write_search",
    "write_terms",
    "write_words",
]
