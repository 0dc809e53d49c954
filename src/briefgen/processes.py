"""The build's worker processes: pools forked holding what their tasks read, and the search
stage's steps as two of those processes run them (``build`` hands them out).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefgen import jobs
from briefgen.archive import Archive
from briefgen.cache import Cache
from briefgen.search import (
    Block,
    GramFiles,
    ResultFiles,
    TermFiles,
    hashed,
    write_gram_files,
    write_result_files,
    write_search_rest,
    write_term_files,
)
from briefgen.timing import timed

#: What a worker was handed when it started (see ``forked``); per thread, for the fallback.
_held = threading.local()


def _hold(value: object) -> None:
    _held.value = value


@contextmanager
def forked(workers: int, held: object) -> Iterator[Executor]:
    """Worker processes forked holding ``held``, so the archive is never pickled to them (only
    small tasks and results travel); one thread of this process at one job or where the
    platform cannot fork (``jobs.workers``).

    An error in one task cancels the tasks not yet started.
    """
    pool: Executor
    processes = jobs.workers(workers)
    if processes:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(processes, context, initializer=_hold, initargs=(held,))
    else:
        # One thread: threads would share no CPU (the GIL), and a process renders with one
        # Jinja environment, its translations installed for one language at a time.
        pool = ThreadPoolExecutor(1, initializer=_hold, initargs=(held,))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@dataclass(frozen=True, slots=True)
class SearchJob:
    archive: Archive
    blocks: list[Block]
    folder: Path
    cache: Cache
    #: The index of the site being replaced (``write_search``'s ``site``).
    site: Path
    #: Each issue's digest of what its records show (``write_result_files``' ``records``).
    records: Mapping[str, str] | None = None
    #: The files of the index at ``site``, by their path in it, when the build puts the new
    #: index in its place (``hashed.take_in_place``); None when it makes the whole index.
    existing: frozenset[str] | None = None


#: Processes writing the search index: its term and gram shards are counted side by side.
SEARCH_WORKERS = 2

#: A site of fewer articles is built by one search process and one page worker, not two of
#: each (``workers_for``): the same files (test_parallel_build) for less CPU where each
#: pool's work is a few tenths of a second (a clean build of the seed archive's 86 articles
#: took 3.4-3.8 s against 3.6-4.2 s), while the build's own process and the other pool keep
#: both cores busy. At 300 articles both took the same (5.6-5.9 s): two of each from there.
SMALL_SITE = 300


def workers_for(articles: int, most: int) -> int:
    """How many processes a pool of up to ``most`` forks for a site of ``articles``."""
    return 1 if articles < SMALL_SITE else most


def search_side_by_side(searchers: Executor) -> Future[list[str]]:
    """The search stage (``write_search``'s four steps) on ``searchers``: the term shards,
    the gram shards and the result files, two at a time, then the alias bundles and the
    manifest, which read all three, started as soon as they are in (by a thread of this
    process, which meanwhile finds related articles and hands out pages). The future fails
    with the first step that fails, or holds the files taken from the previous index as they
    are (``SearchJob.existing``)."""
    terms = searchers.submit(_search_terms)
    grams = searchers.submit(_search_grams)
    results = searchers.submit(_search_results)

    def rest() -> list[str]:
        done = (terms.result(), grams.result(), results.result())
        files = (done[0][0], done[1][0], done[2][0])
        taken = [name for _files, names in done for name in names]
        return sorted({*taken, *searchers.submit(_search_rest, files, taken).result()})

    waiter = ThreadPoolExecutor(1)
    done = waiter.submit(rest)
    waiter.shutdown(wait=False)
    return done


def held() -> object:
    """What this worker was handed when it started (``forked``)."""
    return _held.value


def _search_job(taken: list[str] | None = None) -> SearchJob:
    """The job this process holds, the index to be put in place if it is (``taken``: the
    files other processes took from the previous index)."""
    job = held()
    assert isinstance(job, SearchJob)
    if job.existing is None:
        hashed.make_whole()
    else:
        hashed.take_in_place(job.folder, job.site, job.existing, taken or ())
    return job


def _search_terms() -> tuple[TermFiles, list[str]]:
    job = _search_job()
    with timed("search terms (a process of their own)"):
        files = write_term_files(job.archive, job.blocks, job.folder, job.cache, job.site)
    return files, hashed.taken_files()


def _search_grams() -> tuple[GramFiles, list[str]]:
    job = _search_job()
    with timed("search grams (a process of their own)"):
        files = write_gram_files(job.blocks, job.folder, job.cache, job.site)
    return files, hashed.taken_files()


def _search_results() -> tuple[ResultFiles, list[str]]:
    job = _search_job()
    with timed("search results, learned aliases, facets"):
        files = write_result_files(
            job.archive, job.blocks, job.folder, job.cache, job.site, job.records
        )
    return files, hashed.taken_files()


def _search_rest(files: tuple[TermFiles, GramFiles, ResultFiles], taken: list[str]) -> list[str]:
    job = _search_job(taken)
    with timed("search alias bundles, manifest"):
        write_search_rest(job.archive, job.folder, job.cache, files, job.site)
    return hashed.taken_files()
