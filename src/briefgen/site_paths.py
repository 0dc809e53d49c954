"""Where a section, tag, topic or author page is published: file names safe on any file system
and static host, and the href they are linked by; and the last check of every path the build
writes (``site_file``)."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from briefgen.errors import OutputPathError

TERM_FOLDERS = {"section": "sections", "tag": "tags", "topic": "topics", "author": "authors"}
#: File names are capped in bytes (most file systems allow 255): room for a suffix and ".html".
MAX_SLUG_BYTES = 120
#: Characters some file system or static host refuses, or reads as a path.
_UNSAFE = re.compile(r'[/\\<>:"|?*\x00-\x1f\x7f]')


def term_index_path(kind: str) -> str:
    return f"{TERM_FOLDERS[kind]}/index.html"


def slug(name: str) -> str:
    """The file name (without extension) a section, tag or author name is published under.

    Chinese names stay readable (links percent-encode them); what could escape the folder,
    hide the file or break a file system is replaced, and long names are cut at a character
    boundary with a hash of the full name, so two long names never share a file.
    """
    text = "".join(
        "_" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch for ch in name
    )
    text = _UNSAFE.sub(lambda m: "／" if m.group() == "/" else "_", text).strip()
    if text.startswith("."):
        text = "_" + text  # never ".", "..", or a hidden file
    text = text or "_"
    if len(text.encode("utf-8")) > MAX_SLUG_BYTES:
        cut = text.encode("utf-8")[: MAX_SLUG_BYTES - 9].decode("utf-8", "ignore")
        text = f"{cut}-{_name_hash(name)}"
    return text


def _name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def term_paths(kind: str, names: Iterable[str]) -> dict[str, str]:
    """Each name's page path; names whose slugs clash get distinct files.

    A clash is judged case-insensitively, as macOS and Windows file systems do. The name
    whose slug is itself keeps the plain file; the others add a hash of their own name, so a
    name's address does not depend on which other names happen to exist.
    """
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(slug(name).casefold(), []).append(name)
    paths: dict[str, str] = {}
    for group in by_slug.values():
        keeper = next((n for n in group if slug(n) == n), group[0])
        for name in group:
            file = slug(name) if name == keeper else f"{slug(name)}-{_name_hash(name)}"
            paths[name] = f"{TERM_FOLDERS[kind]}/{file}.html"
    return paths


def href(path: str) -> str:
    """A site path as it goes into an href attribute."""
    return quote(path, safe="/#.-_~")


#: Most file systems take 255 bytes per name.
MAX_NAME_BYTES = 255


def site_file(root: Path, path: str) -> Path:
    """``root / path``, refused unless it stays inside ``root`` under names a disk accepts.

    Ids are validated and names pass through ``archive.slug``; this is the last check before
    a write, so no record can make the build write anywhere else.
    """
    return root / site_path(root, path)


def site_path(root: Path, path: str) -> str:
    """``path`` normalised, refused (OutputPathError) as ``site_file`` refuses it."""
    normal = posixpath.normpath(path)
    parts = normal.split("/")
    if (
        "\0" in path
        or "\\" in path
        or posixpath.isabs(normal)
        or ".." in parts
        or normal == "."
        or any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts)
    ):
        raise OutputPathError(root, None, f"refusing to write {path!r}: not a file inside the site")
    return normal
