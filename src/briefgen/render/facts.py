"""What a page about many issues shows besides those issues' records, as one digest.

A term's list, a term index or the page of a followed document or entity is about many
issues, so no single issue decides it (``Page.issue_id``). It shows the records of the issues
it lists (``Page.shows``) and some facts about the whole archive: how many articles a term
has, which years its list covers and on which page each starts, how many mentions fell in
each issue. ``Page.facts`` is a digest of those facts, made from exactly what the page's
template is given apart from the listed issues' records and what every page shares: while the
digest and the listed issues are unchanged, the page is taken from the previous site
(``PageReuse.take``) instead of rendered again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable

from briefgen.analysis.mentions import Followed
from briefgen.analysis.novelty import IssueNovelty
from briefgen.archive import Archive, Term
from briefgen.i18n import LANGUAGES
from briefgen.labels import date_text
from briefgen.listing import ListPage
from briefgen.records import Article, Issue, IssueMeta


def digest(*parts: object) -> str:
    """A digest of ``parts`` as ``repr`` writes them: plain values, tuples and lists only."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def shown_record(issue: Issue) -> str:
    """A digest of an issue's records as pages show them: all of them but where they were
    read in the source (its file's digest, each article's lines), which only the dataset
    shows. A source saved again with a space more changes its record file and the dataset,
    and no page."""
    articles = [dataclasses.replace(article, lines=[]) for article in issue.articles]
    return digest(
        repr(dataclasses.replace(issue, issue=shown_meta(issue.issue), articles=articles))
    )


def shown_parts(issue: Issue) -> dict[str, str]:
    """What pages show of an issue, part by part (``Page.shows``): its metadata as labels and
    links show it, under ``issue_part`` (the issue's folder), and each article with that
    metadata, under its page's path. A title fixed by hand changes one article's part: pages
    that show other articles of its issue, or only its label, are reused."""
    meta = digest(repr(shown_meta(issue.issue)))
    folder = issue_part(issue.issue.id)
    parts = {folder: meta}
    for article in issue.articles:
        parts[f"{folder}{article.id}.html"] = digest(
            meta, repr(dataclasses.replace(article, lines=[]))
        )
    return parts


def issue_part(issue_id: str) -> str:
    """What ``Page.shows`` names for an issue's label alone (the previous and next issue)."""
    return f"issues/{issue_id}/"


def shown_meta(meta: IssueMeta) -> IssueMeta:
    """An issue's metadata as pages show it: without its source file's digest."""
    return dataclasses.replace(meta, source_sha256="")


class ArchiveFacts:
    """What many pages about the whole archive share, worked out once per build."""

    def __init__(self, archive: Archive) -> None:
        newest = archive.issues[0] if archive.issues else None
        #: The "updated" date the pages that show every issue say (``Page.dated``), in each
        #: language.
        self.updated = tuple(date_text(newest, lang) if newest else "" for lang in LANGUAGES)
        #: Where each section's page is: every article item links to its section.
        self.sections = digest([(t.name, t.path) for t in archive.sections])
        self._archive = archive
        self._issues = archive.issues
        self._labels: str | None = None
        #: Every issue's page: what a page made from the whole archive shows.
        self.every = tuple(issue.path for issue in archive.issues)

    def section_pages(self, names: Iterable[str | None]) -> list[tuple[str, str]]:
        """Where the pages of the sections printed as ``names`` are: what a page linking to
        those sections alone shows of them. A section's address is its name's (unless names
        clash), so a section new to the archive changes no other page that links to others."""
        archive = self._archive
        printed = sorted({name for name in names if name is not None})
        return [(name, archive.term_path("section", name)) for name in printed]

    @property
    def labels(self) -> str:
        """Every issue's record of what it is called and when: charts name every issue."""
        if self._labels is None:
            shown = [(repr(shown_meta(i.meta)), i.date, i.path) for i in self._issues]
            self._labels = digest(shown)
        return self._labels


