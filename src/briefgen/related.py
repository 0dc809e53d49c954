"""Related articles, found at build time from the distinctive words two articles share.

Words are Chinese character pairs and Latin words (HBM, ASML, CHIPS), plus the article's tags
and topics. A word is distinctive when few articles use it (inverse document frequency); each
article keeps its most distinctive words, and two articles are related by the weight of the
words they share (cosine of those weights).
"""

from __future__ import annotations

import hashlib
import heapq
import math
import pickle
import re
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from briefgen.cache import Cache, code_digest, key

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
#: Words every briefing uses, which say nothing about a subject.
_COMMON_LATIN = frozenset("the and for with from that this are was www com http https html".split())
#: The words each article keeps.
KEPT_WORDS = 40
#: Below this cosine two articles share too little to be called related.
MIN_SCORE = 0.08
TITLE_WEIGHT = 3
#: A word used by more articles than this says little about any of them (and comparing every
#: pair that shares it would make large archives slow): at least 25, or 2 % of the archive.
COMMON_FLOOR = 25


def _common(total: int) -> int:
    return max(COMMON_FLOOR, total // 50)


@dataclass(frozen=True, slots=True)
class Document:
    """What relatedness reads of one article: its key, title, body and labels."""

    key: str
    title: str
    body: str
    labels: tuple[str, ...]


#: Every overlapping pair of Chinese characters, found in one pass of the regex engine.
_HAN_PAIR = re.compile("(?=([\u3400-\u4dbf\u4e00-\u9fff]{2}))")
#: Through one word, an article is compared with at most ``2 × REACH + 1`` articles using it:
#: those nearest it in the archive's order (newest first). Every word of a 2,000-article archive
#: is used by fewer, so all are compared; above that the work stays linear in the archive
#: instead of growing with the square of a word's use.
REACH = 25


def words(text: str) -> Counter[str]:
    """Chinese character pairs and lower-cased Latin words of ``text``, with their counts."""
    found = _HAN_PAIR.findall(text)
    found += [w for w in map(str.lower, _LATIN_WORD.findall(text)) if w not in _COMMON_LATIN]
    return Counter(found)


def _counts(doc: Document) -> Counter[str]:
    counts = words(doc.body)
    for word, n in words(doc.title).items():
        counts[word] += TITLE_WEIGHT * n
    for label in doc.labels:
        counts[f"#{label}"] += TITLE_WEIGHT
    return counts


@dataclass(frozen=True, slots=True)
class _Found:
    """One article's words and their counts, held compactly while the archive's word
    frequencies are counted: the words are interned (one string object for every article
    using a word) and the counts an int array, not a Counter per article (which held
    1.2 GB at 20,000 articles)."""

    words: tuple[str, ...]
    counts: array

    @classmethod
    def of(cls, counts: Counter[str]) -> _Found:
        return cls(tuple(map(sys.intern, counts)), array("i", counts.values()))


@dataclass(frozen=True, slots=True)
class _IssueWords:
    """The words of one issue's documents, and a digest of them (of every word and count, in
    order): two issues with equal digests weigh the same in every list."""

    found: list[_Found]
    digest: str


def _issues(documents: Sequence[Document]) -> list[list[Document]]:
    """The documents in runs of one issue each (keys ``issues/<issue>/…``), in order."""
    return [list(run) for _, run in groupby(documents, key=lambda doc: doc.key.split("/")[:2])]


def _issue_words(docs: list[Document], entry: str, cache: Cache | None) -> _IssueWords:
    """One issue's words and counts. With ``cache``, kept by ``entry`` (a digest of everything
    they are counted from): reading them back is some four times faster than counting them."""
    stored = cache.get_bytes("related-words", entry) if cache is not None else None
    if stored is not None:
        found = [_unpacked(*packed) for packed in pickle.loads(stored)]
        return _IssueWords(found, hashlib.blake2b(stored, digest_size=16).hexdigest())
    found = [_Found.of(_counts(doc)) for doc in docs]
    # Words are kept NUL-separated; only a label could hold a NUL (pairs and Latin words
    # cannot), and such an issue is simply counted every time.
    if any("\0" in word for f in found for word in f.words):
        data = pickle.dumps([(f.words, f.counts.tobytes()) for f in found])
        return _IssueWords(found, hashlib.blake2b(data, digest_size=16).hexdigest())
    packed = [("\0".join(f.words).encode(), f.counts.tobytes()) for f in found]
    data = pickle.dumps(packed, pickle.HIGHEST_PROTOCOL)
    if cache is not None:
        cache.put_bytes("related-words", entry, data)
    return _IssueWords(found, hashlib.blake2b(data, digest_size=16).hexdigest())


def _documents_digest(documents: list[Document]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for doc in documents:
        for part in (doc.key, doc.title, doc.body, *doc.labels):
            digest.update(len(part).to_bytes(8, "little") + part.encode())
        digest.update(len(doc.labels).to_bytes(8, "little"))
    return digest.hexdigest()


def _unpacked(words: bytes, counts: bytes) -> _Found:
    numbers = array("i")
    numbers.frombytes(counts)
    return _Found(tuple(map(sys.intern, words.decode().split("\0"))) if words else (), numbers)


class _Growth(dict[int, float]):
    """``1 + log(n)`` for a word used ``n`` times, each worked out once."""

    def __missing__(self, n: int) -> float:
        value = self[n] = 1 + math.log(n)
        return value


_GROWTH = _Growth()


def _kept(found: _Found, rarity: dict[str, float]) -> list[tuple[str, float]]:
    """The ``KEPT_WORDS`` most distinctive words of one article, with unit-length weights:
    the heaviest first, equal weights by word (an article's words are distinct, so the order
    is total and a plain sort of (minus weight, word) pairs finds it)."""
    ranked = sorted(
        [
            (-(_GROWTH[n] * r), w)
            for w, n in zip(found.words, found.counts, strict=True)
            if (r := rarity.get(w)) is not None
        ]
    )
    kept = [(w, -negative) for negative, w in ranked[:KEPT_WORDS]]
    norm = math.sqrt(sum(v * v for _, v in kept)) or 1.0
    return [(w, v / norm) for w, v in kept]


@dataclass(frozen=True, slots=True)
class LastRun:
    """What one run of ``related_again`` found, for the next to take each article's list from
    when nothing the list depends on changed: the article's kept words and weights, and the
    posting of each of them (which articles keep the word, with what weight, in what order).
    When no issue's words changed every list is taken at once; when an issue is added every
    word's rarity changes, and every list is found again; when articles are edited in place,
    only the lists their changed words reach."""

    count: int
    #: Each kept word → a digest of its posting, as (document key, weight) pairs in order.
    postings: dict[str, str]
    #: Each document's key → a digest of its kept words and weights.
    vectors: dict[str, str]
    results: dict[str, list[str]]
    #: Each issue's words entry (a digest of its documents, ``_issue_words``) → a digest of
    #: its words and counts: an issue whose text changed but not its words (a space added)
    #: is known to weigh the same.
    words: dict[str, str]
    #: A digest of the count, every document's key and every issue's words digest, in order:
    #: while it is the same, so is every list.
    archive: str


def related(documents: Sequence[Document], count: int = 5) -> dict[str, list[str]]:
    """For each document's key, the keys of up to ``count`` related documents, best first."""
    return related_again(documents, None, count)[0]


def related_again(
    documents: Sequence[Document],
    last: LastRun | None,
    count: int = 5,
    cache: Cache | None = None,
) -> tuple[dict[str, list[str]], LastRun]:
    """``related``, taking from ``last`` every list whose inputs are as they were then; and
    what this run found, for the next. ``cache`` keeps each issue's words (``_issue_words``)."""
    code = code_digest(sys.modules[__name__])
    issues = _issues(documents)
    entries = [key("related words", code, _documents_digest(docs)) for docs in issues]
    known = last.words if last is not None else {}
    # Only the issues whose text changed are read before it is known whether any words did.
    read = {
        k: _issue_words(docs, entry, cache)
        for k, (docs, entry) in enumerate(zip(issues, entries, strict=True))
        if entry not in known
    }
    digests = [known[entry] if k not in read else read[k].digest for k, entry in enumerate(entries)]
    words = dict(zip(entries, digests, strict=True))
    archive = _archive_digest(documents, count, digests)
    if last is not None and last.archive == archive:
        return last.results, last if last.words == words else replace(last, words=words)
    found: list[_Found] = []
    for k, (docs, entry) in enumerate(zip(issues, entries, strict=True)):
        found += (read[k] if k in read else _issue_words(docs, entry, cache)).found
    return _related_from(documents, found, last, count, words, archive)


def _archive_digest(documents: Sequence[Document], count: int, digests: list[str]) -> str:
    digest = hashlib.blake2b(str(count).encode(), digest_size=16)
    digest.update("\0".join(doc.key for doc in documents).encode())
    digest.update("\0".join(digests).encode())
    return digest.hexdigest()


def _related_from(
    documents: Sequence[Document],
    found: list[_Found],
    last: LastRun | None,
    count: int,
    words: dict[str, str],
    archive: str,
) -> tuple[dict[str, list[str]], LastRun]:
    frequency: Counter[str] = Counter()
    for article in found:
        frequency.update(article.words)
    total = len(documents)
    common = _common(total)
    rarity = {w: math.log(total / f) for w, f in frequency.items() if 1 < f < total and f <= common}
    # postings[word]: (document, weight) of every document keeping the word, in archive order;
    # vectors[k]: (word, weight, place of k in the word's posting).
    postings: dict[str, list[tuple[int, float]]] = {}
    vectors: list[list[tuple[str, float, int]]] = []
    for k, article in enumerate(found):
        vector = []
        for word, weight in _kept(article, rarity):
            posting = postings.setdefault(word, [])
            vector.append((word, weight, len(posting)))
            posting.append((k, weight))
        vectors.append(vector)
    this = LastRun(
        count,
        {
            w: _digest([documents[k].key for k, _ in p], [v for _, v in p])
            for w, p in postings.items()
        },
        {
            d.key: _digest([w for w, _, _ in vector], [v for _, v, _ in vector])
            for d, vector in zip(documents, vectors, strict=True)
        },
        {},
        words,
        archive,
    )
    for k, vector in enumerate(vectors):
        key = documents[k].key
        if last is not None and _unchanged(key, vector, last, this):
            this.results[key] = last.results[key]
        else:
            this.results[key] = _best(k, vector, postings, documents, count)
    return this.results, this


def _digest(names: list[str], weights: list[float]) -> str:
    """A digest of names (keys or words, none holding a NUL) and their weights, every bit
    of them: equal digests, equal weights."""
    digest = hashlib.blake2b("\0".join(names).encode(), digest_size=16)
    digest.update(array("d", weights).tobytes())
    return digest.hexdigest()


def _unchanged(key: str, vector: list[tuple[str, float, int]], last: LastRun, now: LastRun) -> bool:
    """Whether ``key``'s list is the one ``last`` found: same kept words and weights, and
    every one of them kept by the same articles with the same weights, in the same order (so
    the same window of it is compared)."""
    return (
        last.count == now.count
        and key in last.results
        and last.vectors.get(key) == now.vectors[key]
        and all(last.postings.get(word) == now.postings[word] for word, _, _ in vector)
    )


def _best(
    k: int,
    vector: list[tuple[str, float, int]],
    postings: dict[str, list[tuple[int, float]]],
    documents: Sequence[Document],
    count: int,
) -> list[str]:
    """The keys of up to ``count`` documents nearest document ``k``, best first."""
    scores: dict[int, float] = {}
    for word, weight, place in vector:
        posting = postings[word]
        start = min(max(0, place - REACH), max(0, len(posting) - 2 * REACH - 1))
        for other, other_weight in posting[start : start + 2 * REACH + 1]:
            scores[other] = scores.get(other, 0.0) + weight * other_weight
    scores.pop(k, None)
    best = heapq.nsmallest(
        count,
        ((s, documents[o].key) for o, s in scores.items() if s >= MIN_SCORE),
        key=lambda item: (-item[0], item[1]),
    )
    return [key for _, key in best]
