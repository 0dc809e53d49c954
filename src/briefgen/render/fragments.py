"""The timeline's months, kept rendered by what each shows.

The timeline lists every dated event of the archive: at 20,000 articles it is 15 MB of HTML
a language, some 3.5 s of CPU to render, and any issue that changes what pages show of it
renders it again. Each month is rendered apart (``_timeline_month.html``) and kept in the
cache under a digest of what it shows: each event's date, sentence, section, topics and
entities, and of its article what ``_timeline_month.html`` and its ``title_of`` show (its
page, title, English and original titles, its one footnote's title, which ``source_title``
reads, and its issue's record as pages show it), by language and by what every page shares
(templates, code, editor's files: ``build``'s ``shared`` digest). A title fixed by hand
renders again only the months that hold an event of that article.

A build knows each article's part (``facts.shown_parts``: a digest of its record as pages show
it, with its issue's): every field of an event and every thing ``_timeline_month.html`` shows
of its article is made from that record and from what every page shares (the editor's
entities, topics and sections), so a month is keyed by its events' dates and articles' parts
alone. Digesting every event's sentence and article for every month took half a second of
a page worker after any title fix at 20,000 articles.

Each month's HTML is its own cache entry, under that key: a build writes only the months it
rendered. All months in one entry made every title fix at 20,000 articles pickle and write
30 MB again for the one or two months it changed (a quarter of the page workers' time).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup

from briefgen.analysis.timeline import Month
from briefgen.archive import Entry
from briefgen.cache import Cache, key
from briefgen.records import IssueMeta
from briefgen.render.facts import digest, shown_meta

_NAMESPACE = "fragments"


class PagePieces:
    """Pieces of pages many pages show, rendered once (``PageContext.shared``, ``kept``), and
    texts of the archive's records they show (dates, issue labels), worked out once: for one
    archive and what every page shares (``build``'s ``shared`` digest)."""

    def __init__(self, archive: object, shared: str = "") -> None:
        self.archive, self.shared = archive, shared
        #: HTML by partial, language, folder, template and what else the piece varies by.
        self.html: dict[tuple[object, ...], Markup] = {}
        #: Texts by what they are, language and the page of what they are about.
        self.texts: dict[tuple[str, ...], str] = {}


_kept: PagePieces | None = None


class MonthFragments:
    """The rendered months of the last builds' timelines, and those this one rendered."""

    def __init__(
        self, cache: Cache | None, shared: str, parts: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        #: Only with what every page shares can a month be keyed; without it every month is
        #: rendered.
        self.cache = cache if shared else None
        self.entry = key("timeline months", shared)
        self.issues: dict[str, str] = {}
        #: What each month shows, by its ``YYYY-MM``: digested once for both languages.
        self.shown: dict[str, str] = {}
        #: The months rendered and not yet saved, by their cache entry.
        self.made: dict[str, str] = {}
        #: Each issue's parts (``facts.shown_parts``), by issue id, when the build knows them.
        self.parts = parts
        self.shared = shared
        #: Pieces of pages for this run alone, when what every page shares is not known.
        self.run_pieces = PagePieces(None)

    def pieces(self, archive: object) -> PagePieces:
        """The pieces of pages kept for ``archive``: in this process for every run over that
        archive object and what every page shares (a build's page worker renders many runs,
        and an article is related to some five others), else for this run alone."""
        global _kept
        if not self.shared:
            return self.run_pieces
        if _kept is None or _kept.archive is not archive or _kept.shared != self.shared:
            # Held with the archive it was made for, so no other archive takes its place.
            _kept = PagePieces(archive, self.shared)
        return _kept

    def html(self, language: str, month: Month, render: Callable[[], str]) -> str:
        """The month's HTML in ``language``: kept, or ``render``ed now."""
        if self.cache is None:
            return render()
        name = self._key(language, month)
        stored = self.cache.get_bytes(_NAMESPACE, name)
        if stored is not None:
            return stored.decode("utf-8")
        found = self.made[name] = render()
        return found

    def save(self) -> None:
        """Keep the months rendered since the last call, each in its own entry."""
        if self.cache is not None:
            made, self.made = self.made, {}
            for name, html in made.items():
                self.cache.put_bytes(_NAMESPACE, name, html.encode("utf-8"))

    def _key(self, language: str, month: Month) -> str:
        shown = self.shown.get(month.month)
        if shown is None:
            shown = self.shown[month.month] = self._shown(month)
        return key("timeline month", self.entry, language, shown)

    def _shown(self, month: Month) -> str:
        """A digest of what the month shows in any language (its events, their articles and
        issues): the timeline's 20,000 events were digested once a language before."""
        if self.parts is not None:
            parts = self.parts
            made_of = [
                (event.date.isoformat(), event.news, parts[event.entry.issue.id][event.entry.path])
                for event in month.events
            ]
            return digest("timeline month by parts", month.month, made_of)
        events = [
            (
                event.date.isoformat(),
                event.news,
                event.sentence,
                event.section,
                event.topics,
                event.entities,
                event.entry.path,
                self._article(event.entry),
                self._issue(event.entry.issue),
            )
            for event in month.events
        ]
        return digest("timeline month", month.month, events)

    @staticmethod
    def _article(entry: Entry) -> tuple:
        article = entry.article
        notes = article.footnotes
        return (
            article.title,
            article.title_en,
            article.original_title,
            notes[0].title if len(notes) == 1 else None,
        )

    def _issue(self, meta: IssueMeta) -> str:
        found = self.issues.get(meta.id)
        if found is None:
            found = self.issues[meta.id] = repr(shown_meta(meta))
        return found
