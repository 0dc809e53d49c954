"""Every page of the site, in both languages, through the Jinja templates in ``templates/``.

Links are relative from each page to its target, so one build works under any sub-path and
straight from disk (file://).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from briefgen.analysis import TIMELINE_PATH, Analysis, analyse
from briefgen.analysis.chart import issue_chart
from briefgen.analysis.mentions import Followed
from briefgen.analysis.sources import Source
from briefgen.archive import Archive, Entry, IssueEntry
from briefgen.body import NOTE_IDS
from briefgen.english import romanize, source_title, text_lang
from briefgen.i18n import EN, LANGUAGES, ZH, Language, long_date, month_date, translations
from briefgen.labels import date_text, issue_label, issue_name, plain_text
from briefgen.listing import by_year_and_issue, paginate
from briefgen.records import IssueMeta
from briefgen.render.citations import citation_files, citation_meta
from briefgen.render.dataset import Download, size_text
from briefgen.render.facts import (
    ArchiveFacts,
    digest,
    followed,
    issue_novelty,
    term_index,
    term_list,
)
from briefgen.render.markdown import Heading, headings, render_markdown, safe_url
from briefgen.render.messages import template_messages
from briefgen.site_paths import href, term_index_path


def N_(message: str) -> str:
    """Marks a UI string for the catalog (``make i18n``); it is translated where it is shown."""
    return message


TERM_KINDS = ("section", "tag", "topic", "author")
#: What a term of each kind is called, one and many.
KIND_NAMES = {
    "section": (N_("Section"), N_("Sections")),
    "tag": (N_("Tag"), N_("Tags")),
    "topic": (N_("Topic"), N_("Topics")),
    "author": (N_("Author"), N_("Authors")),
}
ENTITY_KIND_NAMES = {
    "organization": N_("Organization"),
    "company": N_("Company"),
    "programme": N_("Programme"),
    "place": N_("Place"),
    "other": N_("Other"),
}
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


NOT_FOUND = "404.html"


@dataclass(frozen=True, slots=True)
class Page:
    """One page to write: its path without language prefix, template and context."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    #: The issue whose records alone decide this page (its table of contents, its articles),
    #: so its previous rendering can be reused while those records are unchanged.
    issue_id: str | None = None
    #: Pages of other issues this page shows (related articles, the previous and next issue):
    #: it is reused only while those issues are unchanged and it shows the same ones.
    shows: tuple[str, ...] = ()
    #: A digest of all the page shows besides the records of its issue and of the issues in
    #: ``shows`` (``render.facts``): it is reused only while that digest is unchanged. A page
    #: about many issues (no ``issue_id``) is reused only when it has one.
    facts: str | None = None


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
    env.filters["safe_url"] = safe_url
    env.filters["summary"] = plain_text
    env.filters["citation_meta"] = citation_meta
    env.filters["citation_files"] = citation_files
    env.filters["size"] = size_text
    return env


def site_pages(archive: Archive, downloads: Sequence[Download] = ()) -> Iterator[Page]:
    """Every page of one language's tree; the home page lists the dataset's ``downloads``."""
    facts = ArchiveFacts(archive)
    yield home_page(facts, downloads)
    years = {"years": _by_year(archive.issues)}
    yield facts.whole(Page("issues/index.html", "archive.html", years))
    analysis = analyse(archive)
    for issue in archive.issues:
        older, newer = archive.neighbours(issue)
        around = {"older": older, "newer": newer}
        neighbours = tuple(i.path for i in (older, newer) if i is not None)
        # What the issue names first depends on every earlier issue: its page is reused while
        # what it shows of that is the same (``facts``), whichever earlier issue changed.
        novelty = analysis.novelty[issue.meta.id]
        yield Page(
            issue.path,
            "issue.html",
            {"issue": issue, "novelty": novelty, **around},
            issue.meta.id,
            neighbours,
            issue_novelty(facts, novelty),
        )
        for k, entry in enumerate(issue.articles):
            related = archive.related.get(entry.path, [])
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
                neighbours + tuple(e.path for e in related),
            )
    for kind in TERM_KINDS:
        terms = archive.terms(kind)
        shown = term_index(facts, kind, terms)
        yield Page(term_index_path(kind), "terms.html", {"kind": kind, "terms": terms}, facts=shown)
        for term in terms:
            pages = paginate(term.path, by_year_and_issue(term.entries, archive.issues))
            for list_page in pages:
                shown, listed = term_list(facts, term, list_page, pages)
                context = {"term": term, "list": list_page, "pages": pages}
                yield Page(list_page.path, "term.html", context, shows=listed, facts=shown)
    yield from analysis_pages(analysis, facts)
    yield facts.whole(Page("search.html", "search.html"))
    yield facts.whole(Page("404.html", "404.html"))


