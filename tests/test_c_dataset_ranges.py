"""The dataset's files written from the last build's (``render.dataset_ranges``): an unchanged
issue's rows are copied from where the last build's file holds them, a changed issue's are
made, and the files are byte for byte those made whole; a file changed since the last build
is not trusted. No site is built: the dataset of the seed archive alone, written twice."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from briefgen import render
from briefgen.archive import Archive, IssueEntry
from briefgen.cache import Cache
from briefgen.render import write_dataset
from briefgen.render.dataset import CSV_PATH, JSONL_PATH, IssueRows, dataset_files
from briefgen.render.dataset_ranges import ShortSource, write_parts
from conftest import seed_archive


def _retitled(archive: Archive, title: str) -> Archive:
    """``archive`` with the first article of its second issue retitled."""
    issue = archive.issues[1]
    first = issue.articles[0]
    article = dataclasses.replace(first.article, title=title)
    entry = dataclasses.replace(first, article=article)
    fixed = dataclasses.replace(issue, articles=[entry, *issue.articles[1:]])
    entries = [entry if e is first else e for e in archive.entries]
    issues = [fixed if i is issue else i for i in archive.issues]
    return dataclasses.replace(archive, issues=issues, entries=entries)


def _built(archive: Archive, cache: Cache, site: Path, digests: dict[str, str], work: Path) -> None:
    """The dataset written as a build writes it (into staging), then put where ``site`` is."""
    staging = work / "staging"
    write_dataset(archive, staging, cache, digests, site)
    for path in (JSONL_PATH, CSV_PATH):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / path, site / path)
    shutil.rmtree(staging)


def _whole(archive: Archive) -> dict[str, bytes]:
    return {file.path: file.data for file in dataset_files(archive)}


def _files(site: Path) -> dict[str, bytes]:
    return {path: (site / path).read_bytes() for path in (JSONL_PATH, CSV_PATH)}


def test_unchanged_issues_are_copied_and_a_file_changed_since_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = seed_archive()
    cache, site = Cache(tmp_path / "cache"), tmp_path / "site"
    digests = {issue.meta.id: f"record of {issue.meta.id}" for issue in archive.issues}
    _built(archive, cache, site, digests, tmp_path)
    assert _files(site) == _whole(archive)

    made: list[str] = []
    issue_rows = render.issue_rows

    def counted(archive: Archive, issue: IssueEntry) -> IssueRows:
        made.append(issue.meta.id)
        return issue_rows(archive, issue)

    monkeypatch.setattr(render, "issue_rows", counted)
    read = 0  # issues' rows read back from the cache
    get_bytes = cache.get_bytes

    def counted_reads(namespace: str, entry: str) -> bytes | None:
        nonlocal read
        found = get_bytes(namespace, entry)
        read += namespace == "dataset" and found is not None
        return found

    monkeypatch.setattr(cache, "get_bytes", counted_reads)

    # A title fixed in the second issue: its rows alone are made, the others' copied (not read
    # back from the cache), and the files are those made whole.
    edited = _retitled(archive, "改过的标题")
    changed = archive.issues[1].meta.id
    _built(edited, cache, site, {**digests, changed: "record fixed"}, tmp_path)
    assert made == [changed] and read == 0
    assert _files(site) == _whole(edited) != _whole(archive)

    # The last build's file changed behind the build (the same length, other bytes): its
    # layout is not trusted, every issue's rows are read back, and the files are right.
    jsonl = site / JSONL_PATH
    data = jsonl.read_bytes()
    jsonl.write_bytes(data.replace("改过的标题".encode(), "改坏的标题".encode()))
    assert len(jsonl.read_bytes()) == len(data)
    made.clear()
    read = 0
    again = _retitled(archive, "再改的标题")
    _built(again, cache, site, {**digests, changed: "record fixed again"}, tmp_path)
    assert made == [changed] and read == len(archive.issues) - 1
    assert _files(site) == _whole(again)


def test_a_span_past_the_end_of_the_last_file_is_refused(tmp_path: Path) -> None:
    source, target = tmp_path / "last", tmp_path / "new"
    source.write_bytes(b"0123456789")
    assert write_parts(target, [b"ab", (2, 3), (5, 5), b"z"], source) == 11
    assert target.read_bytes() == b"ab23456789z"
    with pytest.raises(ShortSource):
        write_parts(target, [(4, 7)], source)
    with pytest.raises(ShortSource):
        write_parts(target, [(0, 1)], tmp_path / "gone")
