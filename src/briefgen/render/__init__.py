"""Render stage: the archive model in, the site's pages, feeds and sitemap out, in both languages.

``pages`` lists the pages and renders them through the Jinja templates, ``feeds`` writes Atom
feeds, the sitemap and robots.txt, ``markdown`` turns bodies into HTML.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError

import briefgen
from briefgen.archive import Archive, Entry, IssueEntry, with_related
from briefgen.cache import Cache, code_digest, key
from briefgen.errors import OutputPathError, TemplateProblem
from briefgen.i18n import EN, LANGUAGES, Language, translations
from briefgen.labels import date_text
from briefgen.progress import PAGES, SILENT, Progress
from briefgen.render.assets import write_static
from briefgen.render.citations import citation_files, citation_of
from briefgen.render.dataset import Download, IssueRows, dataset_files, issue_rows
from briefgen.render.feeds import atom_feed, robots, sitemap
from briefgen.render.fragments import MonthFragments
from briefgen.render.page import Page
from briefgen.render.pages import environment, pages_for, render_page

#: Most file systems take 255 bytes per name.
MAX_NAME_BYTES = 255


def site_file(root: Path, path: str) -> Path:
    """``root / path``, refused unless it stays inside ``root`` under names a disk accepts.

    Ids are validated and names pass through ``archive.slug``; this is the last check before
    a write, so no record can make the build write anywhere else.
    """
    return root / site_path(root, path)


def site_path(root: Path, path: str) -> str:
    """``path`` normalised, refused (OutputPathError) as ``site_file`` refuses it."""
    normal = posixpath.normpath(path)
    parts = normal.split("/")
    if (
        "\0" in path
        or "\\" in path
        or posixpath.isabs(normal)
        or ".." in parts
        or normal == "."
        or any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts)
    ):
        raise OutputPathError(root, None, f"refusing to write {path!r}: not a file inside the site")
    return normal


@dataclass(frozen=True, slots=True)
class PageReuse:
    """The previous site, and the issues whose pages in it can be taken as they are."""

    site: Path
    issues: frozenset[str]
    #: What each page of the previous site showed of other issues (``Page.shows``).
    shown: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The ``Page.facts`` of each page of the previous site about many issues.
    facts: dict[str, str] = field(default_factory=dict)
    #: The parts of changed issues that show as they did (``facts.shown_parts``): an
    #: article's page path, or an issue's folder for its label alone.
    parts: frozenset[str] = frozenset()
    #: Folders of the new site made so far (by this process).
    folders: set[str] = field(default_factory=set, compare=False)
    #: The previous site's files, when what the build takes from it stays where it is (the
    #: build puts what changed in its place): a file taken is then noted, not linked.
    existing: frozenset[str] | None = None
    #: The files taken and noted so far, by this process (``taken``).
    noted: list[str] = field(default_factory=list, compare=False)

    def take(self, page: Page, path: str, root: Path) -> bool:
        """Take ``path`` from the previous site to the same path under ``root`` (``_link``), if
        it can be reused: its issue (a page about many issues has none) or, for an article's
        page, its article, its facts and every issue or article it shows are unchanged, and it
        shows the same pages."""
        # A page that showed other pages and shows none now changed too: compare even when empty.
        if self.shown.get(page.path, ()) != page.shows or not all(map(self.unchanged, page.shows)):
            return False
        if page.facts is not None and self.facts.get(page.path) != page.facts:
            return False
        if page.issue_id is None:
            return page.facts is not None and self._link(path, root)
        return self.take_file(page.issue_id, path, root, page.path)

    def unchanged(self, shown: str) -> bool:
        """Whether what a page shows of ``shown`` (a page of another issue, an article, or an
        issue's label) is as the last build showed it."""
        return shown_issue(shown) in self.issues or shown in self.parts

    def take_file(self, issue_id: str | None, path: str, root: Path, part: str = "") -> bool:
        """Take ``path`` from the previous site to the same path under ``root`` (``_link``), if
        issue ``issue_id`` alone decides it and is unchanged, or it is a file of the article
        whose page is ``part`` and that article is unchanged."""
        if issue_id not in self.issues and part not in self.parts:
            return False
        return self._link(path, root)

    def _link(self, path: str, root: Path) -> bool:
        """Note the file as taken when the previous site stays (``existing``), else link it
        (or copy it) into ``root``; False when the previous site has no such file."""
        # Tens of thousands of files a build: paths as strings (pathlib's objects were most of
        # the time), a folder made once, and a missing source found by the link failing rather
        # than by asking first.
        if self.existing is not None:
            # A file the previous site has is inside it, by a path normal already (a path
            # spelled otherwise is not found: the page is rendered, its path checked then).
            if path not in self.existing:
                return False
            self.noted.append(path)
            return True
        normal = site_path(root, path)
        target = f"{root}/{normal}"
        folder = target.rpartition("/")[0]
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        source = f"{self.site}/{normal}"
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:
            if not os.path.isfile(source):
                return False
            shutil.copyfile(source, target)
        return True

    def taken(self) -> list[str]:
        """The files noted as taken (``existing``) since the last call, which forgets them:
        a worker hands them to the build chunk by chunk."""
        # The first ``count`` alone: where threads share this (no fork), another may be
        # noting one more meanwhile, at the end.
        count = len(self.noted)
        noted = self.noted[:count]
        del self.noted[:count]
        return noted


def shown_issue(path: str) -> str:
    """The issue of a page path ``issues/<id>/…``."""
    return path.split("/")[1]


def write_pages(
    archive: Archive,
    root: Path,
    templates: Path,
    reuse: PageReuse,
    progress: Progress = SILENT,
    downloads: Sequence[Download] = (),
) -> list[Page]:
    """Every HTML page in both languages, and the static files; the pages of one language.
    The home page lists ``downloads``.

    One process does it all; ``build`` shares the same ``PageWriter`` chunks among workers.
    """
    pages = pages_for(archive, downloads)
    writer = PageWriter(archive, root, templates, reuse, pages)
    progress.begin(PAGES, len(pages) * len(LANGUAGES))
    for chunk in page_chunks(len(pages)):
        progress.advance(PAGES, writer.write(chunk))
    write_static(root, templates)
    return pages


#: Pages a worker renders at a time: small enough that two workers finish together.
CHUNK_PAGES = 100


@dataclass(frozen=True, slots=True)
class PageChunk:
    """Pages ``start`` to ``stop`` (exclusive) of the page list, in every language."""

    start: int
    stop: int


def page_chunks(total: int, size: int | None = None) -> list[PageChunk]:
    size = size or CHUNK_PAGES
    return [PageChunk(k, min(k + size, total)) for k in range(0, total, size)]


@dataclass(frozen=True, slots=True)
class PageWriter:
    """Writes runs of the page list; any process holding it can write any chunk, and a page's
    bytes do not depend on which process wrote it or in what order."""

    archive: Archive
    root: Path
    templates: Path
    reuse: PageReuse
    pages: list[Page]
    #: The pages are the last build's list (``pages.listed_pages``): a page that cannot be
    #: taken from the previous site has no context to render it with, and is rendered from
    #: ``pages_for``, made by the first process to need it.
    listed: bool = False
    downloads: Sequence[Download] = ()
    #: Each article page's citation files are written (``write_entry_citations``) by the
    #: process that writes the page, instead of all of them by the build's main process.
    citations: bool = False
    #: Where the related articles of the last run are (``archive.with_related``), for a
    #: listed page rendered again, and the timeline's months (``fragments``).
    cache: Cache | None = None
    #: What every page shares (``build``): the timeline's months are kept by it.
    shared: str = ""
    _made: dict[str, Page] = field(default_factory=dict, compare=False)
    _entries: dict[str, Entry] = field(default_factory=dict, compare=False)

    def write(self, chunk: PageChunk) -> int:
        """Render (or take from the previous site) the chunk's pages; how many files."""
        env = environment(self.templates)
        months = MonthFragments(self.cache, self.shared)
        newest = self.archive.issues[0] if self.archive.issues else None
        updated = {lang.code: date_text(newest, lang) if newest else "" for lang in LANGUAGES}
        for page in self.pages[chunk.start : chunk.stop]:
            # Both languages of a page one after the other: they share the body's HTML.
            for language in LANGUAGES:
                path = language.prefix + page.path
                if self.reuse.take(page, path, self.root):
                    continue
                page = self._made_page(page)
                target = site_file(self.root, path)
                # An issue's own pages must not change when another issue is added: only
                # pages about the whole archive say when it was last updated.
                shown = updated[language.code] if page.issue_id is None else ""
                html = _render(env, self.archive, language, page, shown, self.templates, months)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(html, encoding="utf-8")
            months.save()
            if self.citations and page.template == "article.html":
                write_entry_citations(self.archive, self._entry(page.path), self.root, self.reuse)
        return (chunk.stop - chunk.start) * len(LANGUAGES)

    def _entry(self, path: str) -> Entry:
        if not self._entries:
            self._entries.update((entry.path, entry) for entry in self.archive.entries)
        return self._entries[path]

    def _made_page(self, page: Page) -> Page:
        """``page`` with the context to render it: from ``pages_for`` when it is listed."""
        if not self.listed or page.context:
            return page
        if not self._made:
            # A listed build finds no related articles (no page of the list needs them).
            archive = with_related(self.archive, self.cache)
            self._made.update((p.path, p) for p in pages_for(archive, self.downloads, self.cache))
        return self._made[page.path]


def compile_templates(templates: Path) -> None:
    """Compile every page template now, in this process: forked page workers then inherit
    them instead of compiling their own, and ``serve`` compiles them once, not every save.
    A syntax error is a TemplateProblem with its file and line, as when a page is rendered."""
    env = environment(templates)
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except TemplateSyntaxError as exc:
            where = exc.filename or templates / name
            raise TemplateProblem(where, exc.lineno, exc.message or str(exc)) from exc


def _render(
    env: Environment,
    archive: Archive,
    language: Language,
    page: Page,
    built: str,
    templates: Path,
    months: MonthFragments | None = None,
) -> str:
    try:
        return render_page(env, archive, language, page, built, months)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            exc.filename or templates / page.template, exc.lineno, exc.message or str(exc)
        ) from exc
    except TemplateError as exc:
        raise TemplateProblem(
            templates / page.template, None, f"rendering {language.prefix}{page.path}: {exc}"
        ) from exc


