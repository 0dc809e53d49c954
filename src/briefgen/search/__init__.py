"""Search stage: articles segmented with jieba, counted as lunr indexes them, split into
small files.

``segment`` cuts text into index terms (and queries into the index's own terms), ``index``
makes the documents lunr is given and the documents results show, ``counts`` counts the terms
of the first as lunr's Builder would index them (lunr.py itself stays the tests' reference),
``grams`` counts characters and two-character grams, and ``shards`` writes all of it as the
files the browser loads a query's worth at a time (``templates/static/search-core.js`` reads
them).
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from briefgen.archive import Archive
from briefgen.cache import Cache, key
from briefgen.search.aliases import (
    LearnedAlias,
    alias_table,
    learned_aliases,
    reviewed,
)
from briefgen.search.appending import append_grams, append_terms
from briefgen.search.blocks import (
    Block,
    kept_grams,
    merged_grams,
    merged_terms,
    search_blocks,
)
from briefgen.search.bundle_splice import BlockGrams, BundleSplice
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
from briefgen.search.patch import (
    MovedPlaces,
    PatchBase,
    gram_base,
    load_base,
    patch_grams,
    patch_terms,
    save_base,
    term_base,
    whole_term_changes,
)
from briefgen.search.results import ResultFiles, write_result_files
from briefgen.search.reuse import (
    ShardReuse,
    ShardReuses,
    StepReuse,
    shard_files,
)
from briefgen.search.segment import ParsedQuery, fold, normalise, parse_query, query_terms, tokens
from briefgen.search.shards import (
    bucket,
    no_reuse,
    write_documents,
    write_english,
    write_grams,
    write_terms,
)
from briefgen.search.splice import BlockRef
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
    #: Kind → the keys whose postings changed since the last build of the site; None when
    #: not known (the shards were digested whole). What this build did, not what the step
    #: made: left out of comparisons.
    changed: dict[str, frozenset[str]] | None = field(default=None, compare=False)
    #: Of those keys, the terms new to the index or gone from it.
    vocabulary: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True, slots=True)
class GramFiles:
    """What writing the gram shards leaves for the rest of the index."""

    shards: dict[str, ShardSet]
    #: Traditional → simplified pairs the archive needs (``traditional.pairs_for``).
    pairs: str
    #: As ``TermFiles.digests`` and ``TermFiles.changed``.
    digests: dict[str, dict[str, str]]
    changed: dict[str, frozenset[str]] | None = field(default=None, compare=False)
    #: The blocks patched (where each stands, its new digest): the changed keys' blocks;
    #: and the same blocks as the last build had them (their old digests).
    spliced: tuple[BlockRef, ...] = field(default=(), compare=False)
    replaced: tuple[BlockRef, ...] = field(default=(), compare=False)
    #: The articles that changed in those blocks, where known: their grams' positions
    #: before and after (``patch.PatchedStep.moved``).
    moved: tuple[MovedPlaces, ...] | None = field(default=None, compare=False)


def write_search(
    archive: Archive, folder: Path, cache: Cache | None = None, site: Path | None = None
) -> None:
    """Every file of the browser's index into ``folder``: the search stage of a build.

    Four steps: the term shards, the gram shards and the result files, which need nothing of
    each other (a build runs them side by side in two processes), then the alias bundles and
    the manifest, which read all three. Each
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
    results = write_result_files(archive, blocks, folder, cache, site)
    write_search_rest(archive, folder, cache, (terms, grams, results), site)


def write_term_files(
    archive: Archive, blocks: list[Block], folder: Path, cache: Cache, site: Path | None = None
) -> TermFiles:
    """The term shards (``t``) and the English lookup (``e``); ``blocks``: ``search_blocks``;
    ``site``: as ``write_search`` takes it. Where a block or a few changed since the last
    build of ``site``, the shards are patched (``patch``) instead of merged whole."""
    previous = _kept(cache, site)
    step = StepReuse(cache, previous, "terms", key(*_digests_of(blocks)))
    taken = step.taken(folder)
    if isinstance(taken, TermFiles):
        return replace(taken, changed={"t": frozenset()}, vocabulary=frozenset())
    base = load_base(cache, previous, "terms")
    patched = None
    kept: PatchBase | None
    if previous is not None and base is not None:
        with timed("search: term shards patched"):
            patched = patch_terms(archive, blocks, folder, cache, previous, base)
        if patched is None:
            with timed("search: term shards appended"):
                patched = append_terms(archive, blocks, folder, cache, previous, base)
    if patched is not None:
        english = cached_english_terms(patched.base.frequency, cache)
        shards = patched.sets | write_english(english, folder)
        lengths, digests = patched.base.lengths, patched.digests
        files = TermFiles(shards, lengths, digests, patched.changed, patched.vocabulary)
        kept = patched.base
    else:
        seen_before: list[int] = []
        with timed("search: term counts"):
            counts = merged_terms(blocks, archive, cache, seen_before)
        with timed("search: term shards"):
            reused = _reused(cache, site)
            shards = write_terms(counts, folder, reused or no_reuse)
            shards |= write_english(cached_english_terms(counts.chinese_frequency(), cache), folder)
            files = TermFiles(shards, counts.length_sums(), _digests(reused))
            kept = term_base(blocks, counts, seen_before, shards, reused) if reused else None
        if base is not None and reused is not None:
            # What changed, for the alias bundles to splice.
            found = whole_term_changes(archive, blocks, cache, base, counts)
            if found is not None:
                files = replace(files, changed={"t": found[0]}, vocabulary=found[1])
    step.keep(files, shard_files(shards), folder)
    save_base(cache, previous, "terms", kept)
    return files


