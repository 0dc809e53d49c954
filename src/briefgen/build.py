"""The build, stage by stage: records → archive → pages → search index → feeds → swap.

The site is written to a staging folder next to the output and swapped in only when it is
complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import pickle
import shutil
import time
from concurrent.futures import (
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

from briefgen import english, heap
from briefgen.analysis import TIMELINE_PATH
from briefgen.archive import Archive, load_archive, with_related
from briefgen.build_stamp import BuildInputs, BuildSummary, Stamp, keep_build, last_build
from briefgen.cache import Cache, code_digest, key
from briefgen.i18n import LANGUAGES
from briefgen.lazy import load_now
from briefgen.processes import (
    SEARCH_WORKERS,
    SearchJob,
    forked,
    held,
    search_side_by_side,
    workers_for,
)
from briefgen.progress import PAGES, SEARCH_INDEX, SILENT, Progress
from briefgen.record_loading import load_records
from briefgen.records import Issue
from briefgen.render import (
    PageChunk,
    PageWriter,
    compile_templates,
    page_chunks,
    write_dataset,
    write_feeds,
    write_static,
)
from briefgen.render.facts import ArchiveFacts, term_lists_made_of
from briefgen.render.feeds import feeds_shown
from briefgen.render.kept import LastBuild, last_page_list, reusable_pages, shown_records
from briefgen.render.page import Page
from briefgen.render.page_reuse import PageReuse
from briefgen.render.pages import pages_for
from briefgen.search import (
    search_blocks,
)
from briefgen.site_folder import (
    SiteListing,
    listed,
    put_in_place,
    remove_stale_staging,
    site_files,
    staging_folder,
    swap,
)
from briefgen.timing import children_cpu, log_children, timed

#: The search index's folder in the site.
SEARCH_FOLDER = "static/search"


def build_site(
    briefings: Path,
    out: Path,
    templates: Path,
    cache: Cache | None = None,
    progress: Progress = SILENT,
) -> BuildSummary:
    """Render every record under ``briefings`` into ``out``; raise a BriefgenError on failure.

    ``cache`` keeps work that only depends on unchanged input (word segmentation, pages of
    unchanged issues); the site is byte for byte the same with or without it. ``progress``
    hears of pages rendered and of the search index.
    """
    try:
        return _build_site(briefings, out, templates, cache, progress)
    finally:
        # What the build froze (``heap.freeze``) is garbage now: collectable again, so that
        # ``briefgen serve``, building again and again in one process, does not keep it.
        heap.unfreeze()


def _build_site(
    briefings: Path, out: Path, templates: Path, cache: Cache | None, progress: Progress
) -> BuildSummary:
    started = time.perf_counter()
    remove_stale_staging(out)
    cache = cache or Cache(None)
    inputs = BuildInputs.of(briefings, templates)
    stamp_key = key("site", str(out.resolve()))
    stamp = Stamp.read(cache, stamp_key)
    if stamp is not None and stamp.inputs == inputs.digest and out.is_dir():
        return stamp.summary(time.perf_counter() - started)
    kept = last_build(stamp, inputs, cache, stamp_key)

    # Until the search processes start this one works alone, one core idle: it does there
    # only what they need (the modules they use, the archive, the search index's files in
    # the previous site); the templates and the rest of the previous site come after.
    # The previous site is listed by a process of its own meanwhile, on the idle core.
    with listed(out, kept is not None and out.is_dir()) as listing:
        model = _load_model(briefings, inputs, cache)
        plan = _plan(out, kept, inputs, model, listing)
    heap.freeze()
    with staging_folder(out) as staging:
        made = _make_site(model, plan, _Target(staging, out, templates, cache, inputs), progress)
        with timed("swap" if made.old is None else "put in place"):
            if made.old is None:
                previous = swap(staging, out)
            else:
                previous = put_in_place(staging, out, made.old, made.taken)
    # What was replaced goes while this thread writes the stamp (a whole old site after a swap:
    # removing 100,000 files takes seconds, mostly waiting on the disk); the build returns
    # once both are done.
    remover = ThreadPoolExecutor(1)
    removed = remover.submit(_remove, previous)
    remover.shutdown(wait=False)
    summary = BuildSummary(
        issues=len(made.archive.issues),
        articles=len(made.archive.entries),
        pages=len(made.pages) * len(LANGUAGES),
        seconds=time.perf_counter() - started,
    )
    last = LastBuild.of(
        inputs.digest, model.digests, plan.shown, plan.parts, made.pages, made.term_lists
    )
    keep_build(cache, stamp_key, inputs, summary, last)
    with timed("removing the old site"):
        removed.result()
    return summary


@dataclass(frozen=True, slots=True)
class _Model:
    """The records and the archive model made of them."""

    issues: list[Issue]
    #: Each issue's record file digest, by issue id.
    digests: dict[str, str]
    #: Without related articles: only a build that makes its page list needs them.
    archive: Archive


def _load_model(briefings: Path, inputs: BuildInputs, cache: Cache) -> _Model:
    with timed("records"):
        issues = load_records(inputs.records, cache)
    with timed("archive"):
        digests = inputs.issue_digests(issues)
        archive = load_archive(briefings, issues, related=False, cache=cache, digests=digests)
    with timed("modules the workers use"):
        # pypinyin's tables (a third of a second) only where a name is new (``_romanized``);
        # rich, which draws the progress bars, never: no worker draws them.
        new_names = _romanized(archive, cache)
        load_now(_NOT_IN_WORKERS if new_names else ("pypinyin", *_NOT_IN_WORKERS))
    return _Model(issues, digests, archive)


#: Modules with a stand-in (``lazy``) that no worker uses: loaded where they are used.
_NOT_IN_WORKERS = ("rich.console", "rich.progress")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the build takes from the last one."""

    #: The last build, when made with what every page shares now.
    kept: LastBuild | None
    #: Each issue's ``shown_record`` digest and ``shown_parts``, by issue id.
    shown: dict[str, str]
    parts: dict[str, dict[str, str]]
    reuse: PageReuse
    #: The previous site's files (by their path in it) when the build puts what changed in
    #: its place, None when it makes the whole site.
    previous: frozenset[str] | None
    #: Those of its search index, by their path in the index.
    old_index: frozenset[str] | None


