"""``briefgen new DIR``: a starter archive that builds and publishes as it is.

It holds the archive's settings and glossary, one sample issue as text in the 集微 layout,
a ``.gitignore`` and the GitHub Actions workflow that publishes the site. The files are
package data under ``briefgen/starter/``; names that begin with a dot are stored without it,
so packaging tools never take them for hidden files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.errors import StarterError
from briefgen.resources import STARTER

#: Stored name -> name in the new archive.
_DOTTED = {"gitignore": ".gitignore", "github": ".github"}


def create_starter(target: Path) -> list[Path]:
    """Copy the starter archive into ``target`` (new or empty); the files written, sorted."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StarterError(target, None, "exists and is not an empty folder; name a new one")
    written = []
    for stored in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        relative = stored.relative_to(STARTER)
        first, *rest = relative.parts
        destination = target.joinpath(_DOTTED.get(first, first), *rest)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stored, destination)
        written.append(destination)
    return sorted(written)
