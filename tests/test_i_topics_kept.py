"""Each issue's topics are kept by its record file's digest (``archive._article_topics``): an
unchanged issue's are taken, a changed issue's found again, and the archive's topics are
always those found without the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from briefgen import archive as archive_module
from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.files import site_record_files
from briefgen.records import load_issue
from conftest import copy_archive

CHANGED = "2024-07-jiwei-chips"


def _digests(briefings: Path) -> dict[str, str]:
    return {
        path.parent.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site_record_files(briefings)
    }


def _load(briefings: Path, cache: Cache | None) -> dict[str, list[str]]:
    issues = [load_issue(path) for path in site_record_files(briefings)]
    digests = _digests(briefings) if cache is not None else None
    return load_archive(briefings, issues, False, cache, digests).article_topics


def test_topics_are_found_again_for_the_changed_issue_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings = copy_archive(tmp_path / "briefings", (CHANGED, "2024-03-casdc-tech-policy"))
    cache = Cache(tmp_path / "cache")
    assert _load(briefings, cache) == _load(briefings, None)

    # A body that now names 量子 three times: its article gains the topic of quantum.
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("  body: |-\n", "  body: |-\n    量子量子量子\n", 1), "utf-8")
    read: list[str] = []
    found_by = archive_module.topics_of

    def counted(article, topics):  # type: ignore[no-untyped-def]
        read.append(article.id)
        return found_by(article, topics)

    monkeypatch.setattr(archive_module, "topics_of", counted)
    kept = _load(briefings, cache)
    changed = [path for path in kept if path.startswith(f"issues/{CHANGED}/")]
    assert len(read) == len(changed)
    monkeypatch.undo()
    clean = _load(briefings, None)
    assert kept == clean
    assert "量子技术" in clean[changed[0]]
