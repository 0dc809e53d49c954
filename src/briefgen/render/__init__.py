"""Render stage: the records in ``briefings/`` in, a bilingual static site out.

The site is written to a temporary folder next to the output and swapped in only when it is
complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from briefgen.cache import Cache, key
from briefgen.errors import TemplateProblem
from briefgen.records import load_issue
from briefgen.render.archive import Archive, load_archive, record_files
from briefgen.render.feeds import atom_feed, robots, sitemap
from briefgen.render.i18n import EN, LANGUAGES, ZH, Language, long_date, translations
from briefgen.render.pages import environment, issue_label, pages_for, render_page

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildSummary:
    issues: int
    articles: int
    pages: int
    seconds: float
    #: Nothing the site depends on changed since the last build into the same folder.
    up_to_date: bool = False

    def __str__(self) -> str:
        state = " (up to date, nothing rendered)" if self.up_to_date else ""
        return (
            f"{self.issues} issue(s), {self.articles} article(s), {self.pages} page(s) "
            f"in {self.seconds:.1f} s{state}"
        )


def build_site(
    briefings: Path, out: Path, templates: Path, cache: Cache | None = None
) -> BuildSummary:
    """Render every record under ``briefings`` into ``out``; raise a BriefgenError on failure.

    ``cache`` keeps work that only depends on unchanged input (word segmentation); the site
    is byte for byte the same with or without it.
    """
    started = time.perf_counter()
    cache = cache or Cache(None)
    shared, records = _input_digests(briefings, templates)
    inputs = key("inputs", shared, *records.values())
    stamp_key = key("site", str(out.resolve()))
    last = cache.get("site", stamp_key)
    if last is not None and last.get("inputs") == inputs and out.is_dir():
        return BuildSummary(
            last["issues"], last["articles"], last["pages"], time.perf_counter() - started, True
        )
    issues = [load_issue(path) for path in records]
    archive = load_archive(briefings, issues)
    # An issue's own pages depend on its records and on what every page shares (templates,
    # code, glossary, settings, the archive's date), nothing else: when those are unchanged
    # since the last build into ``out``, its pages there are reused instead of rendered.
    newest = archive.issues[0].date.isoformat() if archive.issues and archive.issues[0].date else ""
    shared = key("shared", shared, newest)
    digests = {i.issue.id: d for i, d in zip(issues, records.values(), strict=True)}
    reuse = _Reuse(out, set())
    if last is not None and last.get("shared") == shared and out.is_dir():
        before = last.get("issue_digests", {})
        reuse = _Reuse(out, {i for i, d in digests.items() if before.get(i) == d})
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        pages = _write_site(archive, staging, templates, cache, reuse)
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    summary = BuildSummary(
        issues=len(archive.issues),
        articles=len(archive.entries),
        pages=pages,
        seconds=time.perf_counter() - started,
    )
    cache.put(
        "site",
        stamp_key,
        {
            "inputs": inputs,
            "shared": shared,
            "issue_digests": digests,
            "issues": summary.issues,
            "articles": summary.articles,
            "pages": pages,
        },
    )
    return summary


@dataclass(frozen=True, slots=True)
class _Reuse:
    """The previous site, and the issues whose pages in it can be taken as they are."""

    site: Path
    issues: set[str]

    def take(self, issue_id: str, path: str, target: Path) -> bool:
        """Link (or copy) ``path`` from the previous site to ``target``, if it can be reused."""
        source = self.site / path
        if issue_id not in self.issues or not source.is_file():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        return True


def _input_digests(briefings: Path, templates: Path) -> tuple[str, dict[Path, str]]:
    """What every page shares (editor files, templates, catalogs, code), and each records file.

    Together they are everything the site is made from.
    """
    package = Path(__file__).resolve().parents[1]
    files = [briefings / name for name in ("glossary.yaml", "site.yaml")]
    files += sorted(p for p in templates.rglob("*") if p.is_file())
    files += sorted(package.rglob("*.py")) + sorted(package.rglob("*.po"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    records = {
        path: hashlib.sha256(path.read_bytes()).hexdigest() for path in record_files(briefings)
    }
    return digest.hexdigest(), records


def _write_site(archive: Archive, root: Path, templates: Path, cache: Cache, reuse: _Reuse) -> int:
    # Imported here: the search stage reads the archive model of this package, so importing
    # it at the top would make the two packages import each other.
    from briefgen.search import search_documents, write_documents, write_grams, write_manifest

    # The lunr index (the longest step) runs on a second core, while this one renders the
    # pages and writes the rest of the search files; none of them needs the others.
    labels = {issue.meta.id: issue_label(issue, ZH) for issue in archive.issues}
    search = root / "static" / "search"
    with _search_worker() as pool:
        terms = pool.submit(_write_terms, archive, cache.root, search)
        written = _write_pages(archive, root, templates, reuse)
        documents = search_documents(archive, labels)
        counts = write_grams(documents, search)
        write_documents(documents, search)
        counts |= terms.result()
    write_manifest(archive, documents, counts, search)
    return written


def _search_worker() -> Executor:
    """A second process for the search index where the platform can fork, else this one."""
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    return ThreadPoolExecutor(max_workers=1)


def _write_terms(archive: Archive, cache_root: Path | None, folder: Path) -> dict[str, int]:
    from briefgen.search import build_index, write_terms

    return write_terms(build_index(archive, Cache(cache_root)), folder)


def _write_pages(archive: Archive, root: Path, templates: Path, reuse: _Reuse) -> int:
    env = environment(templates)
    pages = pages_for(archive)
    newest = archive.issues[0].date if archive.issues else None
    written = 0
    total = len(pages) * len(LANGUAGES)
    for language in LANGUAGES:
        built = long_date(newest, language)
        for page in pages:
            target = root / language.prefix / page.path
            issue = page.context.get("issue")
            if issue is not None and reuse.take(issue.meta.id, language.prefix + page.path, target):
                written += 1
                continue
            try:
                html = render_page(env, archive, language, page, built)
            except TemplateSyntaxError as exc:
                raise TemplateProblem(
                    exc.filename or templates / page.template, exc.lineno, exc.message or str(exc)
                ) from exc
            except TemplateError as exc:
                raise TemplateProblem(
                    templates / page.template,
                    None,
                    f"rendering {language.prefix}{page.path}: {exc}",
                ) from exc
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            written += 1
            if written % 500 == 0:
                log.info("rendered %d of %d pages", written, total)
        _write_feeds(archive, root, language)
    (root / "sitemap.xml").write_bytes(sitemap(archive, [p.path for p in pages]))
    (root / "robots.txt").write_text(robots(archive), encoding="utf-8")
    static = templates / "static"
    if static.is_dir():
        shutil.copytree(static, root / "static", dirs_exist_ok=True)
    return written


def _write_feeds(archive: Archive, root: Path, language: Language) -> None:
    gettext = translations(language.code).gettext
    site_title = archive.settings.title_en if language is EN else archive.settings.title_zh
    feed_path = f"{language.prefix}feed.xml"
    (root / feed_path).write_bytes(
        atom_feed(archive, language, feed_path, site_title, archive.entries)
    )
    for term in archive.sections:
        path = f"{language.prefix}{term.path[: -len('.html')]}.xml"
        name = archive.glossary.english("section", term.name) if language is EN else None
        title = f"{site_title} · {gettext('Section')}: {name or term.name}"
        (root / path).write_bytes(atom_feed(archive, language, path, title, term.entries))


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old one with two renames."""
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    if previous.exists():
        shutil.rmtree(previous)