def write_gram_files(
    blocks: list[Block], folder: Path, cache: Cache, site: Path | None = None
) -> GramFiles:
    """The character and gram shards (``g``, ``p``), patched as ``write_term_files`` says."""
    previous = _kept(cache, site)
    step = StepReuse(cache, previous, "grams", key(*_digests_of(blocks)))
    taken = step.taken(folder)
    if isinstance(taken, GramFiles):
        changed = {"g": frozenset[str](), "p": frozenset[str]()}
        return replace(taken, changed=changed, spliced=(), replaced=(), moved=None)
    base = load_base(cache, previous, "grams")
    patched = None
    kept: PatchBase | None
    if previous is not None and base is not None:
        with timed("search: gram shards patched"):
            patched = patch_grams(blocks, folder, cache, previous, base)
        if patched is None:
            with timed("search: gram shards appended"):
                patched = append_grams(blocks, folder, cache, previous, base)
    if patched is not None:
        pairs = pairs_for(patched.base.keys.keys())
        spliced = tuple(patched.spliced)
        moved = tuple(patched.moved) if patched.moved is not None else None
        files = GramFiles(
            patched.sets,
            pairs,
            patched.digests,
            patched.changed,
            spliced,
            tuple(patched.replaced),
            moved,
        )
        kept = patched.base
    else:
        with timed("search: gram counts"):
            grams = merged_grams(blocks, cache)
        with timed("search: gram shards"):
            reused = _reused(cache, site)
            written = write_grams(grams, folder, reused or no_reuse)
            files = GramFiles(written, pairs_for(grams.characters.keys()), _digests(reused))
            kept = gram_base(blocks, grams, written, reused) if reused else None
    step.keep(files, shard_files(files.shards), folder)
    save_base(cache, previous, "grams", kept)
    return files


def _reused(cache: Cache, site: Path | None) -> ShardReuses | None:
    """Each kind's ``ShardReuse`` from the index in ``site``; none without one."""
    old = _kept(cache, site)
    return ShardReuses(cache, old) if old is not None else None


def _digests(reused: ShardReuses | None) -> dict[str, dict[str, str]]:
    return reused.digests() if reused is not None else {}


def _digests_of(blocks: list[Block]) -> list[str]:
    return [block.digest for block in blocks]


def write_search_rest(
    archive: Archive,
    folder: Path,
    cache: Cache,
    files: tuple[TermFiles, GramFiles, ResultFiles],
    site: Path | None = None,
) -> None:
    """The alias bundles (read from the term and gram shards written to ``folder``) and the
    manifest, which names every other file."""
    terms, grams, results = files
    shards = terms.shards | grams.shards
    with timed("search: alias bundles"):
        old = _kept(cache, site)
        reuse = ShardReuse(cache, old, "a") if old else None
        inputs = BundleInputs(shards, terms.digests | grams.digests) if old else None
        changed = _changed(terms, grams)
        spliced = _spliced(grams, changed, terms.vocabulary, cache) if changed else None
        aliases = results.aliases
        shards |= write_alias_bundles(aliases, shards, folder, cache, reuse, inputs, spliced)
    with timed("search: manifest"):
        words = Words(grams.pairs, results.aliases)
        written = IndexFiles(shards, results.groups, results.files, words)
        write_manifest(archive, terms.lengths, written, folder)


def _changed(terms: TermFiles, grams: GramFiles) -> dict[str, frozenset[str]] | None:
    """Each kind's keys changed since the last build, when both steps know theirs."""
    if terms.changed is None or grams.changed is None:
        return None
    return terms.changed | grams.changed


def _spliced(
    grams: GramFiles, changed: dict[str, frozenset[str]], vocabulary: frozenset[str], cache: Cache
) -> BundleSplice | None:
    """The blocks the gram step patched, with their grams' positions before and after (from
    the cache), and what changed: for the alias bundles to splice."""
    if grams.moved is not None:
        # Only the articles that changed: their places before and after, one ref wide.
        moved = [BlockGrams(where, before, after) for where, before, after in grams.moved]
        return BundleSplice(moved, changed, vocabulary)
    blocks = []
    for before, after in zip(grams.replaced, grams.spliced, strict=True):
        old, new = kept_grams(before.digest, cache), kept_grams(after.digest, cache)
        if old is None or new is None:
            return None
        blocks.append(BlockGrams(after, old.positions, new.positions))
    return BundleSplice(blocks, changed, vocabulary)


def _kept(cache: Cache, site: Path | None) -> Path | None:
    """``site``, when files may be taken from it: reuse needs the cache's digests."""
    return site if cache.root is not None else None


__all__ = [
    "Block",
    "GramCounts",
    "GramFiles",
    "IndexFiles",
    "IndexedArchive",
    "LearnedAlias",
    "ParsedQuery",
    "ResultFiles",
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
    "write_result_files",
    "write_search",
    "write_search_rest",
    "write_term_files",
    "write_terms",
]