def home_page(facts: ArchiveFacts, downloads: Sequence[Download]) -> Page:
    """The home page: about every issue, and it lists the dataset's files by size, which no
    record decides."""
    home = {"downloads": downloads}
    return Page("index.html", "home.html", home, shows=facts.every, facts=digest(list(downloads)))


def listed_pages(
    archive: Archive,
    downloads: Sequence[Download],
    listed: list[tuple[str, str, str | None]],
    shows: dict[str, tuple[str, ...]],
    facts: dict[str, str],
) -> list[Page]:
    """The pages of a site whose issues show all they showed at its last build (``listed``:
    each page's path, template and issue; ``shows`` and ``facts`` as that build kept them):
    every page is that build's, without the contexts that only rendering needs, but the home
    page, made again (it lists the dataset's files). A page of the list that cannot be
    taken from the previous site is rendered from ``pages_for`` (``PageWriter``)."""
    home = home_page(ArchiveFacts(archive), downloads)
    return [
        home
        if path == home.path
        else Page(path, template, {}, issue, shows.get(path, ()), facts.get(path))
        for path, template, issue in listed
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
    yield facts.whole(Page("sources/index.html", "sources.html", {"sources": analysis.sources}))
    for source in analysis.sources:
        # A source's page shows only the issues that cite it: it is reused while they are
        # unchanged, so a save to one issue renders only the sources that issue cites.
        cited = tuple(dict.fromkeys(f"issues/{e.issue.id}/index.html" for e in source.entries))
        yield Page(source.path, "source.html", {"source": source}, cited[0].split("/")[1], cited)
    for folder, things in (("documents", analysis.documents), ("entities", analysis.entities)):
        index = {"folder": folder, "things": things}
        yield facts.whole(Page(f"{folder}/index.html", "followed_index.html", index))
        for thing in things:
            chart = issue_chart(thing.per_issue)
            context = {"folder": folder, "thing": thing, "chart": chart}
            shown, listed = followed(facts, folder, thing)
            yield Page(thing.path, "followed.html", context, shows=listed, facts=shown)
    timeline = {"timeline": analysis.timeline, "analysis": analysis}
    yield facts.whole(Page(TIMELINE_PATH, "timeline.html", timeline))


def _by_year(issues: list[IssueEntry]) -> list[tuple[str, list[IssueEntry]]]:
    years: dict[str, list[IssueEntry]] = {}
    for issue in issues:
        years.setdefault(str(issue.date.year) if issue.date else "—", []).append(issue)
    return list(years.items())


@lru_cache(maxsize=65536)
def _relative_href(target: str, folder: str) -> str:
    # Pages of one folder link to the same places again and again: cached.
    return href(relative_path(target, folder))


def relative_path(target: str, folder: str) -> str:
    """``posixpath.relpath(target, folder)`` for two site paths (relative, normalised, no
    ``..``): the same answer without asking the file system for the working folder, which
    made relpath a tenth of the time spent rendering pages."""
    to = target.split("/")
    start = [] if folder == "." else folder.split("/")
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


@lru_cache(maxsize=8192)
def _day_text(date: dt.date, month: bool, language: Language) -> str:
    # Babel is slow and the timeline shows thousands of dates, most of them many times.
    return month_date(date, language) if month else long_date(date, language)


class PageContext:
    """Helpers a template gets for the page being rendered in one language."""

    def __init__(self, archive: Archive, language: Language, page: Page) -> None:
        self.archive, self.language, self.page = archive, language, page
        self.file = language.prefix + page.path
        self.folder = posixpath.dirname(self.file) or "."

    def url(self, path: str, language: Language | None = None) -> str:
        """Relative href from this page to ``path`` in ``language`` (this one by default);
        absolute on the 404 page when the site knows its address, since a static host serves
        that page at whatever address was asked."""
        target = (language or self.language).prefix + path
        base = self.archive.settings.base_url
        if base and self.page.template == NOT_FOUND:
            return base + href(target)
        return _relative_href(target, self.folder)

    def alternate(self, language: Language) -> str:
        """This page in ``language``, for hreflang: absolute when the site knows its address."""
        base = self.archive.settings.base_url
        if base:
            return base + href(language.prefix + self.page.path)
        return self.url(self.page.path, language)

    def asset(self, path: str) -> str:
        return self.url(f"static/{path}", ZH)

    def term_url(self, kind: str, name: str) -> str:
        return self.url(self.archive.term_path(kind, name))

    def kind_name(self, kind: str, plural: bool = False) -> str:
        """ "Section" / "栏目", or "Sections" / … with ``plural``."""
        return translations(self.language.code).gettext(KIND_NAMES[kind][plural])

    def term_label(self, kind: str, name: str) -> str:
        if self.language is not EN:
            return name
        if kind == "topic":
            return self.archive.topic_english(name) or name
        if kind == "author":
            return romanize(name)
        return self.archive.glossary.english(kind, name) or name

    def topics(self, entry: Entry) -> list[str]:
        return self.archive.article_topics.get(entry.path, [])

    def day(self, date: dt.date, month: bool = False) -> str:
        """A date of the timeline: 2024年7月12日, or its month 2024年7月 with ``month``."""
        return _day_text(date, month, self.language)

    def entity_kind(self, kind: str) -> str:
        return translations(self.language.code).gettext(ENTITY_KIND_NAMES.get(kind, kind))

    def name(self, thing: Followed | Source) -> str:
        """An entity's, document's or source's name in this language."""
        return (thing.en or thing.zh) if self.language is EN else thing.zh

    def absolute(self, path: str) -> str | None:
        """The page's published address, when the site knows where it is published."""
        base = self.archive.settings.base_url
        return base + href(self.language.prefix + path) if base else None

    def title(self, entry: Entry) -> str:
        """The article's title in this language: its English title on English pages when it
        has one, else the title it was printed with."""
        if self.language is EN and entry.article.title_en:
            return entry.article.title_en
        return entry.article.title

    def title_lang(self, entry: Entry) -> str:
        return text_lang(self.title(entry))

    def in_chinese(self, entry: Entry) -> bool:
        """An English page shows this article's Chinese title: it says so."""
        return self.language is EN and not entry.article.title_en

    def source_title(self, entry: Entry) -> str | None:
        """On English pages, the English title of the source the article reports on."""
        return source_title(entry.article) if self.language is EN else None

    def author(self, name: str) -> str:
        """An author's name as this language writes it: pinyin on English pages."""
        return romanize(name) if self.language is EN else name

    def author_lang(self, name: str) -> str:
        return text_lang(self.author(name))

    def text_lang(self, text: str | None) -> str:
        return text_lang(text)

    def date(self, entry: Entry | IssueEntry) -> str:
        return date_text(entry, self.language)

    def issue_label(self, issue: IssueEntry | IssueMeta) -> str:
        return issue_label(issue, self.language)

    def issue_name(self, issue: IssueEntry | IssueMeta) -> str:
        return issue_name(issue, self.language)

    def body(self, entry: Entry) -> Markup:
        return _markdown_html(entry.article.body, frozenset(n.n for n in entry.article.footnotes))

    def note(self, entry: Entry) -> Markup | None:
        if not entry.article.editor_note:
            return None
        notes = frozenset(n.n for n in entry.article.footnotes)
        return _markdown_html(entry.article.editor_note, notes, NOTE_IDS)


@lru_cache(maxsize=16)
def _markdown_html(text: str, notes: frozenset[int], ids: str = "") -> Markup:
    # A page is rendered in both languages one after the other, with the same body HTML.
    return render_markdown(text, set(notes), ids=ids)


def render_page(
    env: Environment, archive: Archive, language: Language, page: Page, built: str
) -> str:
    """The HTML of one page in one language."""
    env.globals.update(template_messages(language.code).as_globals())
    ctx = PageContext(archive, language, page)
    other = EN if language is ZH else ZH
    template = env.get_template(page.template)
    return template.render(
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


def pages_for(archive: Archive, downloads: Sequence[Download] = ()) -> list[Page]:
    return list(site_pages(archive, downloads))
