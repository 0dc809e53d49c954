"""The words related articles are found from, counted per issue and kept in the build cache.

Words are Chinese character pairs and Latin words (HBM, ASML, CHIPS), plus the article's tags
and topics; a title's words count ``TITLE_WEIGHT`` times.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from briefgen.cache import Cache

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")
#: Words every briefing uses, which say nothing about a subject.
_COMMON_LATIN = frozenset("the and for with from that this are was www com http https html".split())
TITLE_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Document:
    """What relatedness reads of one article: its key, title, body and labels."""

    key: str
    title: str
    body: str
    labels: tuple[str, ...]


#: Every overlapping pair of Chinese characters, found in one pass of the regex engine.
_HAN_PAIR = re.compile("(?=([\u3400-\u4dbf\u4e00-\u9fff]{2}))")


def words(text: str) -> Counter[str]:
    """Chinese character pairs and lower-cased Latin words of ``text``, with their counts."""
    found = _HAN_PAIR.findall(text)
    found += [w for w in map(str.lower, _LATIN_WORD.findall(text)) if w not in _COMMON_LATIN]
    return Counter(found)


def word_counts(doc: Document) -> Counter[str]:
    counts = words(doc.body)
    for word, n in words(doc.title).items():
        counts[word] += TITLE_WEIGHT * n
    for label in doc.labels:
        counts[f"#{label}"] += TITLE_WEIGHT
    return counts


@dataclass(frozen=True, slots=True)
class Found:
    """One article's words and their counts, held compactly while the archive's word
    frequencies are counted: the words are interned (one string object for every article
    using a word) and the counts an int array, not a Counter per article (which held
    1.2 GB at 20,000 articles)."""

    words: tuple[str, ...]
    counts: array

    @classmethod
    def of(cls, counts: Counter[str]) -> Found:
        return cls(tuple(map(sys.intern, counts)), array("i", counts.values()))


@dataclass(frozen=True, slots=True)
class IssueWords:
    """The words of one issue's documents, and a digest of them (of every word and count, in
    order): two issues with equal digests weigh the same in every list."""

    found: list[Found]
    digest: str


def by_issue(documents: Sequence[Document]) -> list[list[Document]]:
    """The documents in runs of one issue each (keys ``issues/<issue>/…``), in order."""
    return [list(run) for _, run in groupby(documents, key=lambda doc: doc.key.split("/")[:2])]


def issue_words(docs: list[Document], entry: str, cache: Cache | None) -> IssueWords:
    """One issue's words and counts. With ``cache``, kept by ``entry`` (a digest of everything
    they are counted from): reading them back is some four times faster than counting them."""
    stored = cache.get_bytes("related-words", entry) if cache is not None else None
    if stored is not None:
        found = [unpacked(*packed) for packed in pickle.loads(stored)]
        return IssueWords(found, hashlib.blake2b(stored, digest_size=16).hexdigest())
    found = [Found.of(word_counts(doc)) for doc in docs]
    # Words are kept NUL-separated; only a label could hold a NUL (pairs and Latin words
    # cannot), and such an issue is simply counted every time.
    if any("\0" in word for f in found for word in f.words):
        data = pickle.dumps([(f.words, f.counts.tobytes()) for f in found])
        return IssueWords(found, hashlib.blake2b(data, digest_size=16).hexdigest())
    packed = [("\0".join(f.words).encode(), f.counts.tobytes()) for f in found]
    data = pickle.dumps(packed, pickle.HIGHEST_PROTOCOL)
    if cache is not None:
        cache.put_bytes("related-words", entry, data)
    return IssueWords(found, hashlib.blake2b(data, digest_size=16).hexdigest())


def documents_digest(documents: list[Document]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for doc in documents:
        for part in (doc.key, doc.title, doc.body, *doc.labels):
            digest.update(len(part).to_bytes(8, "little") + part.encode())
        digest.update(len(doc.labels).to_bytes(8, "little"))
    return digest.hexdigest()


def unpacked(words: bytes, counts: bytes) -> Found:
    numbers = array("i")
    numbers.frombytes(counts)
    return Found(tuple(map(sys.intern, words.decode().split("\0"))) if words else (), numbers)


def stored_words(entry: str, cache: Cache | None) -> list[Found] | None:
    stored = cache.get_bytes("related-words", entry) if cache is not None else None
    return [unpacked(*packed) for packed in pickle.loads(stored)] if stored else None


def stored_packed(entry: str, cache: Cache | None) -> list[tuple[bytes, bytes]] | None:
    """One issue's words as ``issue_words`` keeps them: each article's, NUL-separated, and
    their counts."""
    stored = cache.get_bytes("related-words", entry) if cache is not None else None
    return pickle.loads(stored) if stored else None
