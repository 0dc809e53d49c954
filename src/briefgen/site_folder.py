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
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefgen import jobs


def site_files(out: Path, without: str = "") -> frozenset[str]:
    """The files of ``out`` by their path in it, "/"-separated (a walk: a tenth of a second
    for 130,000 files); none of folder ``without`` (a path in ``out``), when it is given."""
    root = str(out)
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        prefix = "" if folder == root else os.path.relpath(folder, root).replace(os.sep, "/") + "/"
        if without and without.startswith(prefix):
            folders[:] = [name for name in folders if prefix + name != without]
        found.extend(prefix + name for name in files)
    return frozenset(found)


class SiteListing:
    """``site_files(out)`` listed by a forked process while this one goes on (``listed``): at
    the start of a rebuild the build works alone on one core for a second (records, archive),
    and walking 130,000 files took a fifth of a second of CPU on it. Listed here where the
    platform cannot fork, at one job, or where the forked process failed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._files: frozenset[str] | None = None
        self._child: tuple[int, threading.Thread, list[bytes]] | None = None
        if jobs.workers(1):
            self._child = _listing_child(out)

    def files(self) -> frozenset[str]:
        if self._files is None:
            found = self._from_child()
            self._files = found if found is not None else site_files(self.out)
        return self._files

    def close(self) -> None:
        """Wait for the forked process, if ``files`` never did."""
        self._from_child()

    def _from_child(self) -> frozenset[str] | None:
        if self._child is None:
            return None
        pid, reader, chunks = self._child
        self._child = None
        reader.join()
        _, status = os.waitpid(pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        text = b"".join(chunks).decode("utf-8", "surrogateescape")
        return frozenset(text.split("\0")) if text else frozenset()


@contextmanager
def listed(out: Path, wanted: bool) -> Iterator[SiteListing | None]:
    """A listing of ``out`` begun now when ``wanted``, its process waited for at the end."""
    listing = SiteListing(out) if wanted else None
    try:
        yield listing
    finally:
        if listing is not None:
            listing.close()


def _listing_child(out: Path) -> tuple[int, threading.Thread, list[bytes]]:
    """A forked process writing ``site_files(out)`` to a pipe, and a thread reading it (the
    pipe holds 64 KB: unread, it would stop the walk)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked process
        code = 1
        try:
            os.close(read)
            data = "\0".join(site_files(out)).encode("utf-8", "surrogateescape")
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    chunks: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(read, chunks), daemon=True)
    reader.start()
    return pid, reader, chunks


def _read_all(fd: int, chunks: list[bytes]) -> None:
    with os.fdopen(fd, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)


def swap(staging: Path, out: Path) -> Path | None:
    """Put the new site in place of the old one with two renames; where the old one went."""
    previous = _previous(out)
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    return previous if previous.exists() else None


def put_in_place(staging: Path, out: Path, old: frozenset[str], kept: Iterable[str]) -> Path | None:
    """Make ``out`` the new site: the files of ``staging`` and those of ``old`` (what ``out``
    holds) named in ``kept`` (taken as they are); every other file of ``old`` goes. Returns
    the folder holding what was replaced, if anything was, for the caller to remove."""
    staged = site_files(staging)
    final = staged | set(kept)
    plan = _Plan(
        replaced=sorted(staged & old), added=sorted(staged - old), removed=sorted(old - final)
    )
    previous = _previous(out)
    journal = _journal(out)
    journal.write_text(json.dumps({"added": plan.added}), encoding="utf-8")
    try:
        _apply(plan, staging, out, previous)
    except BaseException:
        _roll_back(out, previous, plan.added)
        journal.unlink()
        raise
    journal.unlink()
    return previous if previous.exists() else None


@dataclass(frozen=True, slots=True)
class _Plan:
    replaced: list[str]
    added: list[str]
    removed: list[str]


def _apply(plan: _Plan, staging: Path, out: Path, previous: Path) -> None:
    # Paths as text: some 12,000 Path objects made here took a tenth of a second after a
    # title fix at 20,000 articles, on the build's last stretch, where nothing else runs.
    new, site, old = str(staging), str(out), str(previous)
    folders: set[str] = set()
    for path in plan.replaced:
        # A link keeps the old file for a roll back while the new one replaces it at once: a
        # reader of the site never finds the page missing.
        _into(previous, path, folders)
        try:
            os.link(f"{site}/{path}", f"{old}/{path}")
        except OSError:  # a file system without hard links
            shutil.copy2(f"{site}/{path}", f"{old}/{path}")
    for path in plan.removed:
        _into(previous, path, folders)
        os.rename(f"{site}/{path}", f"{old}/{path}")
    # Before the new files come: one may take the name of a folder emptied here.
    _remove_empty_folders(out, plan.removed)
    folders.clear()
    for path in plan.replaced + plan.added:
        _into(out, path, folders)
        os.replace(f"{new}/{path}", f"{site}/{path}")


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
        try:
            added = json.loads(journal.read_text(encoding="utf-8"))["added"]
        except (ValueError, KeyError, TypeError):
            added = None  # killed while writing it, so before changing anything
        if isinstance(added, list):
            _roll_back(out, previous, [str(path) for path in added])
        journal.unlink()
    shutil.rmtree(previous, ignore_errors=True)


def _roll_back(out: Path, previous: Path, added: list[str]) -> None:
    for path in added:
        try:
            os.unlink(out / path)
        except FileNotFoundError:
            pass
    folders: set[str] = set()
    for path in site_files(previous) if previous.is_dir() else ():
        _into(out, path, folders)
        os.replace(previous / path, out / path)
    _remove_empty_folders(out, added)
    shutil.rmtree(previous, ignore_errors=True)


def _previous(out: Path, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.previous-{pid or os.getpid()}"


def _journal(out: Path, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.journal-{pid or os.getpid()}"


@contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out`` to build into, removed whatever happens."""
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def remove_stale_staging(out: Path) -> None:
    """Staging and swap folders left by builds that were killed midway; a site they had
    begun to put in place is put back as it was (``recover``).

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
