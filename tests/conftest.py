"""Shared fixtures: the seed issues shipped in briefings/, parsed once per test run."""

from __future__ import annotations

import copy
import fcntl
import gc
import hashlib
import importlib
import os
import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from _pytest.nodeid import NodeId

from clean_builds import CleanBuilds, count_patches_from_now

# The tests' own build cache, apart from the working copy's .cache/briefgen, and kept between
# runs: every key holds a digest of the code that computed the entry, so a changed segmenter or
# parser is never answered from an older run (tests of the cache itself use their own folders).
os.environ.setdefault(
    "BRIEFGEN_CACHE", str(Path(__file__).resolve().parent.parent / ".cache" / "test-build")
)

# One job: builds and parses run in the test's own process, forking no workers (but where a
# test asks for two, ``two_jobs``). pytest-xdist's workers already keep both cores busy, and
# each is a large process that a fork copies page by page as the child touches it: forked
# builds and parses cost the suite 30 to 40 s of its 200 s of CPU. The forked path is tested
# where it is the subject (test_parallel_build and the tests that take ``two_jobs``) and in
# the seed site every browser test reads, which is built with two jobs (``seed_site``).
os.environ.setdefault("BRIEFGEN_JOBS", "1")

# briefgen itself is imported where it is used, not here: pytest-xdist's controller loads this
# file too and runs no test, and importing the package (the PDF reader, the search stages)
# cost it half a second before it started its workers, in every make test and test-fast.
if TYPE_CHECKING:
    from briefgen.archive import Archive
    from briefgen.records import Issue
    from briefgen.related import Document

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_IDS = sorted(p.parent.name for p in BRIEFINGS.glob("*/source.txt"))


#: Two issues in two house layouts (37 articles): enough for tests of the build's behaviour
#: that do not need all five, at less than half the cost of building them.
TWO_ISSUES = ("2024-03-casdc-tech-policy", "2024-07-jiwei-chips")
#: Three issues, the earlier two naming some of the same entities first (63 articles): for
#: the tests of what a rebuild takes from the last one, at two thirds of the cost of all five.
THREE_ISSUES = (
    "2024-03-casdc-tech-policy",
    "2024-03-jiwei-microelectronics",
    "2024-07-jiwei-chips",
)


def copy_archive(target: Path, issues: tuple[str, ...] = TWO_ISSUES) -> Path:
    """A copy of the shipped archive with only ``issues`` (records and editor files)."""
    target.mkdir(parents=True)
    for path in BRIEFINGS.iterdir():
        if path.is_file():
            shutil.copy2(path, target / path.name)
        elif path.name in issues:
            shutil.copytree(path, target / path.name)
    return target


def shipped_articles() -> list[tuple[str, dict]]:
    """(page path, article) for every article of the shipped record files, read as plain YAML
    (not through briefgen), so tests can compute what pages should show on their own. Each
    call hands out its own copy: a test may change what it is given."""
    return copy.deepcopy(_shipped_articles())


@cache
def _shipped_articles() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(BRIEFINGS.glob("*/records.yaml")):
        # libyaml's loader where PyYAML has it: the same plain YAML, some ten times faster.
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        for article in data["articles"]:
            found.append((f"issues/{data['issue']['id']}/{article['id']}.html", article))
    return found


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def seed_archive() -> Archive:
    """The shipped archive as the build loads it (related articles found), once per process:
    an Archive is frozen, so the modules that only read it share one."""
    from briefgen.archive import load_archive

    return load_archive(BRIEFINGS)


def retitle(briefings: Path, issue: str, old: str, new: str) -> None:
    """An editor's title fix in ``issue``'s record file: the first title ``old`` made ``new``."""
    records = briefings / issue / "records.yaml"
    text = records.read_text(encoding="utf-8")
    fixed = re.sub(f"^  title: {old}$", f"  title: {new}", text, count=1, flags=re.M)
    assert fixed != text
    records.write_text(fixed, encoding="utf-8")


