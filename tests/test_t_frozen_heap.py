"""The build keeps the archive out of the garbage collector's passes while it runs
(``gc.freeze``) and gives it back when it returns or fails, so a process that builds again
and again (``briefgen serve``) can free each build's archive."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from briefgen.build import build_site
from briefgen.errors import BriefgenError
from briefgen.resources import default_templates
from conftest import TWO_ISSUES, copy_archive

pytestmark = pytest.mark.slow  # builds a seed issue twice


def test_nothing_stays_frozen_after_a_build_or_a_failed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One issue: what the build freezes is whatever it holds, whatever the archive's size.
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES[:1])
    frozen: list[int] = []
    freeze = gc.freeze

    def counted() -> None:
        freeze()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(gc, "freeze", counted)
    build_site(briefings, tmp_path / "site", default_templates())
    assert frozen and max(frozen) > 0
    assert gc.get_freeze_count() == 0

    # A template that fails while pages are rendered, after the archive was frozen.
    templates = tmp_path / "templates"
    shutil.copytree(default_templates(), templates)
    article = templates / "article.html"
    article.write_text(
        article.read_text(encoding="utf-8").replace(
            "{% block main %}", "{% block main %}{{ nope }}"
        ),
        encoding="utf-8",
    )
    frozen.clear()
    with pytest.raises(BriefgenError):
        build_site(briefings, tmp_path / "other", templates)
    assert frozen and gc.get_freeze_count() == 0
