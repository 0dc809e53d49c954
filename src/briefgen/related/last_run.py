"""What one run of related articles keeps for the next (``LastRun``), and the digests by which
the next knows a list unchanged: of the archive's keys and words, of each word's posting and
each article's kept words and weights."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.cache import Cache
from briefgen.related_words import Document, Found, IssueWords, issue_words


@dataclass(frozen=True, slots=True)
class LastRun:
    """What one run of ``related_again`` found, for the next to take each article's list from
    when nothing the list depends on changed: the article's kept words and weights, and the
    posting of each of them (which articles keep the word, with what weight, in what order).

    When no issue's words changed every list is taken at once; when an issue is added every
    word's rarity changes, and every list is found again; when articles are edited in place,
    only the articles using a word whose rarity changed are weighed again (``containing``),
    and only the lists their changed words reach are found again."""

    count: int
    #: Each kept word → a digest of its posting, as (document key, weight) pairs in order.
    postings: dict[str, str]
    #: Each document's key → a digest of its kept words and weights.
    vectors: dict[str, str]
    results: dict[str, list[str]]
    #: A digest of the count and every document's key, in order.
    documents: str
    #: Each issue's words entry (a digest of its documents, ``issue_words``), in order.
    entries: list[str]
    #: Each issue's words digest, in order: an issue whose text changed but not its words
    #: (a space added) is known to weigh the same.
    digests: list[str]
    #: A digest of ``documents`` and every issue's words digest: while it is the same, so is
    #: every list.
    archive: str
    #: How many documents use each word.
    frequency: dict[str, int]
    #: The documents using each word used by at most ``_common`` documents (the only words
    #: with a rarity), ascending.
    containing: dict[str, array]
    #: Each document's kept words and their weights, in order.
    kept: list[tuple[tuple[str, ...], array]]


@dataclass(frozen=True, slots=True)
class IssueDocuments:
    """The documents by issue, with each issue's words entry and digest, and the words read
    so far (those of issues whose text changed since the last run)."""

    documents: list[list[Document]]
    entries: list[str]
    digests: list[str]
    read: dict[int, IssueWords]
    cache: Cache | None

    def found(self, k: int) -> list[Found]:
        if k not in self.read:
            self.read[k] = issue_words(self.documents[k], self.entries[k], self.cache)
        return self.read[k].found

    def starts(self) -> list[int]:
        """Where each issue's documents start in the archive's order."""
        starts = [0]
        for docs in self.documents[:-1]:
            starts.append(starts[-1] + len(docs))
        return starts


def keys_digest(documents: Sequence[Document], count: int) -> str:
    digest = hashlib.blake2b(str(count).encode(), digest_size=16)
    digest.update("\0".join(doc.key for doc in documents).encode())
    return digest.hexdigest()


def archive_digest(keys: str, digests: list[str]) -> str:
    return hashlib.blake2b("\0".join([keys, *digests]).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Weighed:
    """Every document's kept words and weights, and what the next run needs to weigh again
    only what changed."""

    kept: list[list[tuple[str, float]]]
    #: The documents weighed in this run (None: all of them).
    weighed: set[int] | None
    frequency: dict[str, int]
    containing: dict[str, array]


def posting_digests(
    documents: Sequence[Document],
    postings: dict[str, list[tuple[int, float]]],
    weighed: Weighed,
    last: LastRun | None,
) -> dict[str, str]:
    """Each posting's digest; only those a document weighed again keeps or kept are new."""
    reached: set[str] | None = None
    if last is not None and weighed.weighed is not None:
        reached = {w for k in weighed.weighed for w in last.kept[k][0]}
        reached.update(w for k in weighed.weighed for w, _ in weighed.kept[k])
    return {
        w: last.postings[w]
        if reached is not None and last is not None and w not in reached
        else _digest([documents[k].key for k, _ in p], [v for _, v in p])
        for w, p in postings.items()
    }


def vector_digests(
    documents: Sequence[Document],
    vectors: list[list[tuple[str, float, int]]],
    weighed: Weighed,
    last: LastRun | None,
) -> dict[str, str]:
    return {
        d.key: last.vectors[d.key]
        if last is not None and weighed.weighed is not None and k not in weighed.weighed
        else _digest([w for w, _, _ in vector], [v for _, v, _ in vector])
        for k, (d, vector) in enumerate(zip(documents, vectors, strict=True))
    }


def _digest(names: list[str], weights: list[float]) -> str:
    """A digest of names (keys or words, none holding a NUL) and their weights, every bit
    of them: equal digests, equal weights."""
    digest = hashlib.blake2b("\0".join(names).encode(), digest_size=16)
    digest.update(array("d", weights).tobytes())
    return digest.hexdigest()


def unchanged(key: str, vector: list[tuple[str, float, int]], last: LastRun, now: LastRun) -> bool:
    """Whether ``key``'s list is the one ``last`` found: same kept words and weights, and
    every one of them kept by the same articles with the same weights, in the same order (so
    the same window of it is compared)."""
    return (
        last.count == now.count
        and key in last.results
        and last.vectors.get(key) == now.vectors[key]
        and all(last.postings.get(word) == now.postings[word] for word, _, _ in vector)
    )
