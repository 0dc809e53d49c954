"""The search counts of runs of issues, kept in the cache, so a rebuild counts only the runs
whose articles changed and merges the rest.

The articles are cut into blocks of whole issues, oldest first (the index's ref order). A
block ends after an issue whose id hashes to a multiple of ``BLOCK_ISSUES`` (or after
``MAX_BLOCK_ISSUES`` issues): where blocks end depends on the issues themselves, not on their
positions, so adding, changing or removing one issue changes one block (or two, where it
ends one) and leaves every other block's articles, and its cached counts, as they were. A
block's counts are keyed by what its articles' terms and grams are made from (every field of
each article, the glossary's English names, the code, the segmenters' versions); refs in
them count from the block's first article, and ``merge_terms`` / ``merge_grams`` offset them.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache as once
from importlib.metadata import version

import briefgen
from briefgen.archive import Archive, Entry, IssueEntry
from briefgen.body import Passage
from briefgen.cache import Cache, code_digest, key
from briefgen.records import Article
from briefgen.search.block_edit import EditedBlock, edited_grams, edited_refs
from briefgen.search.counts import FIELDS, TermCounts, count_terms, merge_terms
from briefgen.search.grams import GramCounts, count_grams, merge_grams
from briefgen.search.index import (
    ArticleText,
    article_text,
    exact_text,
    search_entries,
    segment_fields,
    segmenter_digest,
    segments_key,
)

#: A block ends after an issue whose id's hash is a multiple of this: some 16 issues a block.
BLOCK_ISSUES = 16
#: ... or after this many issues, whatever their ids.
MAX_BLOCK_ISSUES = 64
#: One cache entry holds a block's counts, both kinds (terms and grams): "terms" or "grams".
_NAMESPACE = "search-counts"


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive articles of whole issues, in ref order."""

    #: The ref of its first article.
    start: int
    entries: list[Entry]
    #: A digest of everything its counts are made from.
    digest: str
    #: Each article's ``segments_key``: what its digest is made from, kept so that segmenting
    #: the block does not make them again.
    segment_keys: list[str]


def search_blocks(
    archive: Archive, cache: Cache | None = None, digests: Mapping[str, str] | None = None
) -> list[Block]:
    """The archive's articles (``search_entries`` order) cut into blocks of whole issues.
    With ``cache`` and ``digests`` (each issue's record file digest, by issue id), each
    issue's ``segments_key``s are kept by that digest (``_IssueKeys``)."""
    blocks: list[Block] = []
    run: list[Entry] = []
    keys: list[str] = []
    issues = 0
    oldest_first = list(reversed(archive.issues))
    kept = _IssueKeys(cache or Cache(None), archive, digests or {})
    for number, issue in enumerate(oldest_first):
        run += issue.articles
        keys += kept.keys(issue)
        issues += 1
        last = number + 1 == len(oldest_first)
        if last or _ends_block(issue.meta.id) or issues == MAX_BLOCK_ISSUES:
            start = blocks[-1].start + len(blocks[-1].entries) if blocks else 0
            blocks.append(Block(start, run, block_digest(keys), keys))
            run, keys, issues = [], [], 0
    kept.save()
    assert sum(len(b.entries) for b in blocks) == len(search_entries(archive))
    return blocks


class _IssueKeys:
    """Each issue's articles' ``segments_key``s from the last run, by the issue's record file
    digest, for the same code and glossary (whose English names they read): making them
    spells out every article, 0.7 s of CPU at 20,000 articles."""

    def __init__(self, cache: Cache, archive: Archive, digests: Mapping[str, str]) -> None:
        self.cache, self.archive, self.digests = cache, archive, digests
        self.entry = key("issue segment keys", _code(), repr(archive.glossary))
        stored = cache.get_bytes(_NAMESPACE, self.entry) if digests else None
        self.last: dict[str, list[str]] = pickle.loads(stored) if stored is not None else {}
        self.now: dict[str, list[str]] = {}

    def keys(self, issue: IssueEntry) -> list[str]:
        record = self.digests.get(issue.meta.id)
        keys = self.last.get(record) if record else None
        if keys is None or len(keys) != len(issue.articles):
            keys = [segments_key(entry.article, self.archive) for entry in issue.articles]
        if record:
            self.now[record] = keys
        return keys

    def save(self) -> None:
        if self.digests and self.now != self.last:
            data = pickle.dumps(self.now, pickle.HIGHEST_PROTOCOL)
            self.cache.put_bytes(_NAMESPACE, self.entry, data)


def _ends_block(issue_id: str) -> bool:
    value = int.from_bytes(hashlib.sha256(issue_id.encode()).digest()[:4], "big")
    return value % BLOCK_ISSUES == 0


def block_digest(segment_keys: list[str]) -> str:
    """The digest of a block of articles of those ``segments_key``s."""
    return key(_code(), *segment_keys)


