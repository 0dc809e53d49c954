"""The clean builds the tests keep on disk between runs (clean_builds.py): an entry is never
taken once the code, the templates or the environment it was built with changed, nor while a
test has something patched. No site is built here: entries are stand-ins, the code a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import briefgen
from briefgen.resources import default_templates
from clean_builds import CODE, CleanBuilds
from conftest import CLEAN_BUILDS

SITE = {"index.html": b"<p>built by the code as it was</p>"}


@pytest.fixture
def kept(tmp_path: Path) -> CleanBuilds:
    """A copy of the package and templates, and an entry of an archive built by them."""
    code = tuple(shutil.copytree(root, tmp_path / root.name) for root in CODE)
    builds = CleanBuilds(tmp_path / "entries", code)
    builds.put("archive", SITE)
    assert builds.get("archive") == SITE
    return builds


#: A file of each kind a build reads: code, a catalog, a template, a static file.
CHANGED = (
    "briefgen/render/pages.py",
    "briefgen/locales/zh/LC_MESSAGES/messages.po",
    "templates/article.html",
    "templates/static/style.css",
)


def test_an_entry_is_not_taken_after_a_change_to_what_built_it(kept: CleanBuilds) -> None:
    """Each change in turn, undone before the next (one copy of the code for all four)."""
    for changed in CHANGED:
        path = kept.code[0].parent / changed
        was = path.read_bytes()
        path.write_bytes(was + b"\n")
        assert kept.get("archive") is None, changed
        path.write_bytes(was)
        assert kept.get("archive") == SITE


def test_a_new_file_of_the_code_or_another_environment_is_another_key(
    kept: CleanBuilds, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = kept.key("archive")
    (kept.code[0] / "render" / "extra.py").write_text("X = 1\n")
    added = kept.key("archive")
    monkeypatch.setenv("BRIEFGEN_SOMETHING", "1")
    assert len({before, added, kept.key("archive")}) == 3


def test_nothing_is_taken_or_kept_while_a_test_has_a_patch_in_place(
    kept: CleanBuilds, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(briefgen, "__doc__", "patched")
    assert kept.get("archive") is None
    kept.put("patched archive", SITE)
    with monkeypatch.context() as inner:
        inner.setattr(briefgen, "__doc__", "patched again")
        monkeypatch.undo()
        assert kept.get("archive") is None
    assert kept.get("archive") == SITE
    assert kept.get("patched archive") is None


def test_the_suite_keys_its_clean_builds_by_the_package_and_the_templates_a_build_reads() -> None:
    package = Path(briefgen.__file__).resolve().parent
    assert set(CLEAN_BUILDS.code) == {package, default_templates().resolve()}