def related_documents() -> list[Document]:
    """The seed archive's articles as related articles are found from them (``related``'s
    documents: path, title, body, tags and topics)."""
    from briefgen.archive import load_archive
    from briefgen.related import Document

    archive = load_archive(BRIEFINGS, related=False)
    return [
        Document(e.path, e.article.title, e.article.body, (*e.article.tags, *topics))
        for e in archive.entries
        for topics in [archive.article_topics[e.path]]
    ]


@cache
def parsed(issue_id: str) -> Issue:
    from briefgen.ingest import parse_issue

    return parse_issue(BRIEFINGS / issue_id / "source.txt")


@pytest.fixture
def seed_text() -> str:
    return (BRIEFINGS / "2024-01-jiwei-semiconductors" / "source.txt").read_text(encoding="utf-8")


#: Fixtures that build the whole seed site, its search index or a PDF: a test that uses one
#: is slow, whatever it does itself, so make test-fast leaves it out.
SLOW_FIXTURES = frozenset(
    # "both": the seed archive's term counts beside lunr.py's whole index of it.
    {"seed_site", "masthead_pdf", "index", "both"}
)


#: Test modules that share an expensive per-process result: every printed seed PDF parsed
#: (``parsed_pdf``), the scans read by Tesseract, a large synthetic site. Under
#: ``pytest -n 2 --dist loadgroup`` each group runs on one worker, so nothing is done twice.
WORKER_GROUPS = {
    "test_ingest_pdf.py": "seed-pdfs",
    "test_ingest_pdf_producers.py": "seed-pdfs",
    "test_x2_pdf_hyphens.py": "seed-pdfs",
    "test_ingest_pdf_ghostscript.py": "seed-pdfs",
    "test_ocr.py": "ocr",
    # Its module fixture builds a synthetic archive of 300 articles of its own.
    "test_w_large_ranking.py": "large-ranking",
    # Its module fixture builds lunr.py's whole index and runs node over 120 queries.
    "test_search_agreement.py": "agreement",
    # A first build each, put back for every test, and (incremental) the clean builds made.
    "test_incremental.py": "incremental",
    "test_b_build_reuse.py": "incremental",
    "test_site_in_place.py": "incremental",
    "test_check_cached.py": "incremental",
    # No kept build (its first build splits the search blocks apart), but the clean build of
    # test_site_in_place.py's title fix.
    "test_v_result_documents.py": "incremental",
    # A first build put back for every test (the same one for the same issues), and clean
    # builds of the same edits made once (KeptBuild, build_files).
    "test_page_reuse.py": "kept-builds",
    "test_i_search_steps.py": "kept-builds",
    "test_i_shown_records.py": "kept-builds",
    "test_t_title_fix.py": "kept-builds",
    "test_u_title_fix_work.py": "kept-builds",
    "test_t_article_reuse.py": "kept-builds",
    "test_z_romanized.py": "kept-builds",
    "test_z_search_starts_first.py": "kept-builds",
    "test_c_term_lists_kept.py": "kept-builds",
    # The first search index of two issues (KeptIndex), copied for each test.
    "test_x_bundle_values.py": "kept-index",
    "test_search_shard_reuse.py": "kept-index",
    "test_x_renumbered_terms.py": "kept-index",
}


#: The worker group of every browser test (marked ``browser``) whose module has no group of its
#: own: one worker drives one chromium. Split between both workers, each started its own
#: chromium and loaded the site's pages, scripts and index files into its own tabs: the whole
#: suite took 2-15 % more CPU (five runs side by side; README, "The test suite").
BROWSER_GROUP = "browser"


#: Where a run's temporary folders go when the machine has room in memory: the tests build
#: dozens of sites of a thousand files each, and on a disk mounted with ``discard`` deleting
#: them costs seconds a site (4 s for the seed site here, against 0.01 s in memory).
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_NEEDED = 4 * 2**30