@once
def _code() -> str:
    """The whole package's code, what segmenting depends on, and the markdown parser that
    cuts passages: once a process."""
    return key(code_digest(briefgen), segmenter_digest(), version("markdown-it-py"))


def block_terms(block: Block, archive: Archive, cache: Cache) -> TermCounts:
    """The block's term counts (refs from 0): from the cache, or counted and kept there."""
    kept = kept_terms(block.digest, cache)
    if kept is not None:
        return kept
    counts = count_terms(segmented(block, archive, cache))
    keep_terms(block, counts, cache)
    return counts


def keep_terms(block: Block, counts: TermCounts, cache: Cache) -> None:
    """The block's term counts kept by its digest (``kept_terms``)."""
    rows = {f"postings{n}": counts.postings[n] for n in range(len(FIELDS))}
    rows["lengths"] = {str(n): counts.lengths[n] for n in range(len(FIELDS))}
    values = {f"last{n}": counts.last[n] for n in range(len(FIELDS))}
    values |= {"order": counts.order, "documents": counts.documents}
    cache.put_bytes(_NAMESPACE, key("terms", block.digest), pack(rows, values))


def segmented(
    block: Block, archive: Archive, cache: Cache, first: int = 0, packed: Block | None = None
) -> Iterator[dict[str, str]]:
    """The block's documents as lunr is given them (``segment_fields``), from its article
    ``first`` on (refs from 0 there). Each article's are kept in one pack a block, by the
    block's issues, under its ``segments_key``: when an article of the block changes, the
    others come from the pack. (One cache file an article cost more to write in a full build
    than it saves when one changes.) ``packed``: the block whose pack to read, where that is
    another's (the block before articles were added to it, ``grown``)."""
    entry = _pack_entry(block)
    stored = cache.get_bytes(_NAMESPACE, _pack_entry(packed or block))
    last: dict[str, dict[str, str]] = pickle.loads(stored) if stored is not None else {}
    now = {k: last[k] for k in block.segment_keys[:first] if k in last}
    pairs = zip(block.entries[first:], block.segment_keys[first:], strict=True)
    for ref, (article, segments) in enumerate(pairs):
        fields = last.get(segments)
        if fields is None:
            fields = segment_fields(ref, article.article, archive)
            del fields["id"]
        now[segments] = fields
        yield {"id": str(ref), **fields}
    if now != last or packed is not None:
        cache.put_bytes(_NAMESPACE, entry, pickle.dumps(now, pickle.HIGHEST_PROTOCOL))


def _pack_entry(block: Block) -> str:
    issues = dict.fromkeys(entry.issue.id for entry in block.entries)
    return key("segment pack", segmenter_digest(), *issues)


def _terms_of(rows: dict[str, dict[str, array]], values: dict[str, dict[str, int]]) -> TermCounts:
    fields = range(len(FIELDS))
    return TermCounts(
        order=values["order"],
        postings=[rows[f"postings{n}"] for n in fields],
        lengths=[rows["lengths"][str(n)] for n in fields],
        documents=values["documents"],
        last=[values[f"last{n}"] for n in fields],
    )


def kept_terms(digest: str, cache: Cache) -> TermCounts | None:
    """The term counts of the block of that digest, if the cache has them."""
    packed = cache.get_bytes(_NAMESPACE, key("terms", digest))
    return _terms_of(*unpack(packed)) if packed is not None else None


def kept_grams(digest: str, cache: Cache) -> GramCounts | None:
    """The gram counts of the block of that digest, if the cache has them."""
    packed = cache.get_bytes(_NAMESPACE, key("grams", digest))
    if packed is None:
        return None
    rows, values = unpack(packed)
    return GramCounts(
        rows["characters"], rows["positions"], values["characters"], values["positions"]
    )


def block_grams(block: Block, cache: Cache) -> GramCounts:
    """The block's gram counts (refs from 0): from the cache, or counted and kept there."""
    kept = kept_grams(block.digest, cache)
    if kept is not None:
        return kept
    grams = count_grams(exact_text(article) for article in block.entries)
    keep_grams(block, grams, cache)
    return grams


def keep_grams(block: Block, grams: GramCounts, cache: Cache) -> None:
    """The block's gram counts kept by its digest, with its articles' ``segments_key``s
    (``edited_block_grams`` reads which articles changed from them)."""
    rows = {"characters": grams.characters, "positions": grams.positions}
    values = {"characters": grams.last_character, "positions": grams.last_position}
    cache.put_bytes(_NAMESPACE, key("grams", block.digest), pack(rows, values))
    cache.put(_NAMESPACE, key("gram article keys", block.digest), block.segment_keys)