def term_lists_made_of(archive: Archive, facts: ArchiveFacts) -> str:
    """A digest of all the term lists' facts digests (``term_list``) are made from besides what
    every page shares: each issue's id and year, in the archive's order, each article's page
    and the names it is filed under (section, tags, authors, topics), and the archive's
    ``sections``. Where each list is cut into pages (``paginate``) is made of the same: how many
    articles each issue has in it, in the archive's order. While it is the last build's, so
    is each list's digest: a
    title fixed by hand changes none of them, and digesting 1,800 lists again took a fifth
    of a second at 20,000 articles, a third of making the page list."""
    topics = archive.article_topics
    return digest(
        "term lists",
        facts.sections,
        [
            (
                issue.meta.id,
                issue.date.year if issue.date else None,
                [(e.path, _filed_under(e.article), topics.get(e.path)) for e in issue.articles],
            )
            for issue in archive.issues
        ],
    )


def _filed_under(article: Article) -> tuple[str | None, list[str], list[str]]:
    """The names an article is filed under by its record: section, tags, authors."""
    return article.section, article.tags, article.authors


def term_list(
    facts: ArchiveFacts,
    term: Term,
    page: ListPage,
    pages: list[ListPage],
    known: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """A term's list page: its facts digest (``known``: the last build's, when the lists are
    made of what they were then, ``term_lists_made_of``), and the articles it lists (their
    issues' labels with them). Whatever this digests must be made of what
    ``term_lists_made_of`` digests: a fact added here is added there too."""
    groups = [(year, group) for year in page.years for group in year.issues]
    listed = tuple(entry.path for _, group in groups for entry in group.entries)
    if known is not None:
        return known, listed
    sections = facts.section_pages(
        entry.article.section for _, group in groups for entry in group.entries
    )
    # The list's count and its years' are on its first page alone (``paginate``), as are the
    # years new to it: a later page's digest changes only when the list is cut again (its
    # open chunk closed), so an issue added renders the first page again, not every page.
    shown = digest(
        "term list",
        sections,
        (term.kind, term.name, term.path),
        (page.number, page.path, page.total),
        [(link.year, link.count, link.path, link.anchor) for link in page.year_links],
        [(other.number, other.path) for other in pages],
        [(year.year, g.issue.meta.id, [e.path for e in g.entries]) for year, g in groups],
    )
    return shown, listed


def term_index(facts: ArchiveFacts, kind: str, terms: list[Term]) -> str:
    """The page of every term of a kind: names, addresses and counts, nothing of an issue."""
    listed = [(t.name, t.path, len(t.entries)) for t in terms]
    return digest("term index", kind, listed)


def followed(facts: ArchiveFacts, folder: str, thing: Followed) -> tuple[str, tuple[str, ...]]:
    """A followed document's or entity's page: its facts digest, and the articles that name
    it (their issues' labels with them). Its chart has a bar for every issue, named by the
    issue's label."""
    shown = digest(
        "followed",
        facts.updated,
        facts.labels,
        folder,
        (thing.key, thing.zh, thing.en, thing.kind, thing.path, thing.aliases),
        [(m.entry.path, m.sentence) for m in thing.mentions],
        [(count.issue.meta.id, count.count) for count in thing.per_issue],
    )
    return shown, tuple(dict.fromkeys(m.entry.path for m in thing.mentions))


def issue_novelty(facts: ArchiveFacts, novelty: IssueNovelty, sections: list[str | None]) -> str:
    """What an issue's page shows beside its own records and its neighbours: the entities and
    documents it names first or carries on (which depend on every earlier issue), each by its
    address, names and count, and where the pages of its table of contents' ``sections``
    (as printed) are."""
    named = (
        novelty.new_entities,
        novelty.carried_entities,
        novelty.new_documents,
        novelty.carried_documents,
    )
    lists = [[(n.followed.path, n.followed.zh, n.followed.en, n.count) for n in ns] for ns in named]
    return digest("issue novelty", facts.section_pages(sections), lists)
