"""Render stage: the archive model in, the site's pages, feeds and sitemap out, in both languages.

``pages`` lists the pages and renders them through the Jinja templates, ``feeds`` writes Atom
feeds, the sitemap and robots.txt, ``markdown`` turns bodies into HTML.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, Environment, TemplateError, TemplateSyntaxError
from jinja2.bccache import Bucket

import briefgen
from briefgen.archive import Archive, Entry, IssueEntry, with_related
from briefgen.cache import Cache, code_digest, key
from briefgen.errors import TemplateProblem
from briefgen.i18n import EN, LANGUAGES, Language, translations
from briefgen.labels import date_text
from briefgen.progress import PAGES, SILENT, Progress
from briefgen.render import pages as page_module
from briefgen.render.assets import write_static
from briefgen.render.citations import citation_files, citation_of
from briefgen.render.dataset import (
    Download,
    IssueRows,
    file_kinds,
    issue_rows,
)
from briefgen.render.dataset_ranges import ShortSource, Span, keep_layout, kept_layout, write_parts
from briefgen.render.feeds import atom_feed, robots, sitemap
from briefgen.render.fragments import MonthFragments
from briefgen.render.page import Page
from briefgen.render.page_reuse import PageReuse
from briefgen.render.pages import environment, pages_for, render_page
from briefgen.site_paths import site_file


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


def page_chunks(total: int, size: int | None = None, first: int | None = None) -> list[PageChunk]:
    """Runs of ``size`` pages, in order; with ``first``, that page alone is the first chunk
    (the longest page to make: given out first, it is made while the others are)."""
    size = size or CHUNK_PAGES
    chunks = [PageChunk(k, min(k + size, total)) for k in range(0, total, size)]
    if first is None or not 0 <= first < total:
        return chunks
    around = [
        part
        for chunk in chunks
        for part in (
            (PageChunk(chunk.start, first), PageChunk(first + 1, chunk.stop))
            if chunk.start <= first < chunk.stop
            else (chunk,)
        )
        if part.start < part.stop
    ]
    return [PageChunk(first, first + 1), *around]


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
    #: Each issue's parts as pages show them (``facts.shown_parts``), by issue id: the
    #: timeline's months are keyed by their articles' (``MonthFragments``).
    parts: Mapping[str, Mapping[str, str]] | None = None
    _made: dict[str, Page] = field(default_factory=dict, compare=False)
    _entries: dict[str, Entry] = field(default_factory=dict, compare=False)

    def write(self, chunk: PageChunk) -> int:
        """Render (or take from the previous site) the chunk's pages; how many files."""
        env = environment(self.templates)
        months = MonthFragments(self.cache, self.shared, self.parts)
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
                # Only pages that show every issue say when the archive was last updated
                # (``Page.dated``): no other changes when a newer issue is added.
                shown = updated[language.code] if page.dated else ""
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


class CompiledTemplates(BytecodeCache):
    """Templates as Jinja compiled them, in the build cache: compiling the site's templates
    took a sixth of a second where the build works alone, every build. Jinja reads an entry
    back only for the same template source and Python (its checksum and magic); the key adds
    Jinja's version and the code that sets the environment up (``render.pages``)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.made_by = code_digest(page_module, versions=(jinja2.__version__,))

    def _entry(self, bucket: Bucket) -> str:
        return key("template", self.made_by, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        stored = self.cache.get_bytes("templates", self._entry(bucket))
        if stored is not None:
            bucket.bytecode_from_string(stored)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.cache.put_bytes("templates", self._entry(bucket), bucket.bytecode_to_string())


def compile_templates(templates: Path, cache: Cache | None = None) -> None:
    """Compile every page template now, in this process: forked page workers then inherit
    them instead of compiling their own, and ``serve`` compiles them once, not every save.
    With ``cache``, what an earlier build compiled is read back (``CompiledTemplates``).
    A syntax error is a TemplateProblem with its file and line, as when a page is rendered."""
    env = environment(templates)
    env.bytecode_cache = CompiledTemplates(cache) if cache is not None else None
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
    site: Path | None = None,
) -> list[Download]:
    """The archive as JSON Lines and CSV (``render.dataset``); what the home page lists.

    With ``cache`` and ``digests`` (each issue's record file digest, by issue id), each issue's
    rows are kept by that digest and what else they show (settings, topics, code), and an
    unchanged issue's are read back instead of written again; with ``site`` too (the folder
    the files go to, holding the last build's), they are copied from the last build's files
    where it kept where they are (``dataset_ranges``)."""
    # The whole package: the rows show the records as it loads them. Once, not an issue.
    code = code_digest(briefgen)
    records = digests if cache is not None and digests is not None else {}
    keys = [_rows_key(archive, i, records.get(i.meta.id), code) for i in archive.issues]
    if cache is None or site is None:
        return _write_spliced(archive, root, cache, keys, [{}, {}], None)
    layouts = [kept_layout(cache, site / kind.path) for kind in file_kinds()]
    try:
        return _write_spliced(archive, root, cache, keys, layouts, site)
    except ShortSource:
        # The last build's file is not what its layout says: every issue's rows, as without.
        return _write_spliced(archive, root, cache, keys, [{}, {}], site)


def _write_spliced(
    archive: Archive,
    root: Path,
    cache: Cache | None,
    keys: list[str | None],
    layouts: list[dict[str, Span]],
    site: Path | None,
) -> list[Download]:
    """The files of every issue's rows, an issue's copied from ``site``'s where ``layouts``
    (one a file, ``file_kinds``) know its rows' key, else taken from ``cache`` or made; each
    file's layout kept for the next build."""
    kinds = file_kinds()
    parts: list[list[bytes | Span]] = [[kind.head] for kind in kinds]
    spans: list[dict[str, Span]] = [{} for _ in kinds]
    at = [len(kind.head) for kind in kinds]
    for issue, entry in zip(archive.issues, keys, strict=True):
        if entry is not None and all(entry in layout for layout in layouts):
            pieces: list[bytes | Span] = [layout[entry] for layout in layouts]
        else:
            rows = _issue_rows(archive, issue, cache, entry)
            pieces = [rows[k] for k in range(len(kinds))]
        for k, piece in enumerate(pieces):
            length = piece[1] if isinstance(piece, tuple) else len(piece)
            parts[k].append(piece)
            if entry is not None:
                spans[k][entry] = (at[k], length)
            at[k] += length
    downloads = []
    for kind, file_parts, layout in zip(kinds, parts, spans, strict=True):
        target = site_file(root, kind.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        size = write_parts(target, file_parts, site / kind.path if site else None)
        if cache is not None and site is not None:
            keep_layout(cache, target, site / kind.path, layout)
        downloads.append(Download(kind.path, kind.label, kind.media_type, size))
    return downloads


def _rows_key(archive: Archive, issue: IssueEntry, record: str | None, code: str) -> str | None:
    """The cache key of an issue's rows: its record file, and what else they show."""
    if record is None:
        return None
    settings = archive.settings
    topics = [archive.article_topics.get(e.path, []) for e in issue.articles]
    return key(
        "dataset rows",
        code,
        record,
        settings.base_url or "",
        json.dumps([settings.section_aliases, topics], ensure_ascii=False, sort_keys=True),
    )


def _issue_rows(
    archive: Archive, issue: IssueEntry, cache: Cache | None, entry: str | None
) -> IssueRows:
    if cache is None or entry is None:
        return issue_rows(archive, issue)
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
