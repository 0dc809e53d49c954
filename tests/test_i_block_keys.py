"""Each issue's articles' segment keys are kept by its record file's digest, for the same
glossary (``search.blocks._IssueKeys``): the blocks always equal those made without the cache,
and only a changed issue's keys are made again; a glossary change makes them all again."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.files import site_record_files
from briefgen.search import blocks as blocks_module
from briefgen.search.blocks import search_blocks
from conftest import TWO_ISSUES, copy_archive

CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"


def _digests(briefings: Path) -> dict[str, str]:
    return {
        path.parent.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site_record_files(briefings)
    }


def _plain(found: list[blocks_module.Block]) -> list[tuple]:
    return [(b.start, [e.path for e in b.entries], b.digest, b.segment_keys) for b in found]


def test_only_the_changed_issue_is_keyed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two issues, in one search block as all five are (BLOCK_ISSUES): the unchanged one's
    # keys are kept beside the changed one's, which is the case; five cost twice the keying.
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES)
    cache = Cache(tmp_path / "cache")
    archive = load_archive(briefings, related=False)
    assert _plain(search_blocks(archive, cache, _digests(briefings))) == _plain(
        search_blocks(archive)
    )

    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace(f"  title: {TITLE}", f"  title: {TITLE}新", 1), "utf-8")
    archive = load_archive(briefings, related=False)
    keyed: list[str] = []
    keyed_by = blocks_module.segments_key

    def counted(article, archive):  # type: ignore[no-untyped-def]
        keyed.append(article.id)
        return keyed_by(article, archive)

    monkeypatch.setattr(blocks_module, "segments_key", counted)
    kept = _plain(search_blocks(archive, cache, _digests(briefings)))
    changed = next(i for i in archive.issues if i.meta.id == CHANGED)
    assert keyed == [entry.article.id for entry in changed.articles]
    monkeypatch.undo()
    assert kept == _plain(search_blocks(archive))


def test_a_glossary_change_keys_every_article_again(tmp_path: Path) -> None:
    briefings = copy_archive(tmp_path / "briefings", (CHANGED,))
    cache = Cache(tmp_path / "cache")
    search_blocks(load_archive(briefings, related=False), cache, _digests(briefings))
    glossary = briefings / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    before = load_archive(briefings, related=False)
    used = {entry.article.section for entry in before.entries}
    # A section the issue's articles are in: their keys read its English name.
    section, english = next((s, e) for s, e in before.glossary.sections.items() if s in used)
    glossary.write_text(text.replace(f"{english}", f"{english} (renamed)", 1), "utf-8")
    archive = load_archive(briefings, related=False)
    assert archive.glossary.sections[section] == f"{english} (renamed)"
    kept = _plain(search_blocks(archive, cache, _digests(briefings)))
    assert kept == _plain(search_blocks(archive))
