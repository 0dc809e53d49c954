"""HTML snapshots of three pages of the seed site, in Chinese: home, an issue and an article.

Each page is compared byte for byte with its copy in tests/snapshots/; a failure shows the
first lines of the difference. Nothing is normalised: pages are deterministic (no build
times, stable order), so any difference is a change a reader would get.

When a change to templates or rendering is meant, regenerate the copies and review their
diff before committing:

    BRIEFGEN_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py
    git diff tests/snapshots/
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the seed site

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("BRIEFGEN_UPDATE_SNAPSHOTS") == "1"

#: Site page → snapshot file. The article has footnotes, section headings and a pager.
PAGES = {
    "index.html": "home.zh.html",
    "issues/2024-07-jiwei-chips/index.html": "issue-2024-07-jiwei-chips.zh.html",
    "issues/2024-07-jiwei-chips/a12.html": "article-2024-07-jiwei-chips-a12.zh.html",
}


@pytest.mark.parametrize(("page", "snapshot"), PAGES.items())
def test_page_matches_its_snapshot(seed_site: Path, page: str, snapshot: str) -> None:
    got = (seed_site / page).read_text(encoding="utf-8")
    stored = SNAPSHOTS / snapshot
    if UPDATE:
        stored.write_text(got, encoding="utf-8")
    assert stored.exists(), f"no snapshot of {page}: run with BRIEFGEN_UPDATE_SNAPSHOTS=1"
    want = stored.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), f"snapshots/{snapshot}", page, lineterm=""
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"{page} differs from its snapshot (BRIEFGEN_UPDATE_SNAPSHOTS=1 to accept):\n{shown}"
        )