def write_feeds(
    archive: Archive,
    root: Path,
    pages: list[Page],
    cache: Cache | None = None,
    inputs: str | None = None,
) -> None:
    """Atom feeds per language and section, the sitemap of ``pages`` and robots.txt. With
    ``cache``, the sitemap is kept by a digest of the page paths and the site's address: it
    changes only when a page is added or removed; and with ``inputs`` (a digest of all the
    feeds are made from: what every issue's records show and every page shares), the feeds
    are kept by it."""
    entry = key("feeds", inputs) if cache is not None and inputs else None
    stored = cache.get_bytes("feeds", entry) if cache is not None and entry else None
    feeds: dict[str, bytes] = pickle.loads(stored) if stored is not None else {}
    if not feeds:
        for language in LANGUAGES:
            feeds.update(_feeds(archive, language))
        if cache is not None and entry:
            cache.put_bytes("feeds", entry, pickle.dumps(feeds, pickle.HIGHEST_PROTOCOL))
    for path, data in feeds.items():
        target = site_file(root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    site_file(root, "sitemap.xml").write_bytes(_sitemap(archive, [p.path for p in pages], cache))
    site_file(root, "robots.txt").write_text(robots(archive), encoding="utf-8")


def _sitemap(archive: Archive, paths: list[str], cache: Cache | None) -> bytes:
    if cache is None:
        return sitemap(archive, paths)
    # Page paths hold no NUL (``site_path`` refuses one).
    listed = hashlib.sha256("\0".join(paths).encode("utf-8", "surrogatepass")).hexdigest()
    entry = key("sitemap", code_digest(briefgen), archive.settings.base_url or "", listed)
    stored = cache.get_bytes("sitemap", entry)
    if stored is None:
        stored = sitemap(archive, paths)
        cache.put_bytes("sitemap", entry, stored)
    return stored


def write_dataset(
    archive: Archive,
    root: Path,
    cache: Cache | None = None,
    digests: Mapping[str, str] | None = None,
) -> list[Download]:
    """The archive as JSON Lines and CSV (``render.dataset``); what the home page lists.

    With ``cache`` and ``digests`` (each issue's record file digest, by issue id), each issue's
    rows are kept by that digest and what else they show (settings, topics, code), and an
    unchanged issue's are read back instead of written again."""
    rows = [_issue_rows(archive, issue, cache, digests) for issue in archive.issues]
    downloads = []
    for file in dataset_files(archive, rows):
        target = site_file(root, file.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.data)
        downloads.append(file.download)
    return downloads


def _issue_rows(
    archive: Archive, issue: IssueEntry, cache: Cache | None, digests: Mapping[str, str] | None
) -> IssueRows:
    record = (digests or {}).get(issue.meta.id)
    if cache is None or record is None:
        return issue_rows(archive, issue)
    settings = archive.settings
    topics = [archive.article_topics.get(e.path, []) for e in issue.articles]
    entry = key(
        "dataset rows",
        # The whole package: the rows show the records as it loads them.
        code_digest(briefgen),
        record,
        settings.base_url or "",
        json.dumps([settings.section_aliases, topics], ensure_ascii=False, sort_keys=True),
    )
    stored = cache.get_bytes("dataset", entry)
    if stored is not None:
        found = pickle.loads(stored)
        if isinstance(found, IssueRows):
            return found
    rows = issue_rows(archive, issue)
    cache.put_bytes("dataset", entry, pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))
    return rows


