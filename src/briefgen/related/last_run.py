"""What one run of related articles keeps for the next (``LastRun``): the digests by which the
next knows every list unchanged (of the archive's keys and words), and each article's kept
words and each word's posting, by which it knows which lists to find again."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from briefgen.cache import Cache
from briefgen.related.postings import Kept, Postings
from briefgen.related_words import Document, Found, IssueWords, issue_words, stored_packed


@dataclass(frozen=True, slots=True)
class LastRun:
    """What one run of ``related_again`` found, for the next to take each article's list from
    when nothing the list depends on changed: the article's kept words and weights, and the
    posting of each of them (which articles keep the word, with what weight, in what order).

    When no issue's words changed every list is taken at once; when an issue is added every
    word's rarity changes, and every list is found again; when articles are edited in place,
    only the articles using a word whose rarity changed are weighed again (``containing``),
    and only the lists of the articles whose kept words changed, or that keep a word whose
    posting changed, are found again."""

    count: int
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
    kept: list[Kept]
    #: Each kept word's posting (``postings``): kept rather than made again from ``kept``,
    #: which took most of this step after a title fix at 20,000 articles.
    postings: Postings


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

    def packed(self, k: int) -> list[tuple[bytes, bytes]] | None:
        """Issue ``k``'s words as the cache keeps them (each article's NUL-separated and their
        counts), read without making a string of each; None when a word holds a NUL."""
        if k not in self.read:
            stored = stored_packed(self.entries[k], self.cache)
            if stored is not None:
                return stored
        found = self.found(k)
        if any("\0" in word for f in found for word in f.words):
            return None
        return [("\0".join(f.words).encode(), f.counts.tobytes()) for f in found]

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

    kept: list[Kept]
    #: The documents weighed in this run (None: all of them).
    weighed: set[int] | None
    frequency: dict[str, int]
    containing: dict[str, array]