def pytest_configure(config: pytest.Config) -> None:
    """The browser fixtures, unless the run leaves browser tests out; then each run's
    temporary folders in memory. pytest-xdist's controller runs no test: it loads neither."""
    if "browser" not in _left_out(config) and _runs_tests(config):
        config.pluginmanager.import_plugin("browser_fixtures")
    if "slow" not in _left_out(config) and _runs_tests(config):
        _load_what_builds_load()
    _collect_garbage_less_often()
    _temporary_folders_in_memory(config)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A clean build kept on disk is not used while a test has a patch in place; the patches
    pytest itself made before the tests are not a test's (clean_builds.py)."""
    count_patches_from_now()


def _runs_tests(config: pytest.Config) -> bool:
    """False in pytest-xdist's controller (``-n``), which hands the tests to its workers:
    loading what tests use there costs each ``make test`` a second and a half of CPU."""
    return hasattr(config, "workerinput") or not config.getoption("numprocesses", None)


def _collect_garbage_less_often() -> None:
    """A test process holds much (kept builds, site files, parsed PDFs), and the builds it
    forks inherit all of it: at Python's default thresholds the cyclic collector walks that
    heap again and again, in this process and in every worker, for some tenth of the suite's
    CPU. Collections come when fifty thousand objects have been made rather than seven
    hundred; reference counting frees all else as before. (Not ``gc.freeze``: each build
    freezes its archive and unfreezes everything when it returns.)"""
    gc.set_threshold(50_000, 20, 100)


def _load_what_builds_load() -> None:
    """The segmenter's dictionary, the pinyin tables and numpy, loaded once in this process:
    a build forks its search and page workers from here, and a worker that inherits them
    does not load its own (half a second of CPU in each build without a cache; the slow tests
    build some twenty). make test-fast builds almost nothing, so it leaves them lazy."""
    from briefgen.english import romanize
    from briefgen.search.segment import load_dictionaries

    load_dictionaries()
    romanize("中文")
    importlib.import_module("numpy")


def _temporary_folders_in_memory(config: pytest.Config) -> None:
    """A folder of the run's own, removed at its end, unless ``--basetemp`` says where, or the
    memory folder is small (a container's 64 MB)."""
    if config.option.basetemp is not None or not _memory_folder_has_room():
        return  # a pytest-xdist worker is handed its folder inside the run's (--basetemp)
    _remove_folders_of_ended_runs()
    config.option.basetemp = str(MEMORY_FOLDER / f"briefgen-tests-{os.getpid()}")
    config.add_cleanup(lambda: shutil.rmtree(config.option.basetemp, ignore_errors=True))


def _memory_folder_has_room() -> bool:
    if not (MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK)):
        return False
    return shutil.disk_usage(MEMORY_FOLDER).free > MEMORY_NEEDED


