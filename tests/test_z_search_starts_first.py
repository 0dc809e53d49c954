"""Until the search processes start, the build's main process works alone with one core idle:
it does there only what they need. The templates are compiled after they started (the previous
site is listed by a process of its own), and a title fixed by hand still gives a clean build's
site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen import build
from briefgen.cache import Cache
from briefgen.errors import TemplateProblem
from briefgen.resources import default_templates
from conftest import THREE_ISSUES, Built, build_files, retitle, site_files

pytestmark = pytest.mark.slow

KEPT_ISSUES = THREE_ISSUES
CHANGED = "2024-07-jiwei-chips"
TITLE = "美国宣布芯片法案资助的首批研发设施及遴选程序"
FIXED = "美国公布芯片法案资助的首批研发设施及遴选程序"


def _steps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The main process's steps, in order: the search started, templates compiled, a walk
    of a folder of the previous site (and the folder it left out)."""
    steps: list[str] = []
    started, compiled, walked = build.search_side_by_side, build.compile_templates, build.site_files

    def search(searchers: object) -> object:
        steps.append("search")
        return started(searchers)  # type: ignore[arg-type]

    def templates(folder: Path, cache: Cache | None = None) -> None:
        steps.append("templates")
        compiled(folder, cache)

    def walk(out: Path, without: str = "") -> frozenset[str]:
        steps.append(f"walk {out.name} without {without or '-'}")
        return walked(out, without)

    monkeypatch.setattr(build, "search_side_by_side", search)
    monkeypatch.setattr(build, "compile_templates", templates)
    monkeypatch.setattr(build, "site_files", walk)
    return steps


@pytest.mark.usefixtures("two_jobs")
def test_the_search_starts_before_the_templates_and_the_site_s_pages_are_read(
    tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site, _ = built
    retitle(briefings, CHANGED, TITLE, FIXED)
    steps = _steps(monkeypatch)
    after = build_files(briefings, site, cache)
    monkeypatch.undo()
    # The previous site is listed by a process forked while the records load
    # (``site_folder.SiteListing``): this one walks none of it, and compiles the templates
    # after the search started.
    assert steps == ["search", "templates"]
    assert after == build_files(briefings, tmp_path / "clean", None)


def test_a_broken_template_still_fails_the_build_and_leaves_the_site(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    templates = tmp_path / "templates"
    shutil.copytree(default_templates(), templates)
    page = templates / "issue.html"
    page.write_text(page.read_text(encoding="utf-8") + "{% if %}", encoding="utf-8")
    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace(f"  title: {TITLE}", f"  title: {FIXED}", 1), encoding="utf-8")
    with pytest.raises(TemplateProblem) as raised:
        build.build_site(briefings, site, templates, Cache(cache))
    assert "issue.html" in str(raised.value)
    assert site_files(site) == before
    assert not list(site.parent.glob(f".{site.name}.building-*"))
