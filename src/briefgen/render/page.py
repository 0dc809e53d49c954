"""One page of the site: what it is (``Page``) and the helpers its template is given to
render it in one language (``PageContext``).

Links are relative from each page to its target, so one build works under any sub-path and
straight from disk (file://).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2.runtime import Macro
from markupsafe import Markup

from briefgen.analysis.mentions import Followed
from briefgen.analysis.sources import Source
from briefgen.analysis.timeline import Month
from briefgen.archive import Archive, Entry, IssueEntry
from briefgen.body import NOTE_IDS
from briefgen.english import romanize, source_title, text_lang
from briefgen.i18n import EN, ZH, Language, long_date, month_date, translations
from briefgen.labels import date_text, issue_label, issue_name
from briefgen.records import IssueMeta
from briefgen.render.fragments import MonthFragments
from briefgen.render.markdown import render_markdown
from briefgen.site_paths import href


def N_(message: str) -> str:
    """Marks a UI string for the catalog (``make i18n``); it is translated where it is shown."""
    return message


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
    #: The page says when the archive was last updated (the newest issue's date, in its
    #: footer): only pages made again whenever a newer issue comes anyway, as they show every
    #: issue or every issue's label. Said on every page about many issues, it made every term
    #: list be rendered again for each issue added, though it lists no article of it.
    dated: bool = False


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

    def __init__(
        self,
        archive: Archive,
        language: Language,
        page: Page,
        part: Callable[[str, dict[str, Any]], str] | None = None,
        months: MonthFragments | None = None,
    ) -> None:
        self.archive, self.language, self.page = archive, language, page
        self.file = language.prefix + page.path
        self.folder = posixpath.dirname(self.file) or "."
        #: Renders a partial template with this page's values and some more.
        self.part = part
        self.months = months or MonthFragments(None, "")
        self.pieces = self.months.pieces(archive)

    def timeline_month(self, month: Month) -> Markup:
        """One month of the timeline (``_timeline_month.html``), kept by what it shows."""
        part = self.part
        assert part is not None, "a page's partials are rendered by render_page"
        html = self.months.html(
            self.language.code, month, lambda: part("_timeline_month.html", {"month": month})
        )
        return Markup(html)

    def shared(self, name: str, *varies: str) -> Markup:
        """The partial ``name`` as this page's folder, language and template render it, with
        ``varies``: what else of the page it reads, passed by the template that splices it.
        Rendered once for all the pages that share those (``PagePieces``): the site's header,
        navigation and footer were rendered again for every page, some twenty links each."""
        piece = (name, self.language.code, self.folder, self.page.template, *varies)
        html = self.pieces.html
        found = html.get(piece)
        if found is None:
            part = self.part
            assert part is not None, "a page's partials are rendered by render_page"
            found = html[piece] = Markup(part(name, {}))
        return found

    def kept(self, macro: Macro, shown: Any, *varies: str) -> Markup:
        """``macro(self, shown)``, made once for every page of this template and language
        that passes the same ``varies``: all it reads of the page being rendered (a related
        article is linked by its relative address, which is the same from every folder at
        one depth but its own)."""
        piece = (macro.name, self.language.code, self.page.template, *varies)
        html = self.pieces.html
        found = html.get(piece)
        if found is None:
            # An autoescaping template's macro returns Markup already: nothing is escaped.
            found = html[piece] = Markup(macro(self, shown))
        return found

    def current(self, links: list[tuple[str, str]]) -> str:
        """This page's path when it is one of ``links`` (path, label), else ""."""
        path = self.page.path
        return path if any(target == path for target, _ in links) else ""

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
        # Every list and related article shows dates and issue labels: worked out once
        # (``PagePieces.texts``), by the page each belongs to, which no two share.
        key = ("date", self.language.code, entry.path)
        texts = self.pieces.texts
        found = texts.get(key)
        if found is None:
            found = texts[key] = date_text(entry, self.language)
        return found

    def issue_label(self, issue: IssueEntry | IssueMeta) -> str:
        meta = issue.meta if isinstance(issue, IssueEntry) else issue
        key = ("issue label", self.language.code, type(issue).__name__, meta.id)
        texts = self.pieces.texts
        found = texts.get(key)
        if found is None:
            found = texts[key] = issue_label(issue, self.language)
        return found

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
