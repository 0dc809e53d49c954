"""Parsing and rendering on both cores give what one core gives: the same record files and
the same messages in the same order (a bad file's included), the same site byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

import briefgen.build as build
import briefgen.commands.parse as parse_command
import briefgen.jobs as jobs
import briefgen.processes as processes
import briefgen.record_loading as record_loading
import briefgen.render as render
from briefgen.build import build_site
from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.errors import RecordError
from briefgen.records import load_issue
from conftest import BRIEFINGS, ROOT, SEED_IDS, TWO_ISSUES, copy_archive

# Forks worker processes over the seed records: two jobs, where the other tests run one.
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("two_jobs")]

TEMPLATES = ROOT / "templates"


def _archive(root: Path) -> Path:
    """The five seed issues (sources and editor metadata), a bad file and a second copy of a
    seed whose records were edited by hand, so every kind of outcome and message is there."""
    for issue_id in SEED_IDS:
        folder = root / issue_id
        folder.mkdir(parents=True)
        for name in ("source.txt", "meta.yaml"):
            if (BRIEFINGS / issue_id / name).exists():
                shutil.copy(BRIEFINGS / issue_id / name, folder / name)
    (root / "2024-02-bad").mkdir()
    (root / "2024-02-bad" / "source.txt").write_text("just a note\n没有任何文章\n", "utf-8")
    edited = root / "2024-05-edited"
    edited.mkdir()
    shutil.copy(BRIEFINGS / SEED_IDS[0] / "source.txt", edited / "source.txt")
    (edited / "records.yaml").write_text("# edited by hand\n", "utf-8")
    return root


def _parse(
    root: Path, workers: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, dict[str, bytes], set[int]]:
    """Exit code, messages (without the run's duration), record files and the parsing pids."""
    pids = root.parent / f"pids-{workers}.txt"
    real_parse = parse_command.ingest.parse_issue

    def parse_issue(source: Path, **options):  # type: ignore[no-untyped-def]
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real_parse(source, **options)

    monkeypatch.setenv(jobs.VARIABLE, str(workers))
    monkeypatch.setattr(parse_command.ingest, "parse_issue", parse_issue)
    capsys.readouterr()
    code = main(["parse", str(root), "--no-cache"])
    err = re.sub(r"failed in [\d.]+ s", "failed in … s", capsys.readouterr().err)
    records = {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.glob("*/records.yaml"))
    }
    return code, err.replace(str(root), "ROOT"), records, set(map(int, pids.read_text().split()))


