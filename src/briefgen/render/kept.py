"""What the last build into the same folder left that this one can take (``LastBuild``, as
``build`` keeps it): which issues, articles and labels show as they did, the page list.

``kept`` is the last build when it was made with what every page shares now (glossary,
settings, templates, code), else None: nothing of another build's pages can be taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.archive import Archive
from briefgen.records import Issue
from briefgen.render.dataset import Download
from briefgen.render.facts import shown_parts, shown_record
from briefgen.render.page import Page
from briefgen.render.page_reuse import PageReuse
from briefgen.render.pages import listed_pages


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What a build keeps of its pages for the next build into the same folder."""

    #: The digest of everything the site was made from (the build's stamp says the same).
    inputs: str
    #: Each issue's record file digest, by issue id.
    issue_digests: dict[str, str]
    #: Each issue's ``shown_record`` digest, by issue id.
    shown: dict[str, str]
    #: Each issue's ``shown_parts``, by issue id.
    parts: dict[str, dict[str, str]]
    #: Every page's path, template, issue id and ``dated`` (``listed_pages``).
    page_list: tuple[tuple[str, str, str | None, bool], ...]
    #: What each page showed of other issues (``Page.shows``), where it showed any.
    shows: dict[str, tuple[str, ...]]
    #: The ``Page.facts`` of each page about many issues.
    facts: dict[str, str]
    #: What the term lists were made of (``facts.term_lists_made_of``).
    term_lists: str

    @classmethod
    def of(
        cls,
        inputs: str,
        issue_digests: dict[str, str],
        shown: dict[str, str],
        parts: dict[str, dict[str, str]],
        pages: Sequence[Page],
        term_lists: str,
    ) -> LastBuild:
        return cls(
            inputs,
            issue_digests,
            shown,
            parts,
            tuple((p.path, p.template, p.issue_id, p.dated) for p in pages),
            {p.path: tuple(p.shows) for p in pages if p.shows},
            {p.path: p.facts for p in pages if p.facts is not None},
            term_lists,
        )

    def term_list_facts(self, term_lists: str) -> dict[str, str] | None:
        """The facts digests of the last build's pages, when its term lists were made of
        ``term_lists``: each term list's digest is then the same (``site_pages``)."""
        return self.facts if self.term_lists == term_lists else None


def reusable_pages(
    out: Path, kept: LastBuild | None, now: dict[str, str], parts: dict[str, dict[str, str]]
) -> PageReuse:
    """The issues whose pages in the previous site can be taken as they are, and the parts
    of the other issues that show as they did (``facts.shown_parts``).

    An issue's own pages depend on its records as pages show them (``shown_record``; an
    article's page on its article's part), on what every page shares, and on the pages,
    articles and labels of other issues they show (``Page.shows``), which ``PageReuse.take``
    checks page by page.
    """
    if kept is None or not out.is_dir():
        return PageReuse(out, frozenset())
    unchanged = frozenset(i for i, d in now.items() if kept.shown.get(i) == d)
    same = frozenset(
        part
        for issue in now.keys() - unchanged
        for part, d in parts[issue].items()
        if kept.parts.get(issue, {}).get(part) == d
    )
    return PageReuse(out, unchanged, dict(kept.shows), kept.facts, same)


def last_page_list(
    kept: LastBuild | None, reuse: PageReuse, archive: Archive, downloads: Sequence[Download]
) -> list[Page] | None:
    """The last build's pages (``listed_pages``), when every issue shows what it showed then
    and none came or went: every page but the home page is then the last build's, and the
    page list, with the analysis behind it, need not be made again."""
    if kept is None:
        return None
    issues = {issue.meta.id for issue in archive.issues}
    if reuse.issues != issues or set(kept.shown) != issues:
        return None
    return listed_pages(archive, downloads, list(kept.page_list), reuse.shown, reuse.facts)


def shown_records(
    kept: LastBuild | None, records: dict[Path, str], issues: list[Issue]
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Each issue's ``shown_record`` digest and its ``shown_parts``, by issue id: the last
    build's for a record file (``records``: each file's digest, in ``issues`` order) it read
    unchanged by the same code (a second of CPU for 20,000 articles made again), else made
    now."""
    files, known, known_parts = (
        (kept.issue_digests, kept.shown, kept.parts) if kept is not None else ({}, {}, {})
    )
    digests: dict[str, str] = {}
    parts: dict[str, dict[str, str]] = {}
    for issue, file in zip(issues, records.values(), strict=True):
        name = issue.issue.id
        if files.get(name) == file and name in known and name in known_parts:
            digests[name], parts[name] = known[name], known_parts[name]
        else:
            digests[name], parts[name] = shown_record(issue), shown_parts(issue)
    return digests, parts
