"""After one issue changed, the result files step makes the documents of that issue's block
alone (``search.results``): every other issue's result files are taken by their key, the
filters' fields are read from the records, and the index still equals a clean build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.archive import Entry
from briefgen.search import blocks, index
from conftest import TWO_ISSUES, build_files, copy_archive, retitle

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"


@pytest.mark.slow
def test_a_title_fix_makes_only_its_blocks_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two issues: one changed, one whose documents must not be made. (The fix is
    # test_site_in_place.py's: in the same worker group, its clean build is made once.)
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    # Every issue a block of its own: the changed block is the changed issue.
    monkeypatch.setattr(blocks, "BLOCK_ISSUES", 1)
    cache, site = tmp_path / "cache", tmp_path / "site"
    build_files(briefings, site, cache)

    made = tmp_path / "made"
    document = index._document

    def recorded(entry: Entry, *rest: object) -> index.SearchDocument:
        # The search steps run in forked processes at two jobs: what they made is written down.
        with made.open("a", encoding="utf-8") as log:
            log.write(entry.path + "\n")
        return document(entry, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "_document", recorded)
    retitle(briefings, CHANGED, TITLE, f"新{TITLE}")
    after = build_files(briefings, site, cache)
    monkeypatch.setattr(index, "_document", document)

    paths = set(made.read_text(encoding="utf-8").split())
    assert paths, "the changed issue's documents were made"
    assert all(path.startswith(f"issues/{CHANGED}/") for path in paths), sorted(paths)
    assert after == build_files(briefings, tmp_path / "clean", None)
    shown = [v for k, v in after.items() if k.startswith("static/search/doc/")]
    assert any(f"新{TITLE}".encode() in v for v in shown)
