"""What the term shards need of lunr's index, counted in one pass over the articles.

The browser scores from raw counts (``shards``), so the build needs none of what lunr.py's
``Builder.build()`` computes (field vectors, BM25 weights, the token set), nor the per-token
metadata its ``add`` keeps. ``count_terms`` streams the documents lunr would be given and keeps
only the counts, as flat integer arrays: each term's lunr term index (the order in which
``Builder.add`` first meets it), and per field the articles that hold it in ref order, with the
term's frequency there and the field's length. ``tests/test_search_counts.py`` checks the
counts against lunr.py's Builder on the seed archive, term for term.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: The fields lunr indexes, in the order the Builder reads them, with their boosts: a match
#: in the title counts most, then tags, section and authors, then body.
FIELDS = (("title", 10), ("meta", 4), ("body", 1))
#: lunr's tokenizer splits a field on these (``lunr.tokenizer.SEPARATOR_CHARS``).
_LUNR_SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")
_SEPARATORS_BUT_SPACE = re.compile("[\t\n\r\f\v\xa0-]")
_CJK_TERM = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class TermCounts:
    """Every term of the archive with the counts its postings are written from."""

    #: Term → lunr's term index (``_index``): the order the Builder first meets each term.
    order: dict[str, int]
    #: Per field, in FIELDS order: term → [ref delta, term frequency, field length, …] over
    #: the articles whose field holds the term, in ref order (the delta of the first is its
    #: ref).
    postings: list[dict[str, array]]
    #: Per field, in FIELDS order: each article's field length (terms), by ref.
    lengths: list[array]
    #: Term → how many articles hold it in any field.
    documents: dict[str, int]
    #: Per field, in FIELDS order: term → the ref of the last article in its posting (what
    #: the next run of articles' first delta is counted from when runs are merged).
    last: list[dict[str, int]]

    def length_sums(self) -> list[int]:
        """Each field's total length over the archive, in FIELDS order (average = sum / N)."""
        return [sum(lengths) for lengths in self.lengths]

    def entries(self) -> Iterator[tuple[str, list]]:
        """Term → [lunr term index, per field [ref delta, term frequency, field length, …]]."""
        empty = array("i")
        for term, index in self.order.items():
            yield term, [index, *(field.get(term, empty) for field in self.postings)]

    def chinese_frequency(self) -> dict[str, int]:
        """Each CJK term of two characters or more, and how many articles hold it."""
        return chinese_terms(self.documents)


def chinese_terms(documents: dict[str, int]) -> dict[str, int]:
    """The CJK terms of two characters or more of ``documents`` (term → count)."""
    return {
        term: count
        for term, count in documents.items()
        if len(term) > 1 and _CJK_TERM.fullmatch(term)
    }


def lunr_terms(field: str) -> list[str]:
    """The terms lunr's tokenizer (its pipeline emptied) makes of a field's text."""
    lowered = field.lower()
    if _SEPARATORS_BUT_SPACE.search(lowered) is None:
        # The usual field, terms joined by spaces: str.split cuts it as lunr does, faster.
        return list(filter(None, lowered.split(" ")))
    return [term for term in _LUNR_SEPARATORS.split(lowered) if term]


def count_terms(documents: Iterable[dict[str, str]]) -> TermCounts:
    """The counts of the documents lunr's Builder would be given, refs 0, 1, 2 … in order."""
    order: dict[str, int] = {}
    postings: list[dict[str, array]] = [{} for _ in FIELDS]
    lengths = [array("i") for _ in FIELDS]
    # The ref of the last article written into each term's posting, per field.
    last: list[dict[str, int]] = [{} for _ in FIELDS]
    documents_of: Counter[str] = Counter()
    for ref, document in enumerate(documents):
        held: set[str] = set()
        for number, (name, _boost) in enumerate(FIELDS):
            terms = lunr_terms(document[name])
            lengths[number].append(len(terms))
            # A Counter keeps its keys in the order it first meets them, as lunr numbers terms.
            frequencies = Counter(terms)
            field, previous = postings[number], last[number]
            for term, frequency in frequencies.items():
                posting = field.get(term)
                if posting is None:
                    posting = field[term] = array("i")
                    if term not in order:
                        order[term] = len(order)
                posting.extend((ref - previous.get(term, 0), frequency, len(terms)))
                previous[term] = ref
            held.update(frequencies)
        documents_of.update(held)
    return TermCounts(order, postings, lengths, dict(documents_of), last)


def merge_terms(
    runs: Iterable[tuple[int, TermCounts]], seen_before: list[int] | None = None
) -> TermCounts:
    """The counts of consecutive runs of articles as ``count_terms`` counts them all at once;
    each run is (ref of its first article, its own counts, refs from 0). ``seen_before``
    gets how many terms the runs before each run hold (where its new terms number from)."""
    order: dict[str, int] = {}
    postings: list[dict[str, array]] = [{} for _ in FIELDS]
    lengths = [array("i") for _ in FIELDS]
    last: list[dict[str, int]] = [{} for _ in FIELDS]
    documents_of: Counter[str] = Counter()
    for start, run in runs:
        if seen_before is not None:
            seen_before.append(len(order))
        # lunr numbers a term where it is first met: in the first run that holds it, in that
        # run's own order.
        for term in run.order:
            if term not in order:
                order[term] = len(order)
        for number in range(len(FIELDS)):
            append_postings(postings[number], last[number], run.postings[number], start)
            last[number].update({t: start + ref for t, ref in run.last[number].items()})
            lengths[number].extend(run.lengths[number])
        documents_of.update(run.documents)
    return TermCounts(order, postings, lengths, dict(documents_of), last)


def append_postings(
    merged: dict[str, array], last: dict[str, int], run: dict[str, array], start: int
) -> None:
    """Append a run's postings (each led by its first ref's delta from 0) to ``merged``,
    whose last refs are ``last``: only each posting's first delta changes, to count from the
    key's last ref before the run (``last`` is not updated here)."""
    for name, row in run.items():
        into = merged.get(name)
        if into is None:
            into = merged[name] = array("i", row)
            into[0] += start
        else:
            at = len(into)
            into.extend(row)
            into[at] += start - last[name]