def _plan(
    out: Path,
    kept: LastBuild | None,
    inputs: BuildInputs,
    model: _Model,
    listing: SiteListing | None,
) -> _Plan:
    with timed("pages kept"):
        shown, parts = shown_records(kept, inputs.records, model.issues)
        reuse = reusable_pages(out, kept, shown, parts)
        # A rebuild that takes pages from the previous site puts what changed in its place
        # rather than making the whole site again beside it (``site_folder``).
        in_place = bool(reuse.issues or reuse.parts)
    if not in_place:
        return _Plan(kept, shown, parts, reuse, None, None)
    with timed("previous site listed"):
        previous = listing.files() if listing is not None else site_files(out)
    index = f"{SEARCH_FOLDER}/"
    old_index = frozenset(p[len(index) :] for p in previous if p.startswith(index))
    return _Plan(kept, shown, parts, reuse, previous, old_index)


@dataclass(frozen=True, slots=True)
class _Target:
    """Where the site is made and from what."""

    staging: Path
    out: Path
    templates: Path
    cache: Cache
    inputs: BuildInputs


@dataclass(frozen=True, slots=True)
class _Made:
    """The site made in staging."""

    #: With related articles where the page list was made.
    archive: Archive
    pages: list[Page]
    #: The previous site's files (``_Plan.previous``), None when the whole site was made.
    old: frozenset[str] | None
    #: Files taken from the previous site as they are.
    taken: list[str]
    #: What the term lists were made of (``facts.term_lists_made_of``).
    term_lists: str


def _make_site(model: _Model, plan: _Plan, target: _Target, progress: Progress) -> _Made:
    """The search index in two processes of its own, beside the pages: it needs no page and
    no page needs it."""
    search_cpu = children_cpu()
    with timed("search blocks"):
        # Made once here, inherited by both search processes.
        job = SearchJob(
            model.archive,
            search_blocks(model.archive, target.cache, model.digests),
            target.staging / SEARCH_FOLDER,
            target.cache,
            target.out / SEARCH_FOLDER,
            plan.shown,
            plan.old_index,
        )
    with forked(workers_for(len(job.archive.entries), SEARCH_WORKERS), job) as searchers:
        search = search_side_by_side(searchers)
        # Before any page: a broken template fails the build before a page is written,
        # and the forked page workers inherit the compiled templates.
        with timed("templates"):
            compile_templates(target.templates, target.cache)
        old = plan.previous
        writer, term_lists = _page_writer(model, plan, target, old)
        # The feeds show what every page shares and the articles they list, nothing else:
        # kept while those are unchanged.
        feeds = key("feeds", target.inputs.shared, feeds_shown(writer.archive, plan.parts))
        pages_cpu = children_cpu()
        taken = _write_pages(writer, target, feeds, progress)
        log_children("pages", pages_cpu)
        search_cpu += children_cpu() - pages_cpu
        with timed("waiting for search"):
            taken += [f"{SEARCH_FOLDER}/{name}" for name in search.result()]
        progress.advance(SEARCH_INDEX)
    log_children("search", search_cpu)
    return _Made(writer.archive, writer.pages, old, taken, term_lists)


