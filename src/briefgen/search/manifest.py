"""``manifest.js``, the one index file under a stable name, and the files it names.

The search page loads ``manifest.js`` with itself, so it holds only what every query needs
and stays small at any archive size: the format version, lunr's statistics (article count,
each field's total length), shard counts and what names the shards (``hashed``: a hash per
run of shards, a bit per shard), the hash of each issue's result files, ``words`` (below),
and the hashed name of the file loaded on demand:

- ``words``, which every query reads before it asks for its shards: ``fold``, traditional →
  simplified pairs (one string: 進进裝装…, at most OpenCC's few thousand pairs), and
  ``aliases``, a name → the other names a query for it asks for. In the manifest, a few
  kilobytes, rather than a file of its own: one request fewer before every first result;
- ``facets.HASH.js``: every article's section, tags, authors, year, issue and month, and the
  names of tags in English: loaded after the first result, or at once when the page opens
  with filters and no query. It grows with the archive, so it waits.

The section names in English stay in the manifest: results show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.archive import Archive
from briefgen.english import romanize
from briefgen.search.counts import FIELDS
from briefgen.search.hashed import (
    FORMAT,
    ShardSet,
    payload,
    write_named,
    write_script,
)
from briefgen.search.index import FacetFields

FACETS = ("section", "tag", "author", "year", "issue", "month")


@dataclass(frozen=True, slots=True)
class IndexFiles:
    """What the rest of the index wrote, for the manifest to name."""

    shards: dict[str, ShardSet]
    #: [article count, hash] for each issue's run of ``doc/REF.HASH.js`` files.
    documents: list[list]
    #: Hashed names of the single files: facets.
    files: dict[str, str]
    words: Words


@dataclass(frozen=True, slots=True)
class Words:
    """What a query is read with before its shards are asked for."""

    #: Traditional → simplified pairs the archive needs, one string (``traditional``).
    fold: str
    #: fold()ed name → the other names a query for it asks for (``aliases``).
    aliases: dict[str, list[str]]


def write_facets(archive: Archive, documents: list[FacetFields], folder: Path) -> str:
    """``facets.HASH.js`` of every article's ``documents`` (``index.facet_fields``); returns
    its name."""
    names: dict[str, dict[str, int]] = {kind: {} for kind in FACETS}

    def ids(kind: str, values: list[str]) -> list[int]:
        table = names[kind]
        return [table.setdefault(v, len(table)) for v in values if v]

    rows = [
        [
            ids("section", [d.section]),
            ids("tag", d.tags),
            ids("author", d.authors),
            ids("year", [d.year]),
            ids("issue", [d.issue]),
            ids("month", [d.date[:7]]),  # YYYY-MM: the date-range filter, issues by date
        ]
        for d in documents
    ]
    facets = {
        "facets": {kind: list(table) for kind, table in names.items()},
        "docs": rows,
        # What the English page's filters call each value (its results carry their own).
        "glossary": {
            "tag": archive.glossary.tags,
            "issue": {d.issue: d.issue_en for d in documents},
            "author": {name: romanize(name) for d in documents for name in d.authors},
        },
    }
    return write_named(folder, "facets", facets)


def write_manifest(archive: Archive, lengths: list[int], written: IndexFiles, folder: Path) -> None:
    """``manifest.js``: what every query needs before any other file; ``lengths`` is each
    field's total length over the archive (``TermCounts.length_sums``)."""
    manifest = {
        "version": FORMAT,
        "fields": [name for name, _boost in FIELDS],
        "boosts": [boost for _name, boost in FIELDS],
        "documents": sum(count for count, _hash in written.documents),
        "lengths": lengths,
        "shards": {kind: s.count for kind, s in written.shards.items()},
        "hashes": {kind: s.hashes for kind, s in written.shards.items()},
        "present": {kind: s.present for kind, s in written.shards.items()},
        "groups": written.documents,
        "files": written.files,
        "words": {"fold": written.words.fold, "aliases": written.words.aliases},
        "glossary": {"section": archive.glossary.sections},
    }
    write_script(folder, "manifest", payload(manifest))
