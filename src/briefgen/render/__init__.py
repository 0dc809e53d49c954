"""Render stage: the records in ``briefings/`` in, a bilingual static site out.

The site is written to a temporary folder next to the output and swapped in only when it is
complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from briefgen.cache import Cache
from briefgen.errors import BriefgenError, TemplateProblem
from briefgen.render.archive import Archive, load_archive
from briefgen.render.feeds import atom_feed, robots, sitemap
from briefgen.render.i18n import EN, LANGUAGES, ZH, long_date, translations
from briefgen.render.pages import environment, issue_label, pages_for, render_page
from briefgen.search import build_index, index_script

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildSummary:
    issues: int
    articles: int
    pages: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.issues} issue(s), {self.articles} article(s), {self.pages} page(s) "
            f"in {self.seconds:.1f} s"
        )


def build_site(
    briefings: Path, out: Path, templates: Path, cache: Cache | None = None
) -> BuildSummary:
    """Render every record under ``briefings`` into ``out``; raise BriefgenError on failure.

    ``cache`` keeps work that only depends on unchanged input (word segmentation); the site
    is byte for byte the same with or without it.
    """
    started = time.perf_counter()
    archive = load_archive(briefings)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        pages = _write_site(archive, staging, templates, cache or Cache(None))
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return BuildSummary(
        issues=len(archive.issues),
        articles=len(archive.entries),
        pages=pages,
        seconds=time.perf_counter() - started,
    )


def _write_site(archive: Archive, root: Path, templates: Path, cache: Cache) -> int:
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
    _write_search(archive, root, templates, cache)
    return written


def _write_search(archive: Archive, root: Path, templates: Path, cache: Cache) -> None:
    """The search index as a script, and lunr.js from npm beside it."""
    labels = {issue.meta.id: issue_label(issue, ZH) for issue in archive.issues}
    data = build_index(archive, labels, cache)
    (root / "static" / "search-index.js").write_text(index_script(data), encoding="utf-8")
    shutil.copyfile(_lunr_js(templates), root / "static" / "lunr.min.js")


def _lunr_js(templates: Path) -> Path:
    """lunr.js as npm installed it (package.json declares it; it is not in the repository)."""
    for base in (Path.cwd(), templates.resolve().parent, Path(__file__).resolve().parents[3]):
        candidate = base / "node_modules" / "lunr" / "lunr.min.js"
        if candidate.is_file():
            return candidate
    raise BriefgenError(
        None, None, "lunr.js not found in node_modules/: run `npm ci` (make install does)"
    )


def _write_feeds(archive: Archive, root: Path, language) -> None:
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
