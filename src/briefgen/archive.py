"""The archive as the site sees it: issues, articles and the terms they are browsed by.

Records are loaded once, ordered newest first, and every page gets a site-relative path here,
so templates and feeds never build paths of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from briefgen.errors import RecordError
from briefgen.files import GLOSSARY_NAME, SITE_NAME, site_record_files
from briefgen.i18n import EN, Language, long_date, month_date, translations
from briefgen.records import Article, Issue, IssueMeta, load_issue, read_yaml_mapping


@dataclass(frozen=True, slots=True)
class Entry:
    """One article in the archive, with where its page lives."""

    article: Article
    issue: IssueMeta
    path: str  # "issues/<issue>/<article>.html", relative to the site root
    #: The article's own news date; its issue's date when it has none.
    date: dt.date | None

    @property
    def has_own_date(self) -> bool:
        return _date(self.article.date) is not None

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
class Glossary:
    """Editor-owned English names for sections and tags, and search aliases
    (briefings/glossary.yaml)."""

    sections: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    #: A name → other names of the same thing; a query for any finds them all.
    aliases: dict[str, list[str]] = field(default_factory=dict)
    #: Pairs search must not treat as aliases, though the archive's text suggests it.
    not_aliases: list[tuple[str, str]] = field(default_factory=list)

    def english(self, kind: str, name: str) -> str | None:
        table = self.sections if kind == "section" else self.tags if kind == "tag" else {}
        return table.get(name)


DEFAULT_TITLE_ZH = "科技政策快报档案"
DEFAULT_TITLE_EN = "S&T Policy Briefings Archive"


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """Editor-owned site settings (briefings/site.yaml)."""

    title_zh: str = DEFAULT_TITLE_ZH
    title_en: str = DEFAULT_TITLE_EN
    #: Where the site is published (https://host/archive/); feeds and the sitemap need it.
    base_url: str | None = None


@dataclass(frozen=True, slots=True)
class Archive:
    issues: list[IssueEntry]
    entries: list[Entry]
    sections: list[Term]
    tags: list[Term]
    authors: list[Term]
    glossary: Glossary
    settings: SiteSettings

    def recent(self, skip: IssueEntry | None, count: int) -> list[Entry]:
        """The newest articles by their own dates, leaving out those of issue ``skip``."""
        others = [e for e in self.entries if skip is None or e.issue.id != skip.meta.id]
        return sorted(others, key=lambda e: e.sort_date, reverse=True)[:count]

    def terms(self, kind: str) -> list[Term]:
        return {"section": self.sections, "tag": self.tags, "author": self.authors}[kind]

    def term_path(self, kind: str, name: str) -> str:
        return term_path(kind, name)

    def unknown_terms(self) -> dict[str, list[str]]:
        """Sections and tags the glossary has no English name for."""
        return {
            "sections": [t.name for t in self.sections if t.name not in self.glossary.sections],
            "tags": [t.name for t in self.tags if t.name not in self.glossary.tags],
        }


_FOLDERS = {"section": "sections", "tag": "tags", "author": "authors"}


def term_index_path(kind: str) -> str:
    return f"{_FOLDERS[kind]}/index.html"


def term_path(kind: str, name: str) -> str:
    # Names are Chinese; the file keeps the name, and links percent-encode it.
    safe = name.replace("/", "／").strip() or "_"
    return f"{_FOLDERS[kind]}/{safe}.html"


def href(path: str) -> str:
    """A site path as it goes into an href attribute."""
    return quote(path, safe="/#.-_~")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _datetime(date: dt.date | None, month_only: bool) -> str:
    if date is None:
        return ""
    return date.isoformat()[:7] if month_only else date.isoformat()


def load_glossary(folder: Path) -> Glossary:
    path = folder / GLOSSARY_NAME
    data = read_yaml_mapping(path)
    unknown = set(data) - {"sections", "tags", "aliases", "not_aliases"}
    if unknown:
        raise RecordError(
            path,
            1,
            f"unknown key(s) {sorted(unknown)}; expected sections, tags, aliases, not_aliases",
        )
    tables = {}
    for key in ("sections", "tags"):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in table.items()
        ):
            raise RecordError(path, 1, f"'{key}' must map Chinese names to English names")
        tables[key] = table
    return Glossary(
        sections=tables["sections"],
        tags=tables["tags"],
        aliases=_aliases(path, data.get("aliases") or {}),
        not_aliases=_not_aliases(path, data.get("not_aliases") or []),
    )


def _aliases(path: Path, table: object) -> dict[str, list[str]]:
    """``name: [other, …]`` (or ``name: other``), every name a string."""
    if not isinstance(table, dict):
        raise RecordError(path, 1, "'aliases' must map a name to a list of other names")
    out: dict[str, list[str]] = {}
    for name, others in table.items():
        others = [others] if isinstance(others, str) else others
        if not isinstance(name, str) or not isinstance(others, list):
            raise RecordError(path, 1, f"'aliases': {name!r} must map to a list of names")
        if not all(isinstance(other, str) for other in others):
            raise RecordError(path, 1, f"'aliases': every name under {name!r} must be text")
        out[name] = others
    return out


def _not_aliases(path: Path, pairs: object) -> list[tuple[str, str]]:
    """``- [name, other]``: a pair of names that are not the same thing."""
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(n, str) for n in pair)
        for pair in pairs
    ):
        raise RecordError(path, 1, "'not_aliases' must be a list of [name, other name] pairs")
    return [(a, b) for a, b in pairs]


def load_settings(folder: Path) -> SiteSettings:
    path = folder / SITE_NAME
    data = read_yaml_mapping(path)
    known = {"title_zh", "title_en", "base_url"}
    if set(data) - known:
        raise RecordError(path, 1, f"unknown key(s) {sorted(set(data) - known)}; known: {known}")
    base = data.get("base_url")
    if base is not None and not str(base).startswith(("http://", "https://")):
        raise RecordError(path, 1, "base_url must start with http:// or https://")
    if base is not None and not str(base).endswith("/"):
        base = f"{base}/"
    return SiteSettings(
        title_zh=str(data.get("title_zh") or DEFAULT_TITLE_ZH),
        title_en=str(data.get("title_en") or DEFAULT_TITLE_EN),
        base_url=base,
    )


def load_archive(folder: Path, issues: Iterable[Issue] | None = None) -> Archive:
    """Everything the site shows; RecordError (file and line) on a bad record file."""
    loaded = (
        list(issues) if issues is not None else [load_issue(p) for p in site_record_files(folder)]
    )
    issue_entries: list[IssueEntry] = []
    for issue in loaded:
        date = _date(issue.issue.date)
        base = f"issues/{issue.issue.id}"
        entries = [
            Entry(a, issue.issue, f"{base}/{a.id}.html", _date(a.date) or date)
            for a in issue.articles
        ]
        issue_entries.append(IssueEntry(issue.issue, f"{base}/index.html", date, entries))
    issue_entries.sort(key=lambda i: (i.date or dt.date.min, i.meta.id), reverse=True)
    entries = [e for issue in issue_entries for e in issue.articles]
    return Archive(
        issues=issue_entries,
        entries=entries,
        sections=_terms("section", entries, lambda a: [a.section] if a.section else []),
        tags=_terms("tag", entries, lambda a: a.tags),
        authors=_terms("author", entries, lambda a: a.authors),
        glossary=load_glossary(folder),
        settings=load_settings(folder),
    )


def _terms(kind: str, entries: list[Entry], names_of: Callable[[Article], list[str]]) -> list[Term]:
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        for name in names_of(entry.article):
            by_name.setdefault(name, []).append(entry)
    return [
        Term(kind, name, term_path(kind, name), found)
        for name, found in sorted(by_name.items(), key=lambda item: (-len(item[1]), item[0]))
    ]


def date_text(item: Entry | IssueEntry, language: Language) -> str:
    """A date as pages show it: 2024年7月17日, or 2024年7月（推断） for an inferred month."""
    if item.date is None:
        return ""
    text = month_date(item.date, language) if item.month_only else long_date(item.date, language)
    if item.date_inferred:
        return translations(language.code).gettext("%(date)s (inferred)") % {"date": text}
    return text


def _meta_of(issue: IssueEntry | IssueMeta) -> tuple[IssueMeta, IssueEntry]:
    if isinstance(issue, IssueEntry):
        return issue.meta, issue
    return issue, IssueEntry(issue, "", _date(issue.date), [])


def issue_name(issue: IssueEntry | IssueMeta, language: Language) -> str:
    """What the issue is called without its date: "集微技术信息简报 2024年第7期", or the
    publication, or the publisher, or "简报" when nothing names it. Never its folder."""
    meta, entry = _meta_of(issue)
    if language is EN and meta.title_en:
        return meta.title_en
    gettext = translations(language.code).gettext
    name = meta.publication or meta.publisher or gettext("Briefing")
    if not meta.number:
        return name
    if not meta.number.isdigit():
        return f"{name} {meta.number}"  # an editor's own wording stays as it is
    if entry.date is None:
        return f"{name} " + gettext("No. %(number)s") % {"number": meta.number}
    number = gettext("%(year)d, No. %(number)s") % {"year": entry.date.year, "number": meta.number}
    return f"{name} {number}"


def issue_label(issue: IssueEntry | IssueMeta, language: Language) -> str:
    """The issue's name as plain text (titles, search, feeds), with its date when it has no
    number or English title to tell it from other issues of the same publication."""
    meta, entry = _meta_of(issue)
    name = issue_name(entry, language)
    if meta.number or (language is EN and meta.title_en):
        return name
    return f"{name} {date_text(entry, language)}".strip()


def plain_text(markdown: str, limit: int = 160) -> str:
    """A short plain-text summary of a Markdown body, for meta descriptions and feeds."""
    text = re.sub(r"\[\^\d+\]", "", markdown)
    text = re.sub(r"^!\[(.*)\]\(\)$", r"\1", text, flags=re.MULTILINE)  # a figure's caption
    text = re.sub(r"^(?:#+|>)\s*", "", text, flags=re.MULTILINE)
    text = re.sub(r"\\(.)", r"\1", text).replace("**", "")
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
