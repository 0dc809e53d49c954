"""The archive as the site sees it: issues, articles and the terms they are browsed by.

Records are loaded once, ordered newest first, and every page gets a site-relative path here,
so templates and feeds never build paths of their own.
"""

from __future__ import annotations

import datetime as dt
import pickle
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import briefgen
from briefgen import related as relatedness
from briefgen import related_words
from briefgen.archive.settings import (
    Glossary,
    SiteSettings,
    load_glossary,
    load_settings,
)
from briefgen.cache import Cache, code_digest, key
from briefgen.files import site_record_files
from briefgen.records import (
    Article,
    Issue,
    IssueMeta,
    load_issue,
)
from briefgen.related import Document
from briefgen.related.stored_run import StoredRun
from briefgen.site_paths import TERM_FOLDERS, term_index_path, term_paths
from briefgen.topics import Topic, load_topics, topics_of


@dataclass(frozen=True, slots=True)
class Entry:
    """One article in the archive, with where its page lives."""

    article: Article
    issue: IssueMeta
    path: str  # "issues/<issue>/<article>.html", relative to the site root
    #: The article's own news date; its issue's date when it has none.
    date: dt.date | None

    @property
    def issue_path(self) -> str:
        return posixpath.dirname(self.path) + "/index.html"

    @property
    def has_own_date(self) -> bool:
        return iso_date(self.article.date) is not None

    @property
    def date_inferred(self) -> bool:
        return self.article.date_inferred if self.has_own_date else self.issue.date_inferred

    @property
    def month_only(self) -> bool:
        """Only the month is trusted: the date is its issue's, and that one is inferred."""
        return not self.has_own_date and self.issue.date_inferred

    @property
    def datetime(self) -> str:
        """The date as a ``<time datetime>`` value: 2024-07-17, or 2024-07 for a month."""
        return _datetime(self.date, self.month_only)

    @property
    def sort_date(self) -> dt.date:
        """Where it goes among the newest: a month alone claims no day after the 1st."""
        if self.date is None:
            return dt.date.min
        return self.date.replace(day=1) if self.month_only else self.date


@dataclass(frozen=True, slots=True)
class IssueEntry:
    meta: IssueMeta
    path: str
    date: dt.date | None
    articles: list[Entry]

    @property
    def date_inferred(self) -> bool:
        return self.meta.date_inferred

    @property
    def month_only(self) -> bool:
        """An inferred issue date is shown by its month: the day is the newest news in it."""
        return self.meta.date_inferred

    @property
    def datetime(self) -> str:
        return _datetime(self.date, self.month_only)

    @property
    def sections(self) -> list[tuple[str | None, list[Entry]]]:
        """Articles grouped by section in issue order, for the table of contents."""
        groups: list[tuple[str | None, list[Entry]]] = []
        for entry in self.articles:
            if not groups or groups[-1][0] != entry.article.section:
                groups.append((entry.article.section, []))
            groups[-1][1].append(entry)
        return groups


@dataclass(frozen=True, slots=True)
class Term:
    """A section, tag or author name with the articles filed under it."""

    kind: str  # "section", "tag" or "author"
    name: str
    path: str
    entries: list[Entry]

    @property
    def index_path(self) -> str:
        """The page listing every term of this kind."""
        return term_index_path(self.kind)

    @property
    def feed_path(self) -> str:
        """The Atom feed of the term's articles (written for sections)."""
        return self.path.removesuffix(".html") + ".xml"


