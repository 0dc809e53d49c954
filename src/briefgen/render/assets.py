"""The site's stylesheet and scripts, from ``templates/static``.

Most files are copied as they are. A script too long for one file is kept in parts, and the
build joins the parts into the one file the pages load (``SCRIPT_BUNDLES``): the reader's
browser makes one request, and each part stays a size a maintainer can read. Each part is a
script of its own (the tests run the search parts under node), so joining them is enough.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: The file the pages load → the parts it is joined from, in order, under ``templates/static``.
#: The search page loads search.js alone (one request); search-core.js, the search without
#: the page, is what node runs (the tests, and anyone searching the index outside a browser).
_SEARCH_CORE = (
    "search-text.js",
    "search-places.js",
    "search-rank.js",
    "search-query.js",
    "search-searcher.js",
)
SCRIPT_BUNDLES: dict[str, tuple[str, ...]] = {
    "search-core.js": _SEARCH_CORE,
    "search.js": (
        *_SEARCH_CORE,
        "search-filters.js",
        "search-items.js",
        "search-loader.js",
        "search-pager.js",
        "search-page.js",
    ),
}
_PARTS = frozenset(part for parts in SCRIPT_BUNDLES.values() for part in parts)


def write_static(root: Path, templates: Path) -> None:
    """The stylesheet and scripts into ``root/static``: files copied, parts joined."""
    static = templates / "static"
    if not static.is_dir():
        return
    shutil.copytree(
        static,
        root / "static",
        dirs_exist_ok=True,
        ignore=lambda _folder, names: _PARTS & set(names),
    )
    for bundle, parts in SCRIPT_BUNDLES.items():
        present = [static / part for part in parts if (static / part).is_file()]
        if present:
            (root / "static" / bundle).write_text(bundle_text(present), encoding="utf-8")


def bundle_text(parts: list[Path]) -> str:
    """The parts one after the other, each under a line that names it."""
    return "".join(
        f"/* {part.name} */\n{part.read_text(encoding='utf-8').rstrip()}\n" for part in parts
    )