def _remove_folders_of_ended_runs() -> None:
    """Folders of runs that were killed before their cleanup (their process is gone)."""
    for folder in MEMORY_FOLDER.glob("briefgen-tests-*"):
        pid = folder.name.rsplit("-", 1)[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


#: A module-level mark that makes every test of a module slow or a browser test.
_WHOLE_MODULE_MARK = re.compile(r"^pytestmark = .*\bpytest\.mark\.(slow|browser)\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A run that leaves slow or browser tests out (make test-fast) does not even import a
    module whose ``pytestmark`` makes all its tests so: none of them would run, and importing
    them (WeasyPrint for the PDF producers, Playwright pages, lunr's reference) costs each
    worker seconds. The module's own ``pytestmark`` line is what says so."""
    name = collection_path.name
    if not (name.startswith("test_") and name.endswith(".py")):
        return None
    left_out = _left_out(config)
    if not left_out:
        return None
    found = _WHOLE_MODULE_MARK.search(collection_path.read_text(encoding="utf-8"))
    return True if found and found.group(1) in left_out else None


def _left_out(config: pytest.Config) -> set[str]:
    """The kinds of tests (``slow``, ``browser``) the run's ``-m`` expression leaves out."""
    return {m for m in ("slow", "browser") if f"not {m}" in (config.option.markexpr or "")}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if item.path.name in WORKER_GROUPS:
            _in_worker_group(config, item, WORKER_GROUPS[item.path.name])
        elif item.get_closest_marker("browser"):
            _in_worker_group(config, item, BROWSER_GROUP)


def _in_worker_group(config: pytest.Config, item: pytest.Item, group: str) -> None:
    """Marks ``item`` for ``group``, and puts the group in its id as pytest-xdist's
    ``--dist loadgroup`` reads it. pytest-xdist 3.8 writes the group into ``item._nodeid``,
    which pytest 9 no longer reads (its ids are ``item._id``): every group was silently split
    between the workers, each computing the group's module fixtures again
    (pytest-dev/pytest-xdist#1386). Done first, so xdist's own hook finds the group there."""
    item.add_marker(pytest.mark.xdist_group(group))
    if config.getoption("loadgroup", False) and isinstance(getattr(item, "_id", None), NodeId):
        item._id = NodeId.parse(f"{item.nodeid}@{group}")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the seed records, once per test run: under pytest-xdist the first
    worker to ask builds it in the run's folder (the parent of each worker's own) and the
    other waits for it, instead of building its own copy. Tests only read it. It is built with
    two jobs, as ``briefgen build`` on this machine is: its pages and search index come from
    forked workers."""
    from briefgen.cli import main

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent
    out = run_folder / "seed-site" / "site"
    with open(run_folder / "seed-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        built = out.parent / "built"
        if not built.exists():
            shutil.rmtree(out.parent, ignore_errors=True)  # a worker that failed half-way
            argv = ["build", "-q", "--jobs", "2", "--briefings", str(BRIEFINGS), "--out", str(out)]
            assert main(argv) == 0
            built.touch()
    return out


@pytest.fixture
def two_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds and parses fork their workers, as on a machine of two cores or more, for tests of
    what the forked path does (the other tests run with one job: see BRIEFGEN_JOBS above)."""
    from briefgen import jobs

    monkeypatch.setenv(jobs.VARIABLE, "2")


def site_files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its path there, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


#: Sites built without a cache in this process, by a digest of their archive's files: a clean
#: build of the same records gives the same bytes wherever it is written
#: (test_incremental.py checks clean builds against cached ones), so the same edit made by two
#: tests is built clean once. Bounded: each site is some megabytes.
_CLEAN: dict[str, dict[str, bytes]] = {}
_CLEAN_KEPT = 8
#: And on disk, from one run to the next, by the same digest and one of the code, templates,
#: packages and environment (clean_builds.py): a warm run builds none of them.
CLEAN_BUILDS = CleanBuilds(ROOT / ".cache" / "test-clean-builds")


def build_files(
    briefings: Path, out: Path, cache: Path | None, *, made_here: bool = False
) -> dict[str, bytes]:
    """``briefgen build`` of ``briefings`` into ``out`` with the build cache ``cache`` (None:
    none at all, a clean build), as the site's files. ``made_here``: a clean build made in
    this call even if an earlier one is kept (for a test that watches what it makes), and kept
    for later calls as any other. A clean build is taken from this process's (``_CLEAN``),
    else from an earlier run's on disk (``CLEAN_BUILDS``), else made and kept in both."""
    from briefgen.cli import main

    clean = _archive_digest(briefings) if cache is None else ""
    if clean in _CLEAN and not made_here:
        return dict(_CLEAN[clean])
    kept = CLEAN_BUILDS.get(clean) if clean and not made_here else None
    if kept is not None:
        _keep_here(clean, kept)
        return dict(kept)
    args = ["build", "-q", "--briefings", str(briefings), "--out", str(out)]
    args += ["--no-cache"] if cache is None else ["--cache", str(cache)]
    assert main(args) == 0
    files = site_files(out)
    if clean:
        CLEAN_BUILDS.put(clean, files)
        _keep_here(clean, files)
    return dict(files)


def _keep_here(clean: str, files: dict[str, bytes]) -> None:
    while len(_CLEAN) >= _CLEAN_KEPT:
        del _CLEAN[next(iter(_CLEAN))]
    _CLEAN[clean] = files


def _archive_digest(briefings: Path) -> str:
    every = hashlib.sha256()
    for path, data in site_files(briefings).items():
        every.update(f"{path}\0{len(data)}\0".encode() + data)
    return every.hexdigest()


#: What a kept build's tests are handed: its briefings, cache and site, and the site's files.
Built = tuple[Path, Path, Path, dict[str, bytes]]


@dataclass(frozen=True)
class KeptBuild:
    """A build of some seed issues made once a process in a working folder (``briefings``,
    ``cache``, ``site``), and a copy of that folder as it was then, put back for each test
    that changes it: at the same place, since the site's stamp holds its folder (a site
    elsewhere would not be reused), and far cheaper than building it again. Test modules that
    start from the same issues share it (put them in one worker group)."""

    work: Path
    kept: Path
    files: dict[str, bytes]

    @classmethod
    def of(cls, factory: pytest.TempPathFactory, issues: tuple[str, ...]) -> KeptBuild:
        if issues not in _KEPT:
            folder = factory.getbasetemp() / ("kept-" + "+".join(issues))
            work, kept = folder / "work", folder / "as-built"
            briefings = copy_archive(work / "briefings", issues)
            files = build_files(briefings, work / "site", work / "cache")
            shutil.copytree(work, kept)
            _KEPT[issues] = cls(work, kept, files)
        return _KEPT[issues]

    def put_back(self) -> Built:
        shutil.rmtree(self.work)
        shutil.copytree(self.kept, self.work)
        return self.work / "briefings", self.work / "cache", self.work / "site", dict(self.files)


_KEPT: dict[tuple[str, ...], KeptBuild] = {}


@pytest.fixture
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The kept build of the test module's ``KEPT_ISSUES``, as it was, for a test to change."""
    return KeptBuild.of(tmp_path_factory, request.module.KEPT_ISSUES).put_back()


#: What a kept index's tests are handed: the records, the cache and the index folder.
Indexed = tuple[Path, Path, Path]


@dataclass(frozen=True)
class KeptIndex:
    """The search index of ``TWO_ISSUES`` as a first build writes it (``write_search`` with
    a cache of its own, empty until then), made once a process in a working folder, and that
    folder put back as it was for each test that rebuilds the index after an edit: at the
    same place, as ``KeptBuild`` (the cache knows the records by their paths). A cold index
    costs some 0.4 s of CPU, putting it back a hundredth."""

    work: Path
    kept: Path

    @classmethod
    def of(cls, factory: pytest.TempPathFactory) -> KeptIndex:
        global _KEPT_INDEX
        if _KEPT_INDEX is None:
            from briefgen.archive import load_archive
            from briefgen.cache import Cache
            from briefgen.search import write_search

            folder = factory.getbasetemp() / "kept-index"
            work, kept = folder / "work", folder / "as-made"
            briefings = copy_archive(work / "briefings", TWO_ISSUES)
            archive = load_archive(briefings, related=False)
            # Written beside the site folder it is for, then put there, as a build does: the
            # cache knows what it wrote by that folder.
            write_search(archive, work / "first", Cache(work / "cache"), work / "site")
            (work / "first").rename(work / "site")
            shutil.copytree(work, kept)
            _KEPT_INDEX = cls(work, kept)
        return _KEPT_INDEX

    def put_back(self) -> Indexed:
        shutil.rmtree(self.work)
        shutil.copytree(self.kept, self.work)
        return self.work / "briefings", self.work / "cache", self.work / "site"


_KEPT_INDEX: KeptIndex | None = None


@pytest.fixture
def first_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The kept first index of two issues (``KeptIndex``), as it was, for a test to change."""
    return KeptIndex.of(tmp_path_factory).put_back()
