"""Search stage: articles segmented with jieba, counted as lunr indexes them, split into
small files.

``segment`` cuts text into index terms (and queries into the index's own terms), ``index``
makes the documents lunr is given and the documents results show, ``counts`` counts the terms
of the first as lunr's Builder would index them (lunr.py itself stays the tests' reference),
``grams`` counts characters and two-character grams, and ``shards`` writes all of it as the
files the browser loads a query's worth at a time (``templates/static/search-core.js`` reads
them).
"""

from dataclasses import dataclass
from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search.aliases import (
    LearnedAlias,
    alias_table,
    learned_aliases,
    learned_by_block,
    reviewed,
)
from briefgen.search.blocks import (
    Block,
    block_texts,
    merged_grams,
    merged_terms,
    search_blocks,
)
from briefgen.search.bundles import BundleInputs, write_alias_bundles
from briefgen.search.counts import TermCounts, count_terms
from briefgen.search.english import cached_english_terms, english_terms
from briefgen.search.grams import GramCounts, count_grams
from briefgen.search.hashed import ShardSet
from briefgen.search.index import (
    IndexedArchive,
    SearchDocument,
    build_index,
    chinese_frequency,
    exact_texts,
    index_archive,
    lunr_json,
    search_documents,
    search_entries,
    term_counts,
)
from briefgen.search.manifest import (
    IndexFiles,
    Words,
    write_facets,
    write_manifest,
)
from briefgen.search.reuse import DocumentReuse, ShardReuse, ShardReuses
from briefgen.search.segment import ParsedQuery, fold, normalise, parse_query, query_terms, tokens
from briefgen.search.shards import (
    bucket,
    no_reuse,
    write_documents,
    write_english,
    write_grams,
    write_terms,
)
from briefgen.search.traditional import folding_pairs, pairs_for
from briefgen.timing import timed


@dataclass(frozen=True, slots=True)
class TermFiles:
    """What writing the term shards leaves for the rest of the index."""

    shards: dict[str, ShardSet]
    #: Each field's total length over the archive (the manifest's BM25 averages).
    lengths: list[int]
    #: Kind → shard number → digest of its text, when kept for reuse (``reuse``).
    digests: dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class GramFiles:
    """What writing the gram shards leaves for the rest of the index."""

    shards: dict[str, ShardSet]
    #: Traditional → simplified pairs the archive needs (``traditional.pairs_for``).
    pairs: str
    #: As ``TermFiles.digests``.
    digests: dict[str, dict[str, str]]


def write_search(
    archive: Archive, folder: Path, cache: Cache | None = None, site: Path | None = None
) -> None:
    """Every file of the browser's index into ``folder``: the search stage of a build.

    Three steps: the term shards and the gram shards, which need nothing of each other (a
    build runs them side by side in two processes), then the files that read both. Each
    kind of file is written as soon as its counts are done, and the counts dropped, so a
    step holds one kind's counts at a time. Counts are made a block of issues at a time
    (``blocks``): with ``cache``, only the blocks whose articles changed since they were last
    counted. ``site``: where the index this one replaces is (``static/search`` of the site,
    there or not yet), whose unchanged shards are taken instead of encoded again (``reuse``).
    """
    cache = cache or Cache(None)
    with timed("search: blocks"):
        blocks = search_blocks(archive)
    terms = write_term_files(archive, blocks, folder, cache, site)
    grams = write_gram_files(blocks, folder, cache, site)
    write_search_rest(archive, blocks, folder, cache, terms, grams, site)


def write_term_files(
    archive: Archive, blocks: list[Block], folder: Path, cache: Cache, site: Path | None = None
) -> TermFiles:
    """The term shards (``t``) and the English lookup (``e``); ``blocks``: ``search_blocks``;
    ``site``: as ``write_search`` takes it."""
    with timed("search: term counts"):
        counts = merged_terms(blocks, archive, cache)
    with timed("search: term shards"):
        reused = _reused(cache, site)
        shards = write_terms(counts, folder, reused or no_reuse)
        shards |= write_english(cached_english_terms(counts.chinese_frequency(), cache), folder)
        return TermFiles(shards, counts.length_sums(), _digests(reused))


def write_gram_files(
    blocks: list[Block], folder: Path, cache: Cache, site: Path | None = None
) -> GramFiles:
    """The character and gram shards (``g``, ``p``)."""
    with timed("search: gram counts"):
        grams = merged_grams(blocks, cache)
    with timed("search: gram shards"):
        reused = _reused(cache, site)
        written = write_grams(grams, folder, reused or no_reuse)
        return GramFiles(written, pairs_for(grams.characters.keys()), _digests(reused))


def _reused(cache: Cache, site: Path | None) -> ShardReuses | None:
    """Each kind's ``ShardReuse`` from the index in ``site``; none without one."""
    if site is None or cache.root is None:
        return None
    return ShardReuses(cache, site)


def _digests(reused: ShardReuses | None) -> dict[str, dict[str, str]]:
    return reused.digests() if reused is not None else {}


def write_search_rest(
    archive: Archive,
    blocks: list[Block],
    folder: Path,
    cache: Cache,
    terms: TermFiles,
    grams: GramFiles,
    site: Path | None = None,
) -> None:
    """The result files, the alias bundles (read from the term and gram shards written to
    ``folder``), the facets and the manifest."""
    with timed("search: documents"):
        texts = [text for block in blocks for text in block_texts(block, cache)]
        documents = search_documents(archive, texts)
        del texts
        old = site if cache.root is not None else None  # reuse needs the cache's digests
        groups = write_documents(documents, folder, DocumentReuse(cache, old) if old else None)
    shards = terms.shards | grams.shards
    with timed("search: aliases"):
        aliases = alias_table(archive.glossary, learned_by_block(blocks, documents, cache))
        reuse = ShardReuse(cache, old, "a") if old else None
        inputs = BundleInputs(shards, terms.digests | grams.digests) if old else None
        shards |= write_alias_bundles(aliases, shards, folder, cache, reuse, inputs)
    with timed("search: facets, manifest"):
        files = {"facets": write_facets(archive, documents, folder)}
        words = Words(grams.pairs, aliases)
        write_manifest(archive, terms.lengths, IndexFiles(shards, groups, files, words), folder)


__all__ = [
    "Block",
    "GramCounts",
    "GramFiles",
    "IndexFiles",
    "IndexedArchive",
    "LearnedAlias",
    "ParsedQuery",
    "SearchDocument",
    "TermCounts",
    "TermFiles",
    "Words",
    "alias_table",
    "bucket",
    "build_index",
    "chinese_frequency",
    "count_grams",
    "count_terms",
    "english_terms",
    "exact_texts",
    "fold",
    "folding_pairs",
    "index_archive",
    "learned_aliases",
    "lunr_json",
    "normalise",
    "parse_query",
    "query_terms",
    "reviewed",
    "search_blocks",
    "search_documents",
    "search_entries",
    "term_counts",
    "tokens",
    "write_documents",
    "write_english",
    "write_facets",
    "write_gram_files",
    "write_grams",
    "write_manifest",
    "write_search",
    "write_search_rest",
    "write_term_files",
    "write_terms",
]
