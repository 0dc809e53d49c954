"""Related articles, found at build time from the distinctive words two articles share.

Words are Chinese character pairs and Latin words (HBM, ASML, CHIPS), plus the article's tags
and topics. A word is distinctive when few articles use it (inverse document frequency); each
article keeps its most distinctive words, and two articles are related by the weight of the
words they share (cosine of those weights).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")
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


def words(text: str) -> Counter[str]:
    """Chinese character pairs and lower-cased Latin words of ``text``, with their counts."""
    found = [run[k : k + 2] for run in _HAN_RUN.findall(text) for k in range(len(run) - 1)]
    found += [w for w in map(str.lower, _LATIN_WORD.findall(text)) if w not in _COMMON_LATIN]
    return Counter(found)


def _counts(doc: Document) -> Counter[str]:
    counts = words(doc.body)
    for word, n in words(doc.title).items():
        counts[word] += TITLE_WEIGHT * n
    for label in doc.labels:
        counts[f"#{label}"] += TITLE_WEIGHT
    return counts


def related(documents: Sequence[Document], count: int = 5) -> dict[str, list[str]]:
    """For each document's key, the keys of up to ``count`` related documents, best first."""
    counts = [_counts(doc) for doc in documents]
    frequency: Counter[str] = Counter(w for c in counts for w in c)
    total = len(documents)
    common = _common(total)
    vectors: list[dict[str, float]] = []
    postings: dict[str, list[int]] = {}
    for k, found in enumerate(counts):
        weights = {
            w: (1 + math.log(n)) * math.log(total / frequency[w])
            for w, n in found.items()
            if 1 < frequency[w] < total and frequency[w] <= common
        }
        kept = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:KEPT_WORDS])
        norm = math.sqrt(sum(v * v for v in kept.values())) or 1.0
        vectors.append({w: v / norm for w, v in kept.items()})
        for word in kept:
            postings.setdefault(word, []).append(k)
    result: dict[str, list[str]] = {}
    for k, vector in enumerate(vectors):
        scores: dict[int, float] = {}
        for word, weight in vector.items():
            for other in postings[word]:
                if other != k:
                    scores[other] = scores.get(other, 0.0) + weight * vectors[other][word]
        best = sorted(
            ((s, documents[o].key) for o, s in scores.items() if s >= MIN_SCORE),
            key=lambda item: (-item[0], item[1]),
        )
        result[documents[k].key] = [key for _, key in best[:count]]
    return result