def edited_block_grams(
    block: Block, old_digest: str, old: GramCounts, cache: Cache
) -> tuple[GramCounts, EditedBlock | None]:
    """The block's gram counts, made from ``old`` (its counts as the block of digest
    ``old_digest`` had them) where a few of its articles changed (``block_edit``: what
    changed is returned too), else as ``block_grams`` makes them."""
    kept = kept_grams(block.digest, cache)
    old_keys = cache.get(_NAMESPACE, key("gram article keys", old_digest))
    refs = edited_refs(old_keys, block.segment_keys) if isinstance(old_keys, list) else None
    if refs is None:
        return kept if kept is not None else block_grams(block, cache), None
    edited = edited_grams(old, {ref: exact_text(block.entries[ref]) for ref in refs})
    if kept is None:
        keep_grams(block, edited.counts, cache)
    return edited.counts, edited


def block_texts(block: Block, cache: Cache) -> list[ArticleText]:
    """The block's ``article_text``s: from the cache, or made and kept there. They are kept
    in one pack a block, by the block's issues, under a digest of each article's editor's
    note and body (all a text is made from): a title fixed in the block parses no article's
    markdown again, where texts kept by the block's digest had every article of the block
    parsed (some 370 at 20,000 articles)."""
    issues = dict.fromkeys(entry.issue.id for entry in block.entries)
    entry = key("text pack", _code(), *issues)
    stored = cache.get(_NAMESPACE, entry)
    last: dict[str, list] = stored if isinstance(stored, dict) else {}
    now: dict[str, list] = {}
    texts: list[ArticleText] = []
    for article in block.entries:
        kept_as = _text_key(article.article)
        kept = last.get(kept_as)
        if kept is None:
            made = article_text(article.article)
            # Each passage's fields spelled out: dataclasses.astuple deep-copies every
            # string, and cost a sixth of making the texts (some 110,000 passages at 20,000
            # articles).
            kept = [made.text, [(p.id, p.heading, p.text) for p in made.passages]]
        else:
            made = ArticleText(kept[0], [Passage(*p) for p in kept[1]])
        now[kept_as] = kept
        texts.append(made)
    if now.keys() != last.keys():
        cache.put(_NAMESPACE, entry, now)
    return texts


def _text_key(article: Article) -> str:
    """What an article's ``article_text`` is made from, besides the code: its editor's note
    and its body."""
    note = (article.editor_note or "").encode()
    found = hashlib.blake2b(len(note).to_bytes(8, "little") + note, digest_size=16)
    found.update(article.body.encode())
    return found.hexdigest()


def merged_terms(
    blocks: list[Block], archive: Archive, cache: Cache, seen_before: list[int] | None = None
) -> TermCounts:
    """The archive's term counts, as ``count_terms`` counts them in one pass; ``seen_before``
    gets how many terms the blocks before each block hold."""
    runs = ((block.start, block_terms(block, archive, cache)) for block in blocks)
    return merge_terms(runs, seen_before)


def merged_grams(blocks: list[Block], cache: Cache) -> GramCounts:
    """The archive's gram counts, as ``count_grams`` counts them in one pass."""
    return merge_grams((block.start, block_grams(block, cache)) for block in blocks)


def pack(rows: dict[str, dict[str, array]], values: dict[str, dict[str, int]]) -> bytes:
    """Tables of int arrays and of ints by name, as bytes: the names in a JSON head, every
    number in one array after it (JSON or pickle of millions of numbers is many times slower
    to read)."""
    head = {
        "rows": {n: list(t) for n, t in rows.items()},
        "values": {n: list(t) for n, t in values.items()},
    }
    numbers = array("i")
    for table in rows.values():
        numbers.extend(map(len, table.values()))
    for table in rows.values():
        for row in table.values():
            numbers.extend(row)
    for values_table in values.values():
        numbers.extend(values_table.values())
    text = json.dumps(head, ensure_ascii=False).encode()
    return len(text).to_bytes(8, "little") + text + numbers.tobytes()


def unpack(data: bytes) -> tuple[dict[str, dict[str, array]], dict[str, dict[str, int]]]:
    """What ``pack`` packed."""
    size = int.from_bytes(data[:8], "little")
    head = json.loads(data[8 : 8 + size])
    numbers = array("i")
    numbers.frombytes(data[8 + size :])
    at = 0
    sizes: dict[str, list[int]] = {}
    for name, names in head["rows"].items():
        sizes[name] = numbers[at : at + len(names)].tolist()
        at += len(names)
    rows: dict[str, dict[str, array]] = {}
    for name, names in head["rows"].items():
        table = rows[name] = {}
        for row_name, length in zip(names, sizes[name], strict=True):
            table[row_name] = numbers[at : at + length]
            at += length
    values: dict[str, dict[str, int]] = {}
    for name, names in head["values"].items():
        values[name] = dict(zip(names, numbers[at : at + len(names)].tolist(), strict=True))
        at += len(names)
    return rows, values
