"""The search index as small files, so the browser fetches only what a query needs.

lunr scores a document as a sum over the query's terms of (term boost × the term's weight in
that field of that document), divided by the query's length; so each term's postings are all
a query needs of the index. A posting holds raw counts (how often the term stands in the
field, and the field's length), from which the browser computes lunr's BM25 weight with the
archive-wide statistics in the manifest: adding an issue changes those statistics, and the
manifest, but no posting of a term the new issue does not use. Postings are stored by the
term's first two characters (``term_key``): the terms a query can be cut into start at one of
its character pairs, so the browser asks for one shard a pair, and a frequent word's shard
does not carry every other word that starts with the same character (电 with 电子, 电路 …).
Exact-phrase recall, which word segmentation alone cannot promise, comes from character
n-grams: characters with per-document counts, and two-character grams with positions, which
prove that a longer phrase stands in a document. What a result shows loads
per article.

Files, under ``static/search/``, each named by its content's hash (``hashed``):

- ``manifest.js`` (``manifest``): format version, statistics, shard counts and the shards'
  names (``hashed``);
- ``t/N.HASH.js``: terms → [lunr term index, per field [ref delta, tf, field length, …]],
  by ``term_key``;
- ``g/N.HASH.js``: characters → [ref delta, count, …];
- ``p/N.HASH.js``: two-character grams → [ref delta, n, first position, n - 1 deltas, …];
- ``e/N.HASH.js``: English senses → the archive's Chinese terms with that sense (CC-CEDICT);
- ``facets.HASH.js`` (``manifest``, which also holds the fold pairs and aliases);
- ``a/N.HASH.js``: alias bundles, a name's and its aliases' terms and places (``bundles``);
- ``doc/REF.HASH.js``: path, titles, issue, section and date of one article (labels in both
  languages), and its passages: [anchor in the article page, heading, text]; HASH is shared
  by the articles of one issue (the manifest lists one a group).

A shard is ``bucket(key) % count`` with FNV-1a over code points; search-core.js hashes alike.
Counts are powers of two (size classes), so they change only when the index doubles.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from briefgen.search.counts import TermCounts
from briefgen.search.grams import GramCounts
from briefgen.search.hashed import (
    KnownText,
    ShardSet,
    digest,
    payload,
    write_script,
    write_shard_texts,
)
from briefgen.search.index import SearchDocument
from briefgen.search.reuse import DocumentReuse, ShardReuse, data_digest

#: Aim for shards of about this many bytes before gzip: small enough that a query fetches
#: little beside its own terms, large enough that a big archive is not a million files.
SHARD_BYTES = 12_000
MAX_SHARDS = 4096

#: What a shard holds for a key: numbers (an array or a list), a term's [lunr term index,
#: per field numbers …], or strings.
Value = array | list


def term_key(term: str) -> str:
    """What a term's shard is named by: its first two characters (a one-character term
    itself). A query's terms of two characters or more start at one of its character pairs,
    so the pairs name every shard they can be in; a character alone is asked for only when no
    longer term covers it (``termKeys`` and ``uncoveredCharacters`` in search-text.js)."""
    return term[:2]


def bucket(text: str, count: int) -> int:
    """FNV-1a (32 bit) over the code points of ``text``, modulo ``count``."""
    value = 0x811C9DC5
    for ch in text:
        value = ((value ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return value % count


#: Where a kind of shard's texts may be taken from instead of encoded (``reuse``).
Reused = Callable[[str], ShardReuse | None]


def no_reuse(_kind: str) -> None:
    """No shard of any kind is taken from an earlier index."""
    return None


def write_terms(counts: TermCounts, folder: Path, reused: Reused = no_reuse) -> dict[str, ShardSet]:
    """The term shards (``t/N.HASH.js``); ``reused``: where unchanged shards' texts are."""
    entries = dict(counts.entries())
    return {"t": _write_shards(folder, "t", entries, term_key, reused("t"))}


def write_grams(grams: GramCounts, folder: Path, reused: Reused = no_reuse) -> dict[str, ShardSet]:
    """The gram shards (``g/N.HASH.js``, ``p/N.HASH.js``)."""
    return {
        "g": _write_shards(folder, "g", grams.characters, lambda gram: gram, reused("g")),
        "p": _write_shards(folder, "p", grams.positions, lambda gram: gram, reused("p")),
    }