def test_two_workers_write_the_records_and_messages_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    serial = _parse(_archive(tmp_path / "serial"), 1, monkeypatch, capsys)
    parallel = _parse(_archive(tmp_path / "parallel"), 2, monkeypatch, capsys)

    code, err, records, pids = serial
    assert code == 1
    assert "ROOT/2024-02-bad/source.txt:1: no article found" in err
    assert "ROOT/2024-05-edited/records.yaml: records were edited by hand" in err
    assert "5 issue(s) written, 0 unchanged, 1 kept as edited, 1 failed" in err
    assert len(records) == 6 and pids == {os.getpid()}

    assert parallel[0] == code
    assert parallel[1] == err, "the same messages, in the same order"
    assert parallel[2] == records, "the same record files, byte for byte"
    assert len(parallel[3]) == 2 and os.getpid() not in parallel[3], "two worker processes"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many processes each pool the builds from here on fork (search, then pages)."""
    sizes: list[int] = []
    real_forked = build.forked

    def forked(workers: int, held: object):  # type: ignore[no-untyped-def]
        sizes.append(workers)
        return real_forked(workers, held)

    monkeypatch.setattr(build, "forked", forked)
    return sizes


@pytest.mark.slow
def test_pages_rendered_by_two_processes_equal_one_process_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seven pages a chunk, so the two workers interleave through every kind of page. Two
    issues are a small site, built by one search process and one page worker: the same
    site again, as large sites are built (two of each), then by this process alone. (The
    small build is the one every other test makes; only here is it set beside two.)"""
    monkeypatch.setattr(render, "CHUNK_PAGES", 7)
    real_write = render.PageWriter.write

    def write(self: render.PageWriter, chunk: render.PageChunk) -> int:
        with (tmp_path / f"pids-{self.root.name}.txt").open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real_write(self, chunk)

    monkeypatch.setattr(render.PageWriter, "write", write)
    briefings = copy_archive(tmp_path / "briefings")
    pools = _pools(monkeypatch)
    small = tmp_path / "small"
    build_site(briefings, small, TEMPLATES, Cache(None))
    assert pools == [1, 1]
    # A site of SMALL_SITE articles is a large one.
    articles = sum(len(load_issue(briefings / i / "records.yaml").articles) for i in TWO_ISSUES)
    monkeypatch.setattr(processes, "SMALL_SITE", articles)
    forked = tmp_path / "forked"
    build_site(briefings, forked, TEMPLATES, Cache(None))
    assert pools == [1, 1, processes.SEARCH_WORKERS, build.PAGE_WORKERS] == [1, 1, 2, 2]

    # Where the platform cannot fork, one thread of this process renders every page.
    monkeypatch.setattr(build, "PAGE_WORKERS", 1)
    monkeypatch.setattr(processes.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    single = tmp_path / "single"
    build_site(briefings, single, TEMPLATES, Cache(None))

    def pids(staging: Path) -> set[int]:
        (written,) = tmp_path.glob(f"pids-.{staging.name}.building-*.txt")
        return set(map(int, written.read_text().split()))

    assert len(pids(small)) == 1 and os.getpid() not in pids(small)
    assert len(pids(forked)) == 2 and os.getpid() not in pids(forked)
    assert pids(single) == {os.getpid()}
    forked_files = _tree(forked)
    assert len(forked_files) > 300 and "issues/2024-07-jiwei-chips/a12.html" in forked_files
    for other in (_tree(small), _tree(single)):
        assert forked_files.keys() == other.keys()
        assert [p for p in forked_files if forked_files[p] != other[p]] == []


def test_records_read_by_two_processes_equal_one_and_fail_on_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folders = [tmp_path / f"issue-{k:02d}" for k in range(40)]
    for k, folder in enumerate(folders):
        folder.mkdir()
        seed = BRIEFINGS / SEED_IDS[k % len(SEED_IDS)] / "records.yaml"
        shutil.copy(seed, folder / "records.yaml")
    paths = {folder / "records.yaml": "" for folder in folders}
    assert len(paths) >= record_loading.RECORDS_IN_PARALLEL
    parallel = record_loading.load_records(paths)
    monkeypatch.setattr(record_loading, "RECORDS_IN_PARALLEL", 10**9)
    assert record_loading.load_records(paths) == parallel and len(parallel) == 40

    for bad in (folders[17], folders[29]):  # two bad files: the first is reported
        text = (bad / "records.yaml").read_text("utf-8")
        (bad / "records.yaml").write_text(text.replace("title:", "title: [", 1), "utf-8")
    with pytest.raises(RecordError) as serial_error:
        record_loading.load_records(paths)
    monkeypatch.undo()
    with pytest.raises(RecordError) as parallel_error:
        record_loading.load_records(paths)
    assert str(folders[17]) in str(serial_error.value)
    assert str(parallel_error.value) == str(serial_error.value)
    assert parallel_error.value.line == serial_error.value.line is not None


def test_term_and_gram_shards_are_written_at_once_and_a_failing_step_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step notes its process and when it ran; the last step starts after the three
    others, and the result files are written by one of the two search processes. Then a
    failing step fails a rebuild of that site, and the site is kept."""
    log = tmp_path / "steps.txt"

    def noted(name: str, step):  # type: ignore[no-untyped-def]
        def run(*args):  # type: ignore[no-untyped-def]
            started = time.monotonic()
            result = step(*args)
            with log.open("a") as out:
                out.write(f"{name} {os.getpid()} {started} {time.monotonic()}\n")
            return result

        return run

    steps_run = ("write_term_files", "write_gram_files", "write_result_files", "write_search_rest")
    for name in steps_run:
        monkeypatch.setattr(processes, name, noted(name, getattr(processes, name)))
    # One issue, built as a large site is (a small one's steps run in one process in turn):
    # the steps' processes and order are the same for any archive.
    monkeypatch.setattr(processes, "SMALL_SITE", 0)
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES[:1])
    build_site(briefings, tmp_path / "site", TEMPLATES, Cache(None))

    steps = {
        name: (int(pid), float(a), float(b))
        for name, pid, a, b in map(str.split, log.read_text().splitlines())
    }
    terms, grams, results, rest = (steps[n] for n in steps_run)
    assert len({terms[0], grams[0], os.getpid()}) == 3, "two processes, neither this one"
    assert results[0] in {terms[0], grams[0]}
    assert rest[1] >= max(terms[2], grams[2], results[2]), "the rest reads what all three wrote"
    assert (tmp_path / "site" / "static" / "search" / "manifest.js").is_file()
    monkeypatch.undo()
    monkeypatch.setenv(jobs.VARIABLE, "2")
    _a_failing_search_step_fails_the_build_and_keeps_the_last_site(
        briefings, tmp_path / "site", monkeypatch
    )


def _a_failing_search_step_fails_the_build_and_keeps_the_last_site(
    briefings: Path, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the site of the test above (a test of its own would build the same again)."""
    before = _tree(site)

    def broken(*_args):  # type: ignore[no-untyped-def]
        raise RecordError(briefings / "glossary.yaml", 3, "a gram step that fails")

    monkeypatch.setattr(processes, "write_gram_files", broken)
    with (briefings / TWO_ISSUES[0] / "records.yaml").open("a", encoding="utf-8") as records:
        records.write("# edited\n")
    with pytest.raises(RecordError, match="a gram step that fails"):
        build_site(briefings, site, TEMPLATES, Cache(None))
    assert _tree(site) == before
    assert not list(site.parent.glob(".site.building-*")), "the staging folder is removed"


def test_one_job_forks_nothing_and_a_number_that_is_not_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--jobs 1`` overrides BRIEFGEN_JOBS (two here): a parse of two sources, a clean build
    and a rebuild that lists the previous site all run in this process, where any fork fails.
    A number of jobs that is not a whole number from 1 is refused before any work, naming
    where it was set."""
    archive = copy_archive(tmp_path / "briefings")
    for issue_id in TWO_ISSUES:
        (archive / issue_id / "records.yaml").unlink()

    def no_fork() -> int:
        raise AssertionError("forked at one job")

    site = tmp_path / "site"
    with monkeypatch.context() as forbidden:
        forbidden.setattr(os, "fork", no_fork)
        assert main(["parse", "-q", "--jobs", "1", "--no-cache", str(archive)]) == 0
        build = ["build", "-q", "-j", "1", "--cache", str(tmp_path / "cache")]
        build += ["--briefings", str(archive)]
        assert main([*build, "--out", str(site)]) == 0
        edited = archive / TWO_ISSUES[0] / "records.yaml"
        edited.write_text(edited.read_text("utf-8") + "# edited\n", "utf-8")
        assert main([*build, "--out", str(site)]) == 0
    assert (site / "issues" / TWO_ISSUES[0] / "a01.html").is_file()

    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:
        main(["build", "--jobs", "0", "--briefings", str(archive), "--out", str(site)])
    assert refused.value.code == 2
    assert "--jobs must be a whole number from 1, not '0'" in capsys.readouterr().err
    monkeypatch.setenv(jobs.VARIABLE, "two")
    with pytest.raises(SystemExit) as refused:
        main(["parse", str(archive)])
    assert refused.value.code == 2
    assert "BRIEFGEN_JOBS must be a whole number from 1, not 'two'" in capsys.readouterr().err
