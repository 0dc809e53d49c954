"""The result files step of the search index: what each result shows (``doc/REF.HASH.js``),
the facets and the alias table, all of it from the articles alone.

An issue's result files are made from its records as pages show them, the editor's files and
the code. A build hands over a digest of the first for every issue; an issue whose key (all
three) is the one kept with its files in the previous site has them linked without its
articles' texts being read, or its documents made (``reuse.DocumentReuse.known``): after
one issue changed, the documents of one block are made instead of every article's. The
facets read every article's fields from its records alone (``index.facet_fields``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from functools import cache as once
from importlib.metadata import version
from itertools import groupby
from operator import attrgetter
from pathlib import Path

import briefgen
from briefgen.archive import Archive
from briefgen.cache import Cache, code_digest, key
from briefgen.search.aliases import alias_table, learned_by_block
from briefgen.search.blocks import Block, block_texts
from briefgen.search.hashed import link_script, script_path
from briefgen.search.index import FacetFields, SearchDocument, documents_of, facet_fields
from briefgen.search.manifest import write_facets
from briefgen.search.reuse import DocumentReuse, StepReuse
from briefgen.search.shards import write_documents
from briefgen.timing import timed

#: The cache's folder for what the result files step keeps of its own.
_NAMESPACE = "search-results"


@dataclass(frozen=True, slots=True)
class ResultFiles:
    """What writing the result files leaves for the rest of the index."""

    #: [article count, HASH] for each issue's run of ``doc/REF.HASH.js`` files.
    groups: list[list]
    #: Hashed names of the single files: facets.
    files: dict[str, str]
    #: fold()ed name → its other names (``aliases.alias_table``).
    aliases: dict[str, list[str]]


def write_result_files(
    archive: Archive,
    blocks: list[Block],
    folder: Path,
    cache: Cache,
    site: Path | None = None,
    records: Mapping[str, str] | None = None,
) -> ResultFiles:
    """The result files (``doc``), the facets, and the alias table: all of it from the
    articles alone, so it needs neither kind of shard (a build runs it in the process that
    finishes its shards first). ``records``: each issue's digest of what its records show
    (the build's, ``render.facts.shown_record``), by issue id: with it, the step is taken
    whole from the last build of ``site`` while all of them, the blocks and the editor's
    files are unchanged, and otherwise each unchanged issue's files are taken without its
    texts being read."""
    editor = [repr(archive.glossary), repr(archive.settings), repr(archive.topic_list)]
    shown = list((records or {}).values())
    inputs = key(key(*shown), *editor, *(block.digest for block in blocks))
    old = site if cache.root is not None else None
    step = StepReuse(cache, old if records else None, "results", inputs)
    taken = step.taken(folder)
    if isinstance(taken, ResultFiles):
        return taken
    with timed("search: documents"):
        keys = _issue_keys(blocks, records or {}, key(code_digest(briefgen), *editor))
        reuse = DocumentReuse(cache, old, keys) if old else None
        read = _read_blocks(archive, blocks, cache, reuse)
        groups = write_documents(_issues(blocks, read, reuse), folder, reuse)

    def of_block(block: Block) -> list[SearchDocument]:
        if block.start in read:
            return read[block.start]
        return documents_of(archive, block.entries, block_texts(block, cache))

    with timed("search: learned aliases, facets"):
        aliases = alias_table(archive.glossary, learned_by_block(blocks, of_block, cache))
        facets = _facets(archive, folder, cache, old)
    results = ResultFiles(groups, {"facets": facets}, aliases)
    known = reuse.written() if reuse is not None else None
    step.keep(results, [*_document_files(results.groups), *results.files.values()], folder, known)
    return results


def _facets(archive: Archive, folder: Path, cache: Cache, previous: Path | None) -> str:
    """``facets.HASH.js`` (``write_facets``); taken from the last build of ``previous`` when
    every article's facet fields and the glossary's tags are as they were then (a title
    fixed leaves them so): their ids and JSON were made again for twenty thousand articles
    (some 0.3 s of CPU) to write the same file."""
    documents = facet_fields(archive)
    if previous is None:
        return write_facets(archive, documents, folder)
    # Each article's fields as a tuple: pickling twenty thousand slotted dataclasses goes
    # through Python for each, three times slower.
    plain = list(map(_facet_values, documents))
    found = hashlib.blake2b(pickle.dumps((plain, archive.glossary.tags)), digest_size=16)
    entry = key("facets file", _facets_code(), str(previous))
    kept = cache.get(_NAMESPACE, entry)
    if isinstance(kept, dict) and kept.get("inputs") == found.hexdigest():
        name, source = str(kept["name"]), os.path.join(previous, f"{kept['name']}.js")
        try:
            same = os.stat(source).st_size == kept["size"]
        except OSError:
            same = False
        if same:
            link_script(folder, name, source)
            return name
    name = write_facets(archive, documents, folder)
    size = os.stat(script_path(folder, name)).st_size
    cache.put(_NAMESPACE, entry, {"inputs": found.hexdigest(), "name": name, "size": size})
    return name


#: A ``FacetFields``' values, in field order.
_facet_values = attrgetter(*(field.name for field in fields(FacetFields)))


@once
def _facets_code() -> str:
    """The code the facets file is made with: the package's, and pypinyin's tables
    (``romanize``)."""
    return key(code_digest(briefgen), version("pypinyin"))


def _issue_runs(block: Block) -> Iterator[tuple[str, int, int]]:
    """Each issue of ``block``: its id, first ref and article count."""
    first = block.start
    for issue, run in groupby(block.entries, key=lambda entry: entry.issue.id):
        count = sum(1 for _ in run)
        yield issue, first, count
        first += count


def _issue_keys(blocks: list[Block], records: Mapping[str, str], shared: str) -> dict[int, str]:
    """First ref of each issue → a digest of all its result files are made from: where it
    starts, its records as pages show them, and ``shared`` (the editor's files, the code)."""
    return {
        first: key("result files", shared, str(first), str(count), records[issue])
        for block in blocks
        for issue, first, count in _issue_runs(block)
        if issue in records
    }


def _read_blocks(
    archive: Archive, blocks: list[Block], cache: Cache, reuse: DocumentReuse | None
) -> dict[int, list[SearchDocument]]:
    """The documents of each block with an issue ``reuse`` does not know, by its first ref:
    the other blocks' texts are not read, and their documents not made (nothing shows
    them)."""
    read: dict[int, list[SearchDocument]] = {}
    for block in blocks:
        runs = _issue_runs(block)
        if reuse is None or not all(reuse.known(first, count) for _, first, count in runs):
            read[block.start] = documents_of(archive, block.entries, block_texts(block, cache))
    return read


def _issues(
    blocks: list[Block], read: dict[int, list[SearchDocument]], reuse: DocumentReuse | None
) -> Iterator[list[SearchDocument] | int]:
    """Each issue as ``write_documents`` takes it: its documents, or its article count where
    ``reuse`` knows its files (``_read_blocks`` asked it of every issue of an unread block)."""
    for block in blocks:
        documents = read.get(block.start)
        for _, first, count in _issue_runs(block):
            if documents is None or (reuse is not None and reuse.known(first, count)):
                yield count
            else:
                yield documents[first - block.start : first - block.start + count]


def _document_files(groups: list[list]) -> Iterator[str]:
    """The names of the result files of ``groups`` (``doc/REF.HASH``)."""
    first = 0
    for count, group in groups:
        yield from (f"doc/{first + k}.{group}" for k in range(count))
        first += count
