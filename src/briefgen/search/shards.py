"""The search index as small files, so the browser fetches only what a query needs.

lunr scores a document as a sum over the query's terms of (term boost × the term's weight in
that field of that document), divided by the query's length; so each term's postings are all
a query needs of the index. A posting holds raw counts (how often the term stands in the
field, and the field's length), from which the browser computes lunr's BM25 weight with the
archive-wide statistics in the manifest: adding an issue changes those statistics, and the
manifest, but no posting of a term the new issue does not use. Postings are stored by the
term's first character, which also tells the browser which terms a query can be cut into.
Exact-phrase recall, which word segmentation alone cannot promise, comes from character
n-grams: characters with per-document counts, and two-character grams with positions, which
prove that a longer phrase stands in a document. What a result shows loads
per article.

Files, under ``static/search/``, each named by its content's hash (``hashed``):

- ``manifest.js`` (``manifest``): format version, statistics, shard counts and name tables;
- ``t/N.HASH.js``: terms → [lunr term index, per field [ref delta, tf, field length, …]];
- ``g/N.HASH.js``: characters → [ref delta, count, …];
- ``p/N.HASH.js``: two-character grams → [ref delta, n, first position, n - 1 deltas, …];
- ``e/N.HASH.js``: English senses → the archive's Chinese terms with that sense (CC-CEDICT);
- ``fold.HASH.js``, ``aliases.HASH.js``, ``facets.HASH.js`` (``manifest``);
- ``doc/REF.HASH.js``: path, titles, issue, section and date of one article (labels in both
  languages), and its passages: [anchor in the article page, heading, text]; HASH is shared
  by the articles of one issue (the manifest lists one a group).

A shard is ``bucket(key) % count`` with FNV-1a over code points; search-core.js hashes alike.
Counts are powers of two (size classes), so they change only when the index doubles.
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from briefgen.search.hashed import ShardSet, digest, payload, write_script, write_shard_set
from briefgen.search.index import FIELDS, IndexedArchive, SearchDocument

#: Aim for shards of about this many bytes before gzip: small enough that a query fetches
#: little beside its own terms, large enough that a big archive is not a million files.
SHARD_BYTES = 12_000
MAX_SHARDS = 4096


def bucket(text: str, count: int) -> int:
    """FNV-1a (32 bit) over the code points of ``text``, modulo ``count``."""
    value = 0x811C9DC5
    for ch in text:
        value = ((value ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return value % count


def write_terms(indexed: IndexedArchive, folder: Path) -> dict[str, ShardSet]:
    """The term shards (``t/N.HASH.js``)."""
    return {"t": _write_shards(folder, "t", dict(_term_entries(indexed)), lambda term: term[0])}


def write_grams(documents: list[SearchDocument], folder: Path) -> dict[str, ShardSet]:
    """The gram shards (``g/N.HASH.js``, ``p/N.HASH.js``)."""
    grams, positions = _gram_entries([doc.exact_text() for doc in documents])
    sets = {"g": _write_shards(folder, "g", grams, lambda gram: gram)}
    del grams
    sets["p"] = _write_shards(folder, "p", positions, lambda gram: gram)
    return sets


def write_documents(documents: list[SearchDocument], folder: Path) -> list[list]:
    """What each result shows (``doc/REF.HASH.js``): its labels in both languages, and its
    passages as [anchor, heading, text] (the best-matching one is shown and linked to).
    Returns the groups as the manifest lists them, [article count, HASH] for each run of one
    issue's articles."""
    groups: list[list] = []
    texts: list[str] = []
    for ref, doc in enumerate(documents):
        labels = ("issue", "issue_en", "date_zh", "date_en")
        titles = ("path", "title", "title_en", "source_title", "section", "date")
        shown = {k: getattr(doc, k) for k in titles + labels} | {
            "passages": [[p.id, p.heading, p.text] for p in doc.passages]
        }
        texts.append(payload(shown))
        if ref + 1 == len(documents) or _issue(documents[ref + 1]) != _issue(doc):
            group = digest("\n".join(texts))
            for k, text in enumerate(texts):
                write_script(folder, f"doc/{ref + 1 - len(texts) + k}.{group}", text)
            groups.append([len(texts), group])
            texts = []
    return groups


def _issue(doc: SearchDocument) -> str:
    """The issue folder of an article's path (issues/<issue>/<article>.html)."""
    return doc.path.split("/")[1]


def write_english(table: dict[str, list[str]], folder: Path) -> dict[str, ShardSet]:
    """English sense → Chinese terms (``e/N.HASH.js``, by the sense's first word)."""
    return {"e": _write_shards(folder, "e", table, lambda sense: sense.split()[0])}


def _write_shards(
    folder: Path, kind: str, entries: dict[str, list], shard_key: Callable[[str], str]
) -> ShardSet:
    count = _shard_count(entries)
    shards: dict[int, dict] = defaultdict(dict)
    for name, value in entries.items():
        shards[bucket(shard_key(name), count)][name] = value
    return write_shard_set(folder, kind, shards, count)


def _term_entries(indexed: IndexedArchive) -> Iterator[tuple[str, list]]:
    """Term → [lunr term index, per field [ref delta, term frequency, field length, …]]."""
    for term, posting in indexed.index.inverted_index.items():
        fields = []
        for name, _boost in FIELDS:
            flat: list[int] = []
            last = 0
            for ref in sorted(int(ref) for ref in posting[name]):
                field_ref = f"{name}/{ref}"
                frequency = indexed.frequencies[field_ref][term]
                flat += [ref - last, frequency, indexed.lengths[field_ref]]
                last = ref
            fields.append(flat)
        yield term, [posting["_index"], *fields]


def _gram_entries(texts: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Character → [ref delta, count, …] and two-character gram → positions.

    The hot loop of a build at scale (every character of the archive), so it appends to flat
    lists in place rather than building rows and flattening them.
    """
    counts: dict[str, list[int]] = defaultdict(list)
    positions: dict[str, list[int]] = defaultdict(list)
    counted: dict[str, int] = {}
    placed: dict[str, int] = {}
    for ref, text in enumerate(texts):
        found: dict[str, list[int]] = defaultdict(list)
        for at, gram in enumerate(map(operator.add, text, text[1:])):
            found[gram].append(at)
        for ch, number in Counter(text).items():
            if not ch.isspace():
                counts[ch] += (ref - counted.get(ch, 0), number)
                counted[ch] = ref
        for gram, starts in found.items():
            row = positions[gram]
            row += (ref - placed.get(gram, 0), len(starts), starts[0])
            row += map(operator.sub, starts[1:], starts)
            placed[gram] = ref
    return counts, positions


def _shard_count(entries: dict[str, list]) -> int:
    # About four bytes a number, and a key: close enough to size shards, and cheap.
    size = sum(
        len(key) * 3 + 4 * sum(len(v) if isinstance(v, list) else 1 for v in value)
        for key, value in entries.items()
    )
    count = 1
    while count * SHARD_BYTES < size and count < MAX_SHARDS:
        count *= 2
    return count
