"""Authors' names are romanized for the English pages by pypinyin, whose phrase tables take a
third of a second to load. A build keeps every name it romanized: the next build, which meets
no new name, does not load them (``build._romanized``), and the site is a clean build's."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from briefgen import english
from conftest import THREE_ISSUES, Built, build_files

pytestmark = pytest.mark.slow

KEPT_ISSUES = THREE_ISSUES
CHANGED = "2024-07-jiwei-chips"


class _Counted(ModuleType):
    """pypinyin, each text it is asked for counted."""

    def __init__(self, real: ModuleType, asked: list[str]) -> None:
        super().__init__("pypinyin")
        self.real, self.asked = real, asked

    def lazy_pinyin(self, text: str) -> list[str]:
        self.asked.append(text)
        return self.real.lazy_pinyin(text)


def _as_a_new_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This process as a new build's would be, with no name romanized yet; the texts pypinyin
    is asked for from here on (by this process)."""
    asked: list[str] = []
    english.romanize.cache_clear()
    monkeypatch.setattr(english, "_KNOWN", {})
    monkeypatch.setattr(english, "pypinyin", _Counted(english.pypinyin, asked))
    return asked


def _edit(briefings: Path, pattern: str, replacement: str) -> None:
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert edited != text
    records.write_text(edited, encoding="utf-8")


def test_a_rebuild_meeting_no_new_name_romanizes_none_and_a_new_name_is_romanized(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, _ = built
    _edit(briefings, r"^  title: 美国宣布", "  title: 美国公布")
    asked = _as_a_new_process(monkeypatch)
    after = build_files(briefings, site, cache)
    english.romanize.cache_clear()
    assert asked == []
    assert after == build_files(briefings, tmp_path / "clean", None)

    # A name no build met: romanized now, and shown so on the English pages.
    _edit(briefings, r"^  authors:\n  - .*$", "  authors:\n  - 欧阳修")
    asked = _as_a_new_process(monkeypatch)
    after = build_files(briefings, site, cache)
    english.romanize.cache_clear()
    assert "修" in asked
    assert any(
        "Ouyang Xiu" in html.decode()
        for name, html in after.items()
        if name.startswith("en/authors/")
    )
    assert after == build_files(briefings, tmp_path / "clean2", None)