def write_documents(
    issues: Iterable[list[SearchDocument] | int], folder: Path, reuse: DocumentReuse | None = None
) -> list[list]:
    """What each result shows (``doc/REF.HASH.js``): its labels in both languages, and its
    passages as [anchor, heading, text] (the best-matching one is shown and linked to).
    ``issues``: each issue's documents in ref order, or its article count alone where
    ``reuse`` knows its files by their key (``DocumentReuse.known``), so nothing it shows
    is made. Returns the groups as the manifest lists them, [article count, HASH] for each
    run of one issue's articles. ``reuse``: where the files of issues shown as before are
    taken from."""
    groups: list[list] = []
    first = 0
    for run in issues:
        if isinstance(run, int):
            # Known by its key: taken without what it shows, which is not read.
            group = reuse.taken(first, [], folder) if reuse is not None else None
            if group is None:
                raise ValueError(f"result files from ref {first} are not known")
            count = run
        else:
            group, count = _issue_documents(run, first, folder, reuse), len(run)
        groups.append([count, group])
        first += count
    if reuse is not None:
        reuse.save()
    return groups


def _issue_documents(
    documents: list[SearchDocument], first: int, folder: Path, reuse: DocumentReuse | None
) -> str:
    """One issue's result files, from ref ``first``; returns their HASH."""
    texts = [payload(_shown(doc)) for doc in documents]
    group = reuse.taken(first, texts, folder) if reuse is not None else None
    if group is None:
        group = digest("\n".join(texts))
        for k, text in enumerate(texts):
            write_script(folder, f"doc/{first + k}.{group}", text)
        if reuse is not None:
            reuse.keep(first, texts, group, folder)
    return group


def _shown(doc: SearchDocument) -> dict:
    labels = ("issue", "issue_en", "date_zh", "date_en")
    titles = ("path", "title", "title_en", "source_title", "section", "date")
    return {k: getattr(doc, k) for k in titles + labels} | {
        "passages": [[p.id, p.heading, p.text] for p in doc.passages]
    }


def write_english(table: dict[str, list[str]], folder: Path) -> dict[str, ShardSet]:
    """English sense → Chinese terms (``e/N.HASH.js``, by the sense's first word)."""
    return {"e": _write_shards(folder, "e", table, lambda sense: sense.split()[0])}


def _write_shards(
    folder: Path,
    kind: str,
    entries: Mapping[str, Value],
    shard_key: Callable[[str], str],
    reuse: ShardReuse | None = None,
) -> ShardSet:
    size = _size(entries)
    count = shard_count(size)
    if reuse is not None:
        reuse.size = size
    names: dict[int, list[str]] = defaultdict(list)
    for name in entries:
        names[bucket(shard_key(name), count)].append(name)

    def texts() -> Iterator[tuple[int, str | KnownText, Path | None]]:
        # One shard at a time as plain lists: the arrays of the others stay four bytes a
        # number.
        for n in sorted(names):
            if reuse is None:
                yield n, payload({name: _plain(entries[name]) for name in names[n]}), None
                continue
            data = data_digest([(name, entries[name]) for name in names[n]])
            taken = reuse.taken(n, count, data)
            if taken is not None:
                yield n, taken.text, taken.source
                continue
            text = payload({name: _plain(entries[name]) for name in names[n]})
            yield n, text, reuse.keep(n, data, text)

    written = write_shard_texts(folder, kind, texts(), count)
    if reuse is not None:
        reuse.save(written, folder)
    return written


def _plain(value: Value) -> list:
    if isinstance(value, array):
        return value.tolist()
    return [v.tolist() if isinstance(v, array) else v for v in value]


def _size(entries: Mapping[str, Value]) -> int:
    """A kind's size estimate: about four bytes a number, and a key; close enough to size
    shards, and cheap."""
    return sum(len(key) * 3 + 4 * _numbers(value) for key, value in entries.items())


def shard_count(size: int) -> int:
    """The shard count of a kind of that size estimate (``_size``; a patch of the kind's
    shards counts them again from its own)."""
    count = 1
    while count * SHARD_BYTES < size and count < MAX_SHARDS:
        count *= 2
    return count


def _numbers(value: Value) -> int:
    if isinstance(value, array):
        return len(value)
    return sum(len(v) if isinstance(v, list | array) else 1 for v in value)
