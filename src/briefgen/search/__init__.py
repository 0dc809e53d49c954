"""Search stage: articles segmented with jieba, indexed with lunr, split into small files.

``segment`` cuts text into index terms (and queries into the index's own terms), ``index``
builds the lunr index and the documents results show, ``shards`` writes both as the files the
browser loads a query's worth at a time (``templates/static/search-core.js`` reads them).
"""

from briefgen.search.index import SearchDocument, build_index, lunr_json, search_documents
from briefgen.search.segment import fold, normalise, query_terms, tokens
from briefgen.search.shards import bucket, search_files

__all__ = [
    "SearchDocument",
    "bucket",
    "build_index",
    "fold",
    "lunr_json",
    "normalise",
    "query_terms",
    "search_documents",
    "search_files",
    "tokens",
]
