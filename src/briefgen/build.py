"""The build, stage by stage: records → archive → pages → search index → feeds → swap.

The site is written to a staging folder next to the output and swapped in only when it is
complete, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import (
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

from briefgen import english
from briefgen.archive import Archive, load_archive, with_related
from briefgen.cache import Cache, code_digest, key
from briefgen.files import SETTINGS_NAMES, site_record_files
from briefgen.i18n import LANGUAGES
from briefgen.lazy import load_now
from briefgen.processes import SEARCH_WORKERS, SearchJob, forked, held, search_side_by_side
from briefgen.progress import PAGES, SEARCH_INDEX, SILENT, Progress
from briefgen.record_loading import load_records
from briefgen.records import Issue, record_file_digest
from briefgen.render import (
    PageChunk,
    PageWriter,
    compile_templates,
    page_chunks,
    write_dataset,
    write_feeds,
    write_static,
)
from briefgen.render.feeds import feeds_shown
from briefgen.render.kept import last_page_list, reusable_pages, shown_records
from briefgen.render.pages import pages_for
from briefgen.search import (
    search_blocks,
)
from briefgen.site_folder import put_in_place, recover, site_files, swap
from briefgen.timing import children_cpu, log_children, timed

#: The search index's folder in the site.
SEARCH_FOLDER = "static/search"


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
        # What the build froze (``_freeze``) is garbage now: collectable again, so that
        # ``briefgen serve``, building again and again in one process, does not keep it.
        gc.unfreeze()


def _freeze() -> None:
    """Keep the objects made so far (the archive: millions of them at 20,000 articles) out of
    the garbage collector's passes, in this process and the workers it forks. Each full pass
    walked all of them, for nothing: the build drops none of them before it ends."""
    gc.freeze()


@contextmanager
def _uncollected() -> Iterator[None]:
    """No garbage collection while this process makes what the build keeps to its end (the
    related articles, the page list), then that frozen (``_freeze``): the collector's passes
    walked everything made since the last freeze again and again, for nothing (at 20,000
    articles after a title fix, some 0.3 s of the related step and as much of the page list).
    The page workers forked after it collect as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        _freeze()
        if enabled:
            gc.enable()


def _build_site(
    briefings: Path, out: Path, templates: Path, cache: Cache | None, progress: Progress
) -> BuildSummary:
    started = time.perf_counter()
    _remove_stale_staging(out)
    cache = cache or Cache(None)
    inputs = _Inputs.of(briefings, templates)
    stamp_key = key("site", str(out.resolve()))
    last = cache.get("site", stamp_key)
    if last is not None and last.get("inputs") == inputs.digest and out.is_dir():
        return BuildSummary(
            last["issues"], last["articles"], last["pages"], time.perf_counter() - started, True
        )
    last = _with_pages(last, cache, stamp_key)

    # Until the search processes start this one works alone, one core idle: it does there
    # only what they need (the modules they use, the archive, the search index's files in
    # the previous site); the templates and the rest of the previous site come after.
    with timed("records"):
        issues = load_records(inputs.records, cache)
    with timed("archive"):
        digests = inputs.issue_digests(issues)
        archive = load_archive(briefings, issues, related=False, cache=cache, digests=digests)
    with timed("modules the workers use"):
        # pypinyin's tables (a third of a second) only where a name is new (``_romanized``).
        load_now(() if _romanized(archive, cache) else ("pypinyin",))
    with timed("pages kept"):
        kept = last if last is not None and last.get("shared") == inputs.shared else None
        shown, parts = shown_records(kept, inputs.records, issues)
        reuse = reusable_pages(out, kept, shown, parts)
        # A rebuild that takes pages from the previous site puts what changed in its place
        # rather than making the whole site again beside it (``site_folder``).
        in_place = bool(reuse.issues or reuse.parts)
        old_index = site_files(out / SEARCH_FOLDER) if in_place else None
    _freeze()
    with _staging(out) as staging:
        search_folder = staging / SEARCH_FOLDER
        # The search index needs no page and no page needs it: it runs in two processes of
        # its own while this one finds related articles and the page workers render.
        search_cpu = children_cpu()
        with timed("search blocks"):
            # Made once here, inherited by both search processes.
            job = SearchJob(
                archive,
                search_blocks(archive, cache, digests),
                search_folder,
                cache,
                out / SEARCH_FOLDER,
                shown,
                old_index,
            )
        with forked(SEARCH_WORKERS, job) as searchers:
            search = search_side_by_side(searchers)
            # Before any page: a broken template fails the build before a page is written,
            # and the forked page workers inherit the compiled templates.
            with timed("templates"):
                compile_templates(templates, cache)
            old = _previous_site(out, old_index)
            if old is not None:
                reuse = replace(reuse, existing=old)
            with timed("dataset"):
                downloads = write_dataset(archive, staging, cache, digests)
                listed = last_page_list(kept, reuse, archive, downloads)
                # The feeds show what every page shares and the articles they list, nothing
                # else: kept while those are unchanged.
                feeds = key("feeds", inputs.shared, feeds_shown(archive, parts))
            if not listed:
                # The last build's page list needs no related articles: only pages rendered
                # show them (``PageWriter`` finds them where a listed page must be rendered).
                with _uncollected():
                    with timed("related"):
                        archive = with_related(archive, cache, hold=True)
                    with timed("page list"):
                        pages = pages_for(archive, downloads, cache)
            writer = PageWriter(
                archive,
                staging,
                templates,
                reuse,
                listed or pages,
                bool(listed),
                downloads,
                citations=True,
                cache=cache,
                shared=inputs.shared,
                parts=parts,
            )
            pages = writer.pages
            pages_cpu = children_cpu()
            _freeze()
            with forked(PAGE_WORKERS, writer) as page_workers:
                progress.begin(PAGES, len(pages) * len(LANGUAGES))
                progress.begin(SEARCH_INDEX, 1)
                chunks = [page_workers.submit(_write_chunk, c) for c in page_chunks(len(pages))]
                taken: list[str] = []
                with timed("static, feeds, cache entries held"):
                    write_static(staging, templates)
                    write_feeds(archive, staging, pages, cache, feeds)
                    cache.write_held()
                with timed("waiting for pages"):
                    for done in as_completed(chunks):
                        written, taken_now = done.result()
                        taken.extend(taken_now)
                        progress.advance(PAGES, written)
            log_children("pages", pages_cpu)
            search_cpu += children_cpu() - pages_cpu
            with timed("waiting for search"):
                taken += [f"{SEARCH_FOLDER}/{name}" for name in search.result()]
            progress.advance(SEARCH_INDEX)
        log_children("search", search_cpu)
        with timed("swap" if old is None else "put in place"):
            if old is None:
                previous = swap(staging, out)
            else:
                previous = put_in_place(staging, out, old, taken)
    # What was replaced goes while this thread writes the stamp (a whole old site after a swap:
    # removing 100,000 files takes seconds, mostly waiting on the disk); the build returns
    # once both are done.
    remover = ThreadPoolExecutor(1)
    removed = remover.submit(_remove, previous)
    remover.shutdown(wait=False)

    summary = BuildSummary(
        issues=len(archive.issues),
        articles=len(archive.entries),
        pages=len(pages) * len(LANGUAGES),
        seconds=time.perf_counter() - started,
    )
    stamp = inputs.stamp(summary)
    # What only a build that renders reads, apart: a build with nothing to do reads the
    # stamp alone. Written first, so a stamp never goes with another build's pages.
    of_pages = {
        "inputs": inputs.digest,
        "issue_digests": digests,
        "shown": shown,
        "parts": parts,
        "page_list": [[p.path, p.template, p.issue_id] for p in pages],
        "shows": {p.path: list(p.shows) for p in pages if p.shows},
        "facts": {p.path: p.facts for p in pages if p.facts is not None},
    }
    cache.put_bytes("site pages", stamp_key, pickle.dumps(of_pages, pickle.HIGHEST_PROTOCOL))
    cache.put("site", stamp_key, stamp)
    with timed("removing the old site"):
        removed.result()
    return summary


