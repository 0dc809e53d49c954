"""The search index as small files, so the browser fetches only what a query needs.

lunr scores a document as a sum over the query's terms of (term boost × the term's weight in
that field of that document), divided by the query's length; so each term's postings, with
their weights, are all a query needs of the index. They are stored by the term's first
character, which also tells the browser which terms a query can be cut into. Exact-phrase
recall, which word segmentation alone cannot promise, comes from character n-grams: one- and
two-character grams with per-document counts, and two-character grams with positions, which
prove that a longer phrase stands in a document. What a result shows loads per article.

Files, under ``static/search/`` (each a script, so the page works from file:// too):

- ``manifest.js``: shard counts, the facets of every article, the glossary, and aliases
  (a name → the other names a query for it asks for);
- ``t/N.js``: terms → [lunr term index, postings per field as [ref delta, weight × 1000, …]];
- ``g/N.js``: one- and two-character grams → [ref delta, count, …];
- ``p/N.js``: two-character grams → [ref delta, n, first position, n - 1 position deltas, …];
- ``e/N.js``: English senses → the archive's Chinese terms with that sense (CC-CEDICT);
- ``fold.js``: traditional characters and the simplified forms the archive has, as pairs;
- ``doc/REF.js``: path, titles, issue, section and date of one article (labels in both
  languages), and its passages: [anchor in the article page, heading, text].

A shard is ``bucket(key) % count`` with FNV-1a over code points; search-core.js hashes alike.
"""

from __future__ import annotations

import json
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from lunr.index import Index

from briefgen.archive import Archive
from briefgen.english import romanize
from briefgen.search.index import FIELDS, SearchDocument

#: Aim for shards of about this many bytes before gzip: small enough that a query fetches
#: little beside its own terms, large enough that a big archive is not a million files.
SHARD_BYTES = 12_000
MAX_SHARDS = 4096
FACETS = ("section", "tag", "author", "year", "issue", "month")


def bucket(text: str, count: int) -> int:
    """FNV-1a (32 bit) over the code points of ``text``, modulo ``count``."""
    value = 0x811C9DC5
    for ch in text:
        value = ((value ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return value % count


def write_terms(index: Index, folder: Path) -> dict[str, int]:
    """The term shards (``t/N.js``); returns their count, for the manifest."""
    return {"t": _write_shards(folder, "t", dict(_term_entries(index)), lambda term: term[0])}


def write_grams(documents: list[SearchDocument], folder: Path) -> dict[str, int]:
    """The gram shards (``g/N.js``, ``p/N.js``); returns their counts, for the manifest."""
    grams, positions = _gram_entries([doc.exact_text() for doc in documents])
    counts = {"g": _write_shards(folder, "g", grams, lambda gram: gram)}
    del grams
    counts["p"] = _write_shards(folder, "p", positions, lambda gram: gram)
    return counts


def write_documents(documents: list[SearchDocument], folder: Path) -> None:
    """What each result shows (``doc/REF.js``): its labels in both languages, and its
    passages as [anchor, heading, text] (the best-matching one is shown and linked to)."""
    (folder / "doc").mkdir(parents=True, exist_ok=True)
    for ref, doc in enumerate(documents):
        labels = ("issue", "issue_en", "date_zh", "date_en")
        titles = ("path", "title", "title_en", "source_title", "section", "date")
        shown = {k: getattr(doc, k) for k in titles + labels} | {
            "passages": [[p.id, p.heading, p.text] for p in doc.passages]
        }
        _write(folder / "doc" / f"{ref}.js", _script(f"doc/{ref}", shown))


def write_english(table: dict[str, list[str]], folder: Path) -> dict[str, int]:
    """English sense → Chinese terms (``e/N.js``, by the sense's first word); their count."""
    return {"e": _write_shards(folder, "e", table, lambda sense: sense.split()[0])}


def write_folding(pairs: str, folder: Path) -> None:
    """``fold.js``: the traditional → simplified pairs queries need (``traditional``)."""
    _write(folder / "fold.js", _script("fold", pairs))


def write_manifest(
    archive: Archive,
    documents: list[SearchDocument],
    counts: dict[str, int],
    aliases: dict[str, list[str]],
    folder: Path,
) -> None:
    """``manifest.js``: what every query needs before any shard."""
    manifest = _manifest(archive, documents, counts) | {"aliases": aliases}
    _write(folder / "manifest.js", _script("manifest", manifest))


def _write_shards(
    folder: Path, kind: str, entries: dict[str, list], shard_key: Callable[[str], str]
) -> int:
    count = _shard_count(entries)
    shards: dict[int, dict] = defaultdict(dict)
    for name, value in entries.items():
        shards[bucket(shard_key(name), count)][name] = value
    (folder / kind).mkdir(parents=True, exist_ok=True)
    for number, shard in shards.items():
        _write(folder / kind / f"{number}.js", _script(f"{kind}/{number}", shard))
    return count


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")


def _term_entries(index: Index) -> Iterator[tuple[str, list]]:
    weights = {
        field_ref: dict(zip(vector.elements[::2], vector.elements[1::2], strict=True))
        for field_ref, vector in index.field_vectors.items()
    }
    for term, posting in index.inverted_index.items():
        term_index = posting["_index"]
        fields = []
        for name, _boost in FIELDS:
            refs = sorted(int(ref) for ref in posting[name])
            fields.append(
                _deltas((ref, round(weights[f"{name}/{ref}"][term_index] * 1000)) for ref in refs)
            )
        yield term, [term_index, *fields]


def _gram_entries(texts: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Gram → [ref delta, count, …] (one and two characters) and bigram → positions.

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
            counts[gram] += (ref - counted.get(gram, 0), len(starts))
            counted[gram] = ref
            row = positions[gram]
            row += (ref - placed.get(gram, 0), len(starts), starts[0])
            row += map(operator.sub, starts[1:], starts)
            placed[gram] = ref
    return counts, positions


def _deltas(rows: Iterable[tuple[int, int]]) -> list[int]:
    """[(ref, value), …] in ref order as [ref - previous ref, value, …]: small numbers."""
    flat: list[int] = []
    last = 0
    for ref, value in rows:
        flat += [ref - last, value]
        last = ref
    return flat


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


def _manifest(archive: Archive, documents: list[SearchDocument], counts: dict) -> dict:
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
    return {
        "fields": [name for name, _boost in FIELDS],
        "shards": counts,
        "facets": {kind: list(table) for kind, table in names.items()},
        "docs": rows,
        # What the English page's filters call each value (its results carry their own).
        "glossary": {
            "section": archive.glossary.sections,
            "tag": archive.glossary.tags,
            "issue": {d.issue: d.issue_en for d in documents},
            "author": {name: romanize(name) for d in documents for name in d.authors},
        },
    }


def _script(name: str, data: object) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # JSON in a string for JSON.parse, which browsers read faster than the same data written
    # as a JavaScript literal. Kept safe to inline too: "</script>" must not end a script
    # element, and U+2028/9 are spelled out for older parsers.
    literal = payload.replace("\\", "\\\\").replace("'", "\\'").replace("</", "<\\/")
    literal = literal.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"BriefgenSearch.loaded({json.dumps(name)},JSON.parse('{literal}'));\n"
