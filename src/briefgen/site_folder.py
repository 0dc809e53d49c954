"""How a build's files reach the site folder: staged beside it, then put in place.

A build writes into a staging folder next to the site. When it made the whole site there, two
renames swap it in (``swap``). When it took most files from the previous site as they are (a
rebuild after a few records changed), putting them into the staging folder would cost a hard
link each, and removing the previous site an unlink each: 130,000 of each at 20,000 articles,
for a rebuild that changed a few hundred files. Then the staging folder holds only what
changed, and ``put_in_place`` moves it into the site folder under a journal: a build that
fails midway puts the previous site back before it returns, and one killed midway has it put
back by the next build (``recover``). Either way the site is the previous build's or the new
one's, never a mix that stays.

A folder named in ``whole`` (the search index) is staged complete and swapped as one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """The files of a site folder, by path relative to it ("/"-separated), leaving out those
    under the folders it is put in place ``whole``."""

    files: frozenset[str]
    whole: tuple[str, ...]


def site_files(out: Path, whole: tuple[str, ...]) -> SiteFiles:
    """What ``out`` holds (a walk: a tenth of a second for 130,000 files)."""
    root = str(out)
    skipped = {os.path.join(root, folder) for folder in whole}
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if os.path.join(folder, f) not in skipped]
        prefix = "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in files)
    return SiteFiles(frozenset(found), whole)


def swap(staging: Path, out: Path) -> Path | None:
    """Put the new site in place of the old one with two renames; where the old one went."""
    previous = _previous(out)
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    return previous if previous.exists() else None


def put_in_place(staging: Path, out: Path, old: SiteFiles, kept: Iterable[str]) -> Path:
    """Make ``out`` the new site: the files of ``staging``, those of ``old`` named in ``kept``
    (taken as they are), and ``old.whole`` folders from ``staging`` whole; every other file
    of ``old`` goes. Returns the folder holding what was replaced, for the caller to remove."""
    staged = _staged_files(staging, old.whole)
    final = staged | set(kept)
    plan = _Plan(
        replaced=sorted(staged & old.files),
        added=sorted(staged - old.files),
        removed=sorted(old.files - final),
        whole=[f for f in old.whole if (staging / f).is_dir()],
    )
    previous = _previous(out)
    journal = _journal(out)
    journal.write_text(json.dumps({"added": plan.added, "whole": plan.whole}), encoding="utf-8")
    try:
        _apply(plan, staging, out, previous)
    except BaseException:
        _roll_back(out, previous, plan.added, plan.whole)
        journal.unlink()
        raise
    journal.unlink()
    return previous


@dataclass(frozen=True, slots=True)
class _Plan:
    replaced: list[str]
    added: list[str]
    removed: list[str]
    whole: list[str]


def _apply(plan: _Plan, staging: Path, out: Path, previous: Path) -> None:
    folders: set[str] = set()
    for path in plan.replaced:
        # A link keeps the old file for a roll back while the new one replaces it at once: a
        # reader of the site never finds the page missing.
        _into(previous, path, folders)
        os.link(out / path, previous / path)
    for path in plan.removed:
        _into(previous, path, folders)
        os.rename(out / path, previous / path)
    for folder in plan.whole:
        _into(previous, folder, folders)
        if (out / folder).exists():
            os.rename(out / folder, previous / folder)
    for path in plan.replaced + plan.added:
        _into(out, path, folders)
        os.replace(staging / path, out / path)
    for folder in plan.whole:
        _into(out, folder, folders)
        os.rename(staging / folder, out / folder)
    _remove_empty_folders(out, plan.removed)


def _into(root: Path, path: str, made: set[str]) -> None:
    """The folder ``path`` goes in, under ``root``, made once."""
    folder = os.path.dirname(f"{root}/{path}")
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _remove_empty_folders(out: Path, removed: list[str]) -> None:
    """The folders the removed files leave empty (a clean build makes no empty folder)."""
    for path in sorted({os.path.dirname(p) for p in removed}, key=len, reverse=True):
        while path:
            try:
                os.rmdir(out / path)
            except OSError:
                break  # not empty, or gone with a deeper one
            path = os.path.dirname(path)


def recover(out: Path, pid: int) -> None:
    """Put back the previous site a build killed while putting its files in place had begun
    to replace (process ``pid``, no longer running), from its journal."""
    journal, previous = _journal(out, pid), _previous(out, pid)
    if journal.exists():
        record = json.loads(journal.read_text(encoding="utf-8"))
        _roll_back(out, previous, record["added"], record["whole"])
        journal.unlink()
    shutil.rmtree(previous, ignore_errors=True)


def _roll_back(out: Path, previous: Path, added: list[str], whole: list[str]) -> None:
    for path in added:
        try:
            os.unlink(out / path)
        except FileNotFoundError:
            pass
    for folder in whole:
        if (previous / folder).is_dir():
            shutil.rmtree(out / folder, ignore_errors=True)
            os.makedirs((out / folder).parent, exist_ok=True)
            os.rename(previous / folder, out / folder)
    folders: set[str] = set()
    for path in _staged_files(previous, ()):
        _into(out, path, folders)
        os.replace(previous / path, out / path)
    _remove_empty_folders(out, added)
    shutil.rmtree(previous, ignore_errors=True)


def _staged_files(root: Path, whole: Iterable[str]) -> set[str]:
    return set(site_files(root, tuple(whole)).files) if root.is_dir() else set()


def _previous(out: Path, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.previous-{pid or os.getpid()}"


def _journal(out: Path, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.journal-{pid or os.getpid()}"
