"""What the analysis finds in one article's text (the names of a list it holds, the sentences
that write its dates), kept in the cache an issue at a time.

Finding names and dates reads every article's text: at 20,000 articles most of the analysis's
second of CPU. What is found in an article depends on its text, its dates and what is looked
for alone, so after one issue changed the other issues' findings are taken from the cache:
one file an issue, by a digest of its texts and dates and the analysis code, holding what
each kind of search (``per_text``'s ``kind``) found in each of its articles.

Where the build gave each issue's record file digest (``Archive.record_digests``), an issue's
file is found by that digest and the code that reads records, so an unchanged issue's texts
are neither made nor read (``ArticleText`` makes its text when first asked for).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable, Mapping
from itertools import groupby
from typing import Any, TypeVar

import briefgen
from briefgen.analysis import text as text_module
from briefgen.analysis.text import ArticleText
from briefgen.cache import Cache, code_digest, key

T = TypeVar("T")

_NAMESPACE = "analysis-hits"


class KeptFindings:
    """Each issue's findings, by kind, for ``texts`` (the analysis's, an issue's articles
    together). ``save`` stores the issues whose findings were made now, with the kinds this
    analysis asked for alone (a kind no longer asked for, an old list of names, is dropped)."""

    def __init__(
        self,
        cache: Cache | None,
        texts: list[ArticleText],
        code: str,
        records: Mapping[str, str] | None = None,
    ) -> None:
        self.cache = cache if cache is not None and cache.root is not None else None
        self.texts = texts
        #: Per issue run of ``texts``: its cache entry, first and last + 1 index.
        self.runs: list[tuple[str, int, int]] = []
        if self.cache is None:
            return
        code = key(code, code_digest(sys.modules[__name__], text_module))
        # The whole package: what a record file holds is what it loads.
        loaded_by = code_digest(briefgen) if records else ""
        start = 0
        for issue, run in groupby(texts, key=lambda t: t.entry.issue.id):
            stop = start + sum(1 for _ in run)
            record = (records or {}).get(issue)
            made_of = key("record", loaded_by, record) if record else _digest(texts[start:stop])
            entry = key("analysis findings", code, made_of)
            self.runs.append((entry, start, stop))
            start = stop
        self._stored: dict[str, dict[str, list[Any]]] = {}
        self._now: dict[str, dict[str, list[Any]]] = {}
        self._made: set[str] = set()

    def per_text(self, kind: str, find: Callable[[ArticleText], T]) -> list[T]:
        """``find`` of every text, in order: the kept findings of ``kind`` (which must say
        all ``find`` looks for besides the text) where its issue's are kept."""
        if self.cache is None:
            return [find(t) for t in self.texts]
        found: list[T] = []
        for entry, start, stop in self.runs:
            stored = self._stored_for(entry).get(kind)
            if stored is None:
                stored = [find(t) for t in self.texts[start:stop]]
                self._made.add(entry)
            self._now.setdefault(entry, {})[kind] = stored
            found += stored
        return found

    def save(self) -> None:
        """Store the findings of issues not kept as they are now."""
        if self.cache is None:
            return
        for entry in self._made:
            data = pickle.dumps(self._now[entry], pickle.HIGHEST_PROTOCOL)
            self.cache.put_bytes(_NAMESPACE, entry, data)

    def _stored_for(self, entry: str) -> dict[str, list[Any]]:
        if entry not in self._stored:
            assert self.cache is not None
            data = self.cache.get_bytes(_NAMESPACE, entry)
            try:
                stored = pickle.loads(data) if data is not None else {}
            except (pickle.UnpicklingError, EOFError, ValueError):
                stored = {}
            self._stored[entry] = stored if isinstance(stored, dict) else {}
        return self._stored[entry]


def _digest(texts: list[ArticleText]) -> str:
    """Everything the findings in ``texts`` are made from besides what is looked for: each
    article's path, text, dates and its entry's date (all of them from its issue's record
    file)."""
    digest = hashlib.sha256()
    for text in texts:
        entry = text.entry
        dates = [entry.article.date, *entry.article.dates, str(entry.date)]
        for part in (entry.path, text.text, *map(str, dates)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(b"\1")
    return digest.hexdigest()
