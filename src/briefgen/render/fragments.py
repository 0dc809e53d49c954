"""The timeline's months, kept rendered by what each shows.

The timeline lists every dated event of the archive: at 20,000 articles it is 15 MB of HTML
a language, some 3.5 s of CPU to render, and any issue that changes what pages show of it
renders it again. Each month is rendered apart (``_timeline_month.html``) and kept in the
cache under a digest of what it shows: its events (date, sentence, section, topics,
entities, article) and the records of the issues they come from as pages show them
(``facts.shown_record``), by language and by what every page shares (templates, code,
editor's files: ``build``'s ``shared`` digest). A title fixed in one issue renders again only
the months that hold an event of that issue.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Mapping

from briefgen.analysis.timeline import Month
from briefgen.cache import Cache, key
from briefgen.render.facts import digest

_NAMESPACE = "fragments"


class MonthFragments:
    """The rendered months of the last build's timeline, and those of this one."""

    def __init__(self, cache: Cache | None, shared: str, shown: Mapping[str, str]) -> None:
        #: Only with what every page shares and each issue's shown digest can a month be
        #: keyed; without them every month is rendered.
        self.cache = cache if shared and shown else None
        self.entry = key("timeline months", shared)
        self.shown = shown
        self.last: dict[str, str] | None = None
        self.now: dict[str, str] = {}

    def html(self, language: str, month: Month, render: Callable[[], str]) -> str:
        """The month's HTML in ``language``: kept, or ``render``ed now."""
        if self.cache is None:
            return render()
        if self.last is None:
            stored = self.cache.get_bytes(_NAMESPACE, self.entry)
            self.last = pickle.loads(stored) if stored is not None else {}
        name = self._key(language, month)
        if name is None:
            return render()
        found = self.last.get(name)
        if found is None:
            found = render()
        self.now[name] = found
        return found

    def save(self) -> None:
        """Keep this build's months (those of the last build no month shows are dropped)."""
        if self.cache is not None and self.now and self.now != self.last:
            data = pickle.dumps(self.now, pickle.HIGHEST_PROTOCOL)
            self.cache.put_bytes(_NAMESPACE, self.entry, data)
            self.last = self.now

    def _key(self, language: str, month: Month) -> str | None:
        if any(event.entry.issue.id not in self.shown for event in month.events):
            return None
        events = [
            (
                event.date.isoformat(),
                event.news,
                event.sentence,
                event.section,
                event.topics,
                event.entities,
                event.entry.path,
                self.shown[event.entry.issue.id],
            )
            for event in month.events
        ]
        return digest("timeline month", language, month.month, events)