@dataclass(frozen=True, slots=True)
class _Inputs:
    """Digests of everything the site is made from."""

    #: What every page shares: glossary, settings, templates, catalogs, code.
    shared: str
    #: Each record file's digest.
    records: dict[Path, str]

    @classmethod
    def of(cls, briefings: Path, templates: Path) -> _Inputs:
        package = Path(__file__).resolve().parent
        files = [briefings / name for name in SETTINGS_NAMES]
        files += sorted(p for p in templates.rglob("*") if p.is_file())
        files += sorted(package.rglob("*.py")) + sorted(package.rglob("*.po"))
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"-")
        records = {path: record_file_digest(path) for path in site_record_files(briefings)}
        return cls(digest.hexdigest(), records)

    @property
    def digest(self) -> str:
        return key("inputs", self.shared, *self.records.values())

    def stamp(self, summary: BuildSummary) -> dict[str, object]:
        return {
            "inputs": self.digest,
            "shared": self.shared,
            "issues": summary.issues,
            "articles": summary.articles,
            "pages": summary.pages,
        }

    def issue_digests(self, issues: list[Issue]) -> dict[str, str]:
        """Each issue's record file digest, by issue id (``issues`` in ``records`` order)."""
        return {i.issue.id: d for i, d in zip(issues, self.records.values(), strict=True)}


def _with_pages(last: dict | None, cache: Cache, stamp_key: str) -> dict | None:
    """The last build's stamp with what it kept of its pages, when both are of one build."""
    if last is None:
        return None
    stored = cache.get_bytes("site pages", stamp_key)
    of_pages = pickle.loads(stored) if stored is not None else None
    if not isinstance(of_pages, dict) or of_pages.get("inputs") != last.get("inputs"):
        return last
    return last | of_pages


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` to build into, removed whatever happens."""
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _remove_stale_staging(out: Path) -> None:
    """Staging and swap folders left by builds that were killed midway; a site they had
    begun to put in place is put back as it was (``site_folder.recover``).

    A folder is named after the process that made it; while that process runs (a build in
    progress next door) its folder is left alone.
    """
    if not out.parent.is_dir():
        return
    for kind in ("building", "journal", "previous"):
        for folder in out.parent.glob(f".{glob.escape(out.name)}.{kind}-*"):
            pid = folder.name.rsplit("-", 1)[1]
            if pid.isdigit() and int(pid) != os.getpid() and not _process_alive(int(pid)):
                if kind in ("journal", "previous"):
                    recover(out, int(pid))
                else:
                    shutil.rmtree(folder, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True


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


def _previous_site(out: Path, index: frozenset[str] | None) -> frozenset[str] | None:
    """The files of the site a build puts what changed into (``index``: those of its search
    index, by their path in it), None when the build makes the whole site."""
    if index is None:
        return None
    return site_files(out, without=SEARCH_FOLDER) | {f"{SEARCH_FOLDER}/{name}" for name in index}


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder)