def _page_writer(
    model: _Model, plan: _Plan, target: _Target, old: frozenset[str] | None
) -> tuple[PageWriter, str]:
    """The dataset written, and what renders the pages: the last build's page list where
    every issue shows what it showed then, else a page list made now; what its term lists
    are made of (``facts.term_lists_made_of``)."""
    reuse = plan.reuse if old is None else replace(plan.reuse, existing=old)
    archive = model.archive
    with timed("dataset"):
        # An unchanged issue's rows are copied from the previous site's files.
        downloads = write_dataset(archive, target.staging, target.cache, model.digests, target.out)
        listed = last_page_list(plan.kept, reuse, archive, downloads)
    pages: list[Page] = []
    if listed and plan.kept is not None:
        term_lists = plan.kept.term_lists
    else:
        # The last build's page list needs no related articles: only pages rendered
        # show them (``PageWriter`` finds them where a listed page must be rendered).
        with heap.uncollected():
            with timed("related"):
                archive = with_related(archive, target.cache, hold=True)
            with timed("page list"):
                term_lists = term_lists_made_of(archive, ArchiveFacts(archive))
                known = plan.kept.term_list_facts(term_lists) if plan.kept else None
                pages = pages_for(archive, downloads, target.cache, known)
    writer = PageWriter(
        archive,
        target.staging,
        target.templates,
        reuse,
        listed or pages,
        bool(listed),
        downloads,
        citations=True,
        cache=target.cache,
        shared=target.inputs.shared,
        parts=plan.parts,
    )
    return writer, term_lists


def _write_pages(writer: PageWriter, target: _Target, feeds: str, progress: Progress) -> list[str]:
    """Every page by the page workers while this process writes the static files, the feeds
    (``feeds``: their cache key) and the cache entries held; the files taken from the
    previous site as they are."""
    archive, pages = writer.archive, writer.pages
    heap.freeze()
    taken: list[str] = []
    with forked(workers_for(len(archive.entries), PAGE_WORKERS), writer) as page_workers:
        progress.begin(PAGES, len(pages) * len(LANGUAGES))
        progress.begin(SEARCH_INDEX, 1)
        chunks = [
            page_workers.submit(_write_chunk, chunk)
            for chunk in page_chunks(len(pages), first=_timeline_at(pages))
        ]
        with timed("static, feeds, cache entries held"):
            write_static(target.staging, target.templates)
            write_feeds(archive, target.staging, pages, target.cache, feeds)
            target.cache.write_held()
        with timed("waiting for pages"):
            for done in as_completed(chunks):
                written, taken_now = done.result()
                taken.extend(taken_now)
                progress.advance(PAGES, written)
    return taken


def _timeline_at(pages: list[Page]) -> int | None:
    """Where the timeline is in the page list: the longest page to render (15 MB of HTML a
    language at 20,000 articles), made again after any edit it shows. Near the end of the
    list, it was given out last and kept the build waiting on one worker while the other
    had nothing left (some 0.5 s after a title fix at 20,000 articles)."""
    return next((k for k, page in enumerate(pages) if page.path == TIMELINE_PATH), None)


#: Processes rendering pages; with the search process beside them both cores stay busy.
PAGE_WORKERS = 2


def _write_chunk(chunk: PageChunk) -> tuple[int, list[str]]:
    """How many files the chunk's pages are, and those taken from the previous site as they
    are (``PageReuse.existing``)."""
    writer = held()
    assert isinstance(writer, PageWriter)
    return writer.write(chunk), writer.reuse.taken()


def _romanized(archive: Archive, cache: Cache) -> bool:
    """Every author's name romanized, as the cache kept them for this code and pypinyin, the
    names it does not have now (``english.remember_romanized``); whether any was new."""
    entry = key("romanized", code_digest(english), version("pypinyin"))
    stored = cache.get_bytes("romanized", entry)
    known = pickle.loads(stored) if stored is not None else {}
    if not isinstance(known, dict):
        known = {}
    names = [term.name for term in archive.authors]
    new = [name for name in names if name not in known]
    if new:
        table = english.remember_romanized(names, known)
        cache.put_bytes("romanized", entry, pickle.dumps(table, pickle.HIGHEST_PROTOCOL))
    else:
        english.remember_romanized((), known)
    return bool(new)


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder)
