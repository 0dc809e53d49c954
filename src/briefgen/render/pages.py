"""Every page of the site, in both languages, through the Jinja templates in ``templates/``:
which pages there are, what each shows, and how one is rendered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from briefgen.analysis import TIMELINE_PATH, Analysis, analyse
from briefgen.analysis.chart import issue_chart
from briefgen.archive import Archive, IssueEntry
from briefgen.cache import Cache
from briefgen.i18n import EN, LANGUAGES, ZH, Language, translations
from briefgen.labels import plain_text
from briefgen.listing import by_year_and_issue, paginate
from briefgen.render.calls import DirectCalls
from briefgen.render.citations import citation_files, citation_meta
from briefgen.render.dataset import Download, size_text
from briefgen.render.facts import (
    ArchiveFacts,
    digest,
    followed,
    issue_novelty,
    issue_part,
    term_index,
    term_list,
)
from briefgen.render.fragments import MonthFragments
from briefgen.render.markdown import Heading, headings, safe_url
from briefgen.render.messages import template_messages
from briefgen.render.page import N_, Page, PageContext
from briefgen.site_paths import term_index_path

TERM_KINDS = ("section", "tag", "topic", "author")
#: The site's main navigation, in order: the page and its label.
NAVIGATION = (
    ("index.html", N_("Home")),
    ("issues/index.html", N_("Issues")),
    ("sections/index.html", N_("Sections")),
    ("topics/index.html", N_("Topics")),
    ("tags/index.html", N_("Tags")),
    ("authors/index.html", N_("Authors")),
    ("sources/index.html", N_("Cited sources")),
    ("documents/index.html", N_("Documents")),
    ("entities/index.html", N_("Entities")),
    (TIMELINE_PATH, N_("Timeline")),
    ("search.html", N_("Search")),
)


def _whole(facts: ArchiveFacts, page: Page) -> Page:
    """``page``, made from every issue's records and what every page shares alone (the
    analysis is, with the editor's files): reused while no issue changed what pages show of
    it, and no issue came or went."""
    return replace(page, shows=facts.every, facts=digest("whole", page.template), dated=True)


@cache
def environment(templates: Path) -> Environment:
    # One per folder and process: `briefgen serve` rebuilds without compiling every template
    # again; Jinja still recompiles a template whose file changed (auto_reload).
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.context_class = DirectCalls
    env.filters["safe_url"] = safe_url
    env.filters["summary"] = plain_text
    env.filters["citation_meta"] = citation_meta
    env.filters["citation_files"] = citation_files
    env.filters["size"] = size_text
    return env


def site_pages(
    archive: Archive,
    downloads: Sequence[Download] = (),
    cache: Cache | None = None,
    lists: Mapping[str, str] | None = None,
) -> Iterator[Page]:
    """Every page of one language's tree; the home page lists the dataset's ``downloads``;
    ``cache`` keeps what the analysis finds in each issue (``analysis.kept``); ``lists``: the
    term lists' facts digests by page path, when they are the last build's
    (``facts.term_lists_made_of``)."""
    facts = ArchiveFacts(archive)
    lists = lists or {}
    yield home_page(facts, downloads)
    years = {"years": _by_year(archive.issues)}
    yield _whole(facts, Page("issues/index.html", "archive.html", years))
    analysis = analyse(archive, cache)
    for issue in archive.issues:
        older, newer = archive.neighbours(issue)
        around = {"older": older, "newer": newer}
        # The previous and next issue show by their labels alone.
        neighbours = tuple(issue_part(i.meta.id) for i in (older, newer) if i is not None)
        # What the issue names first depends on every earlier issue: its page is reused while
        # what it shows of that is the same (``facts``), whichever earlier issue changed.
        novelty = analysis.novelty[issue.meta.id]
        yield Page(
            issue.path,
            "issue.html",
            {"issue": issue, "novelty": novelty, **around},
            issue.meta.id,
            neighbours,
            issue_novelty(facts, novelty, [section for section, _ in issue.sections]),
        )
        for k, entry in enumerate(issue.articles):
            related = archive.related.get(entry.path, [])
            # The previous and next article show by their titles: an article's page is reused
            # while it, they, its related articles and its issue's label are unchanged.
            pager = tuple(
                issue.articles[j].path for j in (k - 1, k + 1) if 0 <= j < len(issue.articles)
            )
            yield Page(
                entry.path,
                "article.html",
                {
                    "entry": entry,
                    "issue": issue,
                    "previous": issue.articles[k - 1] if k > 0 else None,
                    "next": issue.articles[k + 1] if k + 1 < len(issue.articles) else None,
                    "related": related,
                    "headings": _Headings(entry.article.body),
                    **around,
                },
                issue.meta.id,
                neighbours + pager + tuple(e.path for e in related),
            )
    for kind in TERM_KINDS:
        terms = archive.terms(kind)
        shown = term_index(facts, kind, terms)
        yield Page(term_index_path(kind), "terms.html", {"kind": kind, "terms": terms}, facts=shown)
        for term in terms:
            pages = paginate(term.path, by_year_and_issue(term.entries, archive.issues))
            for list_page in pages:
                known = lists.get(list_page.path)
                shown, listed = term_list(facts, term, list_page, pages, known)
                context = {"term": term, "list": list_page, "pages": pages}
                yield Page(list_page.path, "term.html", context, shows=listed, facts=shown)
    yield from analysis_pages(analysis, facts)
    yield _whole(facts, Page("search.html", "search.html"))
    yield _whole(facts, Page("404.html", "404.html"))


def home_page(facts: ArchiveFacts, downloads: Sequence[Download]) -> Page:
    """The home page: about every issue, and it lists the dataset's files by size, which no
    record decides."""
    home = {"downloads": downloads}
    shown = digest(list(downloads))
    return Page("index.html", "home.html", home, shows=facts.every, facts=shown, dated=True)


def listed_pages(
    archive: Archive,
    downloads: Sequence[Download],
    listed: list[tuple[str, str, str | None, bool]],
    shows: dict[str, tuple[str, ...]],
    facts: dict[str, str],
) -> list[Page]:
    """The pages of a site whose issues show all they showed at its last build (``listed``:
    each page's path, template, issue and ``dated``; ``shows`` and ``facts`` as that build
    kept them):
    every page is that build's, without the contexts that only rendering needs, but the home
    page, made again (it lists the dataset's files). A page of the list that cannot be
    taken from the previous site is rendered from ``pages_for`` (``PageWriter``)."""
    home = home_page(ArchiveFacts(archive), downloads)
    return [
        home
        if path == home.path
        else Page(path, template, {}, issue, shows.get(path, ()), facts.get(path), dated)
        for path, template, issue, dated in listed
    ]


class _Headings:
    """An article's headings, found when its page is rendered (by the worker rendering it)
    rather than for every article before any page is."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.found: list[Heading] | None = None

    def _found(self) -> list[Heading]:
        if self.found is None:
            self.found = headings(self.body)
        return self.found

    def __bool__(self) -> bool:
        return bool(self._found())

    def __iter__(self) -> Iterator[Heading]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


def analysis_pages(analysis: Analysis, facts: ArchiveFacts) -> Iterator[Page]:
    """Sources, documents, entities and the timeline: pages about the whole archive."""
    yield _whole(facts, Page("sources/index.html", "sources.html", {"sources": analysis.sources}))
    for source in analysis.sources:
        # A source's page shows only the issues that cite it: it is reused while they are
        # unchanged, so a save to one issue renders only the sources that issue cites.
        cited = tuple(dict.fromkeys(f"issues/{e.issue.id}/index.html" for e in source.entries))
        yield Page(source.path, "source.html", {"source": source}, cited[0].split("/")[1], cited)
    for folder, things in (("documents", analysis.documents), ("entities", analysis.entities)):
        index = {"folder": folder, "things": things}
        yield _whole(facts, Page(f"{folder}/index.html", "followed_index.html", index))
        for thing in things:
            chart = issue_chart(thing.per_issue)
            context = {"folder": folder, "thing": thing, "chart": chart}
            shown, listed = followed(facts, folder, thing)
            # Its chart has a bar for every issue: it is made again for every issue added.
            yield Page(thing.path, "followed.html", context, shows=listed, facts=shown, dated=True)
    timeline = {"timeline": analysis.timeline, "analysis": analysis}
    yield _whole(facts, Page(TIMELINE_PATH, "timeline.html", timeline))


def _by_year(issues: list[IssueEntry]) -> list[tuple[str, list[IssueEntry]]]:
    years: dict[str, list[IssueEntry]] = {}
    for issue in issues:
        years.setdefault(str(issue.date.year) if issue.date else "—", []).append(issue)
    return list(years.items())


def render_page(
    env: Environment,
    archive: Archive,
    language: Language,
    page: Page,
    built: str,
    months: MonthFragments | None = None,
) -> str:
    """The HTML of one page in one language; ``months``: the timeline's months kept."""
    env.globals.update(template_messages(language.code).as_globals())
    other = EN if language is ZH else ZH
    values: dict[str, Any] = {}

    def part(name: str, more: dict[str, Any]) -> str:
        return env.get_template(name).render(**values, **more)

    ctx = PageContext(archive, language, page, part, months)
    values.update(
        page=page,
        ctx=ctx,
        lang=language,
        other=other,
        languages=LANGUAGES,
        archive=archive,
        settings=archive.settings,
        site_title=archive.settings.title_en if language is EN else archive.settings.title_zh,
        navigation=[
            (path, translations(language.code).gettext(label)) for path, label in NAVIGATION
        ],
        built=built,
        **page.context,
    )
    return env.get_template(page.template).render(**values)


def pages_for(
    archive: Archive,
    downloads: Sequence[Download] = (),
    cache: Cache | None = None,
    lists: Mapping[str, str] | None = None,
) -> list[Page]:
    return list(site_pages(archive, downloads, cache, lists))
