"""Related articles, found at build time from the distinctive words two articles share.

Words are Chinese character pairs and Latin words (HBM, ASML, CHIPS), plus the article's tags
and topics. A word is distinctive when few articles use it (inverse document frequency); each
article keeps its most distinctive words, and two articles are related by the weight of the
words they share (cosine of those weights).
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from briefgen import related_words
from briefgen.cache import Cache, code_digest, key
from briefgen.related.last_run import (
    IssueDocuments,
    LastRun,
    Weighed,
    archive_digest,
    keys_digest,
)
from briefgen.related.nearest import Nearest, key_rank
from briefgen.related.postings import (
    Kept,
    Postings,
    changed_postings,
    postings_of,
    postings_updated,
)
from briefgen.related.weights import containing, weights
from briefgen.related_words import (
    Document,
    Found,
    by_issue,
    documents_digest,
    issue_words,
    stored_words,
)

#: The words each article keeps.
KEPT_WORDS = 40
#: A word used by more articles than this says little about any of them (and comparing every
#: pair that shares it would make large archives slow): at least 25, or 2 % of the archive.
COMMON_FLOOR = 25


def _common(total: int) -> int:
    return max(COMMON_FLOOR, total // 50)


class _Growth(dict[int, float]):
    """``1 + log(n)`` for a word used ``n`` times, each worked out once."""

    def __missing__(self, n: int) -> float:
        value = self[n] = 1 + math.log(n)
        return value


_GROWTH = _Growth()


def _kept(found: Found, rarity: dict[str, float]) -> Kept:
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
    # Summed left to right, as ``weights`` sums them (``sum`` compensates from Python 3.12).
    squares = 0.0
    for _, v in kept:
        squares += v * v
    norm = math.sqrt(squares) or 1.0
    return tuple(w for w, _ in kept), array("d", [v / norm for _, v in kept])


def related(documents: Sequence[Document], count: int = 5) -> dict[str, list[str]]:
    """For each document's key, the keys of up to ``count`` related documents, best first."""
    return related_again(documents, None, count)[0]


def related_again(
    documents: Sequence[Document],
    last: LastRun | None,
    count: int = 5,
    cache: Cache | None = None,
    made_of: Mapping[str, str] | None = None,
) -> tuple[dict[str, list[str]], LastRun]:
    """``related``, taking from ``last`` every list whose inputs are as they were then; and
    what this run found, for the next. ``cache`` keeps each issue's words (``issue_words``),
    by a digest of its documents, or by ``made_of`` (issue id → a digest of all they are
    made from) where it has the issue: then its documents need not be read to know them
    unchanged."""
    code = code_digest(sys.modules[__name__], related_words)
    grouped = by_issue(documents)
    entries = [key("related words", code, _made_of(docs, made_of or {})) for docs in grouped]
    known = dict(zip(last.entries, last.digests, strict=True)) if last is not None else {}
    # Only the issues whose text changed are read before it is known whether any words did.
    read = {
        k: issue_words(docs, entry, cache)
        for k, (docs, entry) in enumerate(zip(grouped, entries, strict=True))
        if entry not in known
    }
    digests = [known[entry] if k not in read else read[k].digest for k, entry in enumerate(entries)]
    issues = IssueDocuments(grouped, entries, digests, read, cache)
    keys = keys_digest(documents, count)
    archive = archive_digest(keys, digests)
    if last is not None and last.archive == archive:
        if last.entries == entries:
            return last.results, last
        return last.results, replace(last, entries=entries, digests=digests)
    update = _weighed_again(documents, issues, last, keys) if last is not None else None
    if update is None:
        update = _weighed(documents, issues)
    return _related_from(documents, update, last, count, issues, keys, archive)


def _made_of(docs: list[Document], made_of: Mapping[str, str]) -> str:
    """What one issue's documents (keys ``issues/<issue>/…``) are made from, as a digest."""
    given = made_of.get(docs[0].key.split("/")[1])
    return key("made of", given) if given else documents_digest(docs)


def _rarity(frequency: int, total: int) -> float | None:
    """How distinctive a word used by ``frequency`` of ``total`` documents is; None when it
    is used by one document, by all or by too many to say anything."""
    if 1 < frequency < total and frequency <= _common(total):
        return math.log(total / frequency)
    return None


def _rarities(frequency: dict[str, int], total: int) -> dict[str, float]:
    return {w: r for w, f in frequency.items() if (r := _rarity(f, total)) is not None}


def _weighed(documents: Sequence[Document], issues: IssueDocuments) -> Weighed:
    """Every document weighed from its words: as arrays (``weights``), or word by word where
    a word holds a NUL."""
    packed = [issues.packed(k) for k in range(len(issues.documents))]
    total, common = len(documents), _common(len(documents))
    if all(issue is not None for issue in packed):
        found = weights([issue or [] for issue in packed], total, KEPT_WORDS, common)
        frequency = dict(zip(found.vocabulary.words, found.frequency.tolist(), strict=True))
        return Weighed(found.kept, None, frequency, containing(found, common))
    return _weighed_by_words([f for k in range(len(packed)) for f in issues.found(k)], total)


