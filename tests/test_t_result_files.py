"""The result files step after one issue changed (``search.results``): an issue whose records
show what they showed at the last build has its result files taken from the previous site
without its articles' texts being read; the changed issue's are written again; the index
equals a clean one's, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefgen.search.blocks as blocks_module
import briefgen.search.results as results_module
from briefgen.archive import Archive, load_archive
from briefgen.cache import Cache
from briefgen.search import search_blocks, write_result_files
from briefgen.search.blocks import Block
from briefgen.search.index import ArticleText
from conftest import TWO_ISSUES, copy_archive, retitle

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
FIXED = "美国公布芯片法案资助的首批研发设施及遴选程序"


def _records(archive: Archive) -> dict[str, str]:
    """Each issue's stand-in for the build's ``shown_record``: changes when its articles do."""
    return {i.meta.id: repr([e.article for e in i.articles]) for i in archive.issues}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def one_issue_a_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every issue a search block of its own, so that blocks can go unread."""
    monkeypatch.setattr(blocks_module, "BLOCK_ISSUES", 1)


@pytest.mark.usefixtures("one_issue_a_block")
def test_only_the_changed_issue_s_texts_are_read_and_the_files_equal_a_clean_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    cache = Cache(tmp_path / "cache")
    last = tmp_path / "last"
    before = load_archive(briefings, related=False)
    first = write_result_files(before, search_blocks(before), last, cache, last, _records(before))

    retitle(briefings, CHANGED, TITLE, FIXED)
    after = load_archive(briefings, related=False)
    blocks = search_blocks(after)
    assert len(blocks) == len(TWO_ISSUES)

    read: list[str] = []
    block_texts = results_module.block_texts

    def counted(block: Block, cache: Cache) -> list[ArticleText]:
        read.extend(sorted({entry.issue.id for entry in block.entries}))
        return block_texts(block, cache)

    monkeypatch.setattr(results_module, "block_texts", counted)
    now = tmp_path / "now"
    again = write_result_files(after, blocks, now, cache, last, _records(after))
    monkeypatch.undo()
    assert read == [CHANGED]

    clean = tmp_path / "clean"
    assert again == write_result_files(after, search_blocks(after), clean, Cache(None))
    assert _files(now) == _files(clean)
    assert any(FIXED in data.decode() for data in _files(now).values())
    # The unchanged issues' files are the last index's very files; the changed one's are new.
    changed = {e.path for e in after.entries if e.issue.id == CHANGED}
    for name in _files(now):
        if not name.startswith("doc/"):
            continue
        shown = (now / name).read_text(encoding="utf-8")
        same = (last / name).exists() and (last / name).stat().st_ino == (now / name).stat().st_ino
        assert same != any(f'"{path}"' in shown for path in changed), name
    assert first.groups != again.groups


@pytest.mark.usefixtures("one_issue_a_block")
def test_an_issue_s_file_changed_since_is_written_again(tmp_path: Path) -> None:
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    archive = load_archive(briefings, related=False)
    cache = Cache(tmp_path / "cache")
    last = tmp_path / "last"
    write_result_files(archive, search_blocks(archive), last, cache, last, _records(archive))
    edited = sorted((last / "doc").glob("*.js"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + " ", encoding="utf-8")

    now = tmp_path / "now"
    # The step as a whole is not taken: one issue's records are said to have changed.
    records = _records(archive) | {CHANGED: "another build's"}
    write_result_files(archive, search_blocks(archive), now, cache, last, records)
    clean = tmp_path / "clean"
    write_result_files(archive, search_blocks(archive), clean, Cache(None))
    assert _files(now) == _files(clean)
    assert (now / edited.relative_to(last)).stat().st_ino != edited.stat().st_ino