@dataclass(frozen=True, slots=True)
class Archive:
    issues: list[IssueEntry]
    entries: list[Entry]
    sections: list[Term]
    tags: list[Term]
    authors: list[Term]
    glossary: Glossary
    settings: SiteSettings
    #: (kind, name) -> page path, filled on first use.
    _paths: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    #: Issue id -> its older and newer issue of the same publication, filled on first use.
    _neighbours: dict[str, tuple[IssueEntry | None, IssueEntry | None]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: (issue left out, count) -> ``recent``'s articles, filled on first use.
    _recent: dict[tuple[str | None, int], list[Entry]] = field(
        default_factory=dict, repr=False, compare=False
    )
    topics: list[Term] = field(default_factory=list)
    #: The editor's topic list (briefings/topics.yaml).
    topic_list: list[Topic] = field(default_factory=list)
    #: Each article's topics, by page path.
    article_topics: dict[str, list[str]] = field(default_factory=dict)
    #: Each article's related articles, by page path, best first.
    related: dict[str, list[Entry]] = field(default_factory=dict)
    #: The archive folder, where later stages find editor files of their own (entities.yaml).
    folder: Path | None = None
    #: Each issue's record file digest, by issue id, where the build gave them
    #: (``load_archive``): what is worked out from one issue's records alone is kept by it.
    record_digests: Mapping[str, str] = field(default_factory=dict)

    def section_of(self, name: str) -> str:
        """The section a printed section name is listed under (itself unless aliased)."""
        return self.settings.section_aliases.get(name, name)

    def neighbours(self, issue: IssueEntry) -> tuple[IssueEntry | None, IssueEntry | None]:
        """The previous (older) and next (newer) issue of the same publication."""
        if not self._neighbours:
            # Once for all issues: looking each one up in the whole list was quadratic.
            for same in self.publications():
                for k, found in enumerate(same[1]):
                    older = same[1][k + 1] if k + 1 < len(same[1]) else None
                    self._neighbours[found.meta.id] = (older, same[1][k - 1] if k > 0 else None)
        return self._neighbours[issue.meta.id]

    def untopiced(self) -> list[Entry]:
        """Articles no topic of the editor's list covers."""
        return [e for e in self.entries if not self.article_topics.get(e.path)]

    def topic_english(self, name: str) -> str | None:
        return next((t.en for t in self.topic_list if t.zh == name), None)

    def publications(self) -> list[tuple[str, list[IssueEntry]]]:
        """Each publication with its issues, newest first, the most recently issued first."""
        found: dict[str, list[IssueEntry]] = {}
        for issue in self.issues:
            found.setdefault(_publication(issue), []).append(issue)
        return list(found.items())

    def recent(self, skip: IssueEntry | None, count: int) -> list[Entry]:
        """The newest articles by their own dates, leaving out those of issue ``skip``. Once
        for both languages of the home page: finding each article's date took a tenth of a
        second at 20,000 articles, every build."""
        asked = (skip.meta.id if skip is not None else None, count)
        if asked not in self._recent:
            others = [e for e in self.entries if skip is None or e.issue.id != skip.meta.id]
            self._recent[asked] = sorted(others, key=lambda e: e.sort_date, reverse=True)[:count]
        return self._recent[asked]

    def terms(self, kind: str) -> list[Term]:
        return {
            "section": self.sections,
            "tag": self.tags,
            "topic": self.topics,
            "author": self.authors,
        }[kind]

    def term_path(self, kind: str, name: str) -> str:
        if kind == "section":
            name = self.section_of(name)
        if not self._paths:
            for k in TERM_FOLDERS:
                self._paths.update({(k, t.name): t.path for t in self.terms(k)})
        return self._paths.get((kind, name)) or term_paths(kind, [name])[name]

    def unknown_terms(self) -> dict[str, list[str]]:
        """Sections and tags the glossary has no English name for."""
        return {
            "sections": [t.name for t in self.sections if t.name not in self.glossary.sections],
            "tags": [t.name for t in self.tags if t.name not in self.glossary.tags],
        }


def iso_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _datetime(date: dt.date | None, month_only: bool) -> str:
    if date is None:
        return ""
    return date.isoformat()[:7] if month_only else date.isoformat()


def load_archive(
    folder: Path,
    issues: Iterable[Issue] | None = None,
    related: bool = True,
    cache: Cache | None = None,
    digests: Mapping[str, str] | None = None,
) -> Archive:
    """Everything the site shows; RecordError (file and line) on a bad record file.

    ``related=False`` leaves related articles out, for ``with_related`` to add later: the
    build starts the search index (which needs none) first. With ``cache`` and ``digests``
    (each issue's record file digest, by issue id), each issue's topics are kept by that
    digest (``_article_topics``).
    """
    loaded = (
        list(issues) if issues is not None else [load_issue(p) for p in site_record_files(folder)]
    )
    issue_entries: list[IssueEntry] = []
    for issue in loaded:
        date = iso_date(issue.issue.date)
        base = f"issues/{issue.issue.id}"
        entries = [
            Entry(a, issue.issue, f"{base}/{a.id}.html", iso_date(a.date) or date)
            for a in issue.articles
        ]
        issue_entries.append(IssueEntry(issue.issue, f"{base}/index.html", date, entries))
    issue_entries.sort(key=lambda i: (i.date or dt.date.min, i.meta.id), reverse=True)
    entries = [e for issue in issue_entries for e in issue.articles]
    settings = load_settings(folder)
    topic_list = load_topics(folder)
    topics = _article_topics(issue_entries, topic_list, cache or Cache(None), digests or {})
    aliases = settings.section_aliases
    return Archive(
        issues=issue_entries,
        entries=entries,
        sections=_terms(
            "section", entries, lambda a: [aliases.get(a.section, a.section)] if a.section else []
        ),
        tags=_terms("tag", entries, lambda a: a.tags),
        authors=_terms("author", entries, lambda a: a.authors),
        glossary=load_glossary(folder),
        settings=settings,
        topics=_terms("topic", entries, lambda a: [], topics),
        topic_list=topic_list,
        article_topics=topics,
        related=_related(entries, topics) if related else {},
        record_digests=dict(digests or {}),
        folder=folder,
    )


def _article_topics(
    issues: list[IssueEntry], topic_list: list[Topic], cache: Cache, digests: Mapping[str, str]
) -> dict[str, list[str]]:
    """Each article's topics, by its page path. Finding them reads every body (most of what
    loading the archive costs): the last run's are kept, each issue's by its record file's
    digest, for the same topic list and code, and an unchanged issue's are taken."""
    entry = key("topics", code_digest(briefgen), repr(topic_list))
    stored = cache.get_bytes("topics", entry)
    last = pickle.loads(stored) if stored is not None else {}
    now: dict[str, list[list[str]]] = {}
    found: dict[str, list[str]] = {}
    for issue in issues:
        record = digests.get(issue.meta.id)
        kept = last.get(record) if isinstance(last, dict) and record else None
        if not isinstance(kept, list) or len(kept) != len(issue.articles):
            kept = [topics_of(entry.article, topic_list) for entry in issue.articles]
        if record:
            now[record] = kept
        found.update(zip((entry.path for entry in issue.articles), kept, strict=True))
    if cache.root is not None and now != last:
        cache.put_bytes("topics", entry, pickle.dumps(now, pickle.HIGHEST_PROTOCOL))
    return found


def with_related(archive: Archive, cache: Cache | None = None, *, hold: bool = False) -> Archive:
    """``archive`` with each article's related articles. With ``cache``, the lists of the last
    run are taken where nothing they depend on changed (``related.LastRun``); with ``hold``,
    this run's are written when the caller says (``Cache.write_held``): pickling and writing
    them took over half of this step after a title fix at 20,000 articles."""
    cache = cache or Cache(None)
    # One entry, whatever the archive: the last run's lists are taken only where its digests
    # match, so another archive's entry is merely of no use. Pickled: some ten times faster
    # to read back than JSON.
    entry = key("related", code_digest(relatedness, related_words))
    stored = StoredRun.read(cache, entry)
    documents = _documents(archive.entries, archive.article_topics)
    found, this = relatedness.related_again(
        documents, stored.last, cache=cache, made_of=_documents_made_of(archive)
    )
    if this is not stored.last:
        # Written as what changed since a base entry (``StoredRun``): the whole run is 34 MB
        # pickled at 20,000 articles.
        if hold:
            cache.hold("related", entry, partial(stored.head, this))
        else:
            cache.put_bytes("related", entry, stored.head(this))
    return replace(archive, related=_entries_of(archive.entries, found))


def _documents_made_of(archive: Archive) -> dict[str, str]:
    """What each issue's related-article documents are made from, by issue id, where its
    record file digest is known: that file, read by this code (the whole package), and its
    articles' topics (which the topic list decides too). Digesting every article's text
    instead was most of what finding related articles cost after one issue changed."""
    if not archive.record_digests:
        return {}
    loaded_by = code_digest(briefgen)
    topics = archive.article_topics
    return {
        issue.meta.id: key(
            "documents", loaded_by, record, repr([topics.get(e.path, []) for e in issue.articles])
        )
        for issue in archive.issues
        if (record := archive.record_digests.get(issue.meta.id))
    }


def _publication(issue: IssueEntry) -> str:
    return issue.meta.publication or issue.meta.publisher or ""


def _related(entries: list[Entry], topics: dict[str, list[str]]) -> dict[str, list[Entry]]:
    return _entries_of(entries, relatedness.related(_documents(entries, topics)))


def _documents(entries: list[Entry], topics: dict[str, list[str]]) -> list[Document]:
    return [
        Document(e.path, e.article.title, e.article.body, (*e.article.tags, *topics[e.path]))
        for e in entries
    ]


def _entries_of(entries: list[Entry], found: dict[str, list[str]]) -> dict[str, list[Entry]]:
    by_path = {e.path: e for e in entries}
    return {path: [by_path[p] for p in paths] for path, paths in found.items()}


def _terms(
    kind: str,
    entries: list[Entry],
    names_of: Callable[[Article], list[str]],
    assigned: dict[str, list[str]] | None = None,
) -> list[Term]:
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        for name in names_of(entry.article) + (assigned or {}).get(entry.path, []):
            by_name.setdefault(name, []).append(entry)
    paths = term_paths(kind, by_name)
    return [
        Term(kind, name, paths[name], found)
        for name, found in sorted(by_name.items(), key=lambda item: (-len(item[1]), item[0]))
    ]