def _weighed_by_words(found: list[Found], total: int) -> Weighed:
    frequency: Counter[str] = Counter()
    for article in found:
        frequency.update(article.words)
    rarity = _rarities(frequency, total)
    kept = [_kept(article, rarity) for article in found]
    common = _common(total)
    rare = {w for w, f in frequency.items() if f <= common}
    containing: dict[str, array] = {}
    for k, article in enumerate(found):
        for word in rare.intersection(article.words):
            containing.setdefault(word, array("i")).append(k)
    return Weighed(kept, None, dict(frequency), containing)


def _weighed_again(
    documents: Sequence[Document], issues: IssueDocuments, last: LastRun, keys: str
) -> Weighed | None:
    """``_weighed``, weighing again only the documents whose words changed since ``last`` or
    that use a word whose rarity changed; None when that cannot be known (documents added
    or removed, a word newly below the common bound, an issue's last words gone from the
    cache)."""
    if last.documents != keys or len(last.digests) != len(issues.digests):
        return None
    total = len(documents)
    frequency = dict(last.frequency)
    weighed: set[int] = set()
    gained: dict[str, set[int]] = {}
    lost: dict[str, set[int]] = {}
    starts = issues.starts()
    for g, (before, now) in enumerate(zip(last.digests, issues.digests, strict=True)):
        if before == now:
            continue
        old = stored_words(last.entries[g], issues.cache)
        new = issues.found(g)
        if old is None or len(old) != len(new):
            return None
        for offset, (was, is_) in enumerate(zip(old, new, strict=True)):
            if was.words == is_.words and was.counts == is_.counts:
                continue
            k = starts[g] + offset
            weighed.add(k)
            for word in set(was.words).difference(is_.words):
                frequency[word] -= 1
                lost.setdefault(word, set()).add(k)
            for word in set(is_.words).difference(was.words):
                frequency[word] = frequency.get(word, 0) + 1
                gained.setdefault(word, set()).add(k)
    containing = dict(last.containing)
    common = _common(total)
    for word in gained.keys() | lost.keys():
        used, uses = last.frequency.get(word, 0), frequency[word]
        if uses == 0:
            del frequency[word]
        if used > common >= uses > 0:
            return None  # its documents were not kept
        users = set(last.containing.get(word, ())) - lost.get(word, set())
        users |= gained.get(word, set())
        if 0 < uses <= common:
            containing[word] = array("i", sorted(users))
        else:
            containing.pop(word, None)
        if _rarity(used, total) != _rarity(uses, total):
            weighed |= users | set(last.containing.get(word, ()))
    rarity = _rarities(frequency, total)
    kept = list(last.kept)
    for g, start in enumerate(starts):
        ks = [k for k in range(start, start + len(issues.documents[g])) if k in weighed]
        for k in ks:
            kept[k] = _kept(issues.found(g)[k - start], rarity)
    return Weighed(kept, weighed, frequency, containing)


def _related_from(
    documents: Sequence[Document],
    weighed: Weighed,
    last: LastRun | None,
    count: int,
    issues: IssueDocuments,
    keys: str,
    archive: str,
) -> tuple[dict[str, list[str]], LastRun]:
    if last is None or last.documents != keys:
        postings = postings_of(weighed.kept)
        todo: set[int] = set(range(len(documents)))
        results: dict[str, list[str]] = {}
    else:
        postings, todo = _found_again(weighed, last)
        results = dict(last.results)
    order = sorted(todo)
    rank = key_rank([doc.key for doc in documents])
    nearest = Nearest(weighed.kept, postings, order, rank, count)
    for k in order:
        results[documents[k].key] = _best(k, nearest, documents, count)
    this = LastRun(
        count,
        results,
        keys,
        issues.entries,
        issues.digests,
        archive,
        weighed.frequency,
        weighed.containing,
        weighed.kept,
        postings,
    )
    return this.results, this


def _found_again(weighed: Weighed, last: LastRun) -> tuple[Postings, set[int]]:
    """Every kept word's posting, and the documents (the same as ``last``'s, in the same
    order) whose lists must be worked out again: a list changes only where the document's
    kept words changed, or one of them is kept by other documents, or with other weights,
    than before."""
    if weighed.weighed is not None:
        changed = sorted(k for k in weighed.weighed if weighed.kept[k] != last.kept[k])
        postings, words = postings_updated(last.postings, last.kept, weighed.kept, changed)
    else:
        postings = postings_of(weighed.kept)
        changed = [
            k for k, (a, b) in enumerate(zip(weighed.kept, last.kept, strict=True)) if a != b
        ]
        words = changed_postings(last.postings, postings)
    return postings, set(changed).union(*(postings[w][0] for w in words if w in postings))


def _best(k: int, nearest: Nearest, documents: Sequence[Document], count: int) -> list[str]:
    """The keys of up to ``count`` documents nearest document ``k``, best first: one call for
    each list worked out (the tests count them)."""
    return [documents[other].key for other in nearest.of(k)[:count]]
