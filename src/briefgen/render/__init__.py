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
from briefgen.render.archive import Archive, load_archive
from briefgen.render.feeds import atom_feed, robots, sitemap
from briefgen.render.i18n import EN, LANGUAGES, ZH, Language, long_date, translations
from briefgen.render.pages import environment, issue_label, pages_for, render_page
from briefgen.search import build_index, search_documents, search_files

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
    inputs = _inputs_hash(briefings, templates)
    stamp_key = key("site", str(out.resolve()))
    last = cache.get("site", stamp_key)
    if last is not None and last.get("inputs") == inputs and out.is_dir():
        return BuildSummary(
            last["issues"], last["articles"], last["pages"], time.perf_counter() - started, True
        )
    archive = load_archive(briefings)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        pages = _write_site(archive, staging, templates, cache)
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
        {"inputs": inputs, "issues": summary.issues, "articles": summary.articles, "pages": pages},
    )
    return summary


def _inputs_hash(briefings: Path, templates: Path) -> str:
    """Everything the site is made from: records, editor files, templates, catalogs, code."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(briefings.glob("*/records.yaml")) + [
        briefings / name for name in ("glossary.yaml", "site.yaml")
    ]
    files += sorted(p for p in templates.rglob("*") if p.is_file())
    files += sorted(package.rglob("*.py")) + sorted(package.rglob("*.po"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _write_site(archive: Archive, root: Path, templates: Path, cache: Cache) -> int:
    # The search index and the pages need nothing from each other: one core each.
    labels = {issue.meta.id: issue_label(issue, ZH) for issue in archive.issues}
    with _search_worker() as pool:
        search = pool.submit(_write_search, archive, labels, cache.root, root / "static" / "search")
        written = _write_pages(archive, root, templates)
        search.result()
    return written


def _search_worker() -> Executor:
    """A second process for the search index where the platform can fork, else this one."""
    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    return ThreadPoolExecutor(max_workers=1)


def _write_search(
    archive: Archive, labels: dict[str, str], cache_root: Path | None, folder: Path
) -> None:
    index = build_index(archive, Cache(cache_root))
    for path, content in search_files(archive, index, search_documents(archive, labels)):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def _write_pages(archive: Archive, root: Path, templates: Path) -> int:
    env = environment(templates)
    pages = pages_for(archive)
    newest = archive.issues[0].date if archive.issues else None
    written = 0
    total = len(pages) * len(LANGUAGES)
    for language in LANGUAGES:
        built = long_date(newest, language)
        for page in pages:
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
            target = root / language.prefix / page.path
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