def write_citations(archive: Archive, root: Path, reuse: PageReuse) -> None:
    """Each article's BibTeX, RIS and CSL-JSON files beside its Chinese page; those of an
    unchanged issue are taken from the previous site, as its pages are."""
    for entry in archive.entries:
        write_entry_citations(archive, entry, root, reuse)


def write_entry_citations(archive: Archive, entry: Entry, root: Path, reuse: PageReuse) -> None:
    """One article's citation files (``write_citations``)."""
    files = citation_files(entry)
    issue = entry.issue.id
    missing = [file for file in files if not reuse.take_file(issue, file.path, root, entry.path)]
    if not missing:
        return
    citation = citation_of(archive, entry)
    targets = [site_file(root, file.path) for file in missing]
    targets[0].parent.mkdir(parents=True, exist_ok=True)
    for file, target in zip(missing, targets, strict=True):
        target.write_text(file.format.write(citation), encoding="utf-8", newline="")


def _feeds(archive: Archive, language: Language) -> dict[str, bytes]:
    """One language's feeds by path: the whole archive's and each section's."""
    gettext = translations(language.code).gettext
    site_title = archive.settings.title_en if language is EN else archive.settings.title_zh
    feed_path = f"{language.prefix}feed.xml"
    feeds = {feed_path: atom_feed(archive, language, feed_path, site_title, archive.entries)}
    for term in archive.sections:
        path = f"{language.prefix}{term.feed_path}"
        name = archive.glossary.english("section", term.name) if language is EN else None
        title = f"{site_title} · {gettext('Section')}: {name or term.name}"
        feeds[path] = atom_feed(archive, language, path, title, term.entries)
    return feeds
