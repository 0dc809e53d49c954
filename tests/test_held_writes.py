"""Work kept for the next build that the build no longer does where it works alone: compiled
templates read back from the cache, and the related articles' last run written while the page
workers render."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from briefgen.archive import load_archive, with_related
from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.errors import TemplateProblem
from briefgen.render import compile_templates
from briefgen.render.pages import environment
from conftest import ROOT, TWO_ISSUES, copy_archive

TEMPLATES = ROOT / "templates"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles from here on; each test starts as a new
    process would, with no environment yet."""
    names: list[str] = []
    compile_source = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *args, **kw):  # type: ignore[no-untyped-def]
        names.append(name or "")
        return compile_source(self, source, name, *args, **kw)

    monkeypatch.setattr(Environment, "compile", counting)
    environment.cache_clear()
    yield names
    environment.cache_clear()


def test_templates_compiled_once_are_read_back_until_one_changes(
    tmp_path: Path, compiled: list[str]
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    cache = Cache(tmp_path / "cache")
    compile_templates(templates, cache)
    every = sorted(compiled)
    assert "article.html" in every and len(every) > 10
    first = environment(templates).get_template("article.html").render  # compiled code, bound

    environment.cache_clear()  # a new process
    compiled.clear()
    compile_templates(templates, cache)
    assert compiled == []
    again = environment(templates).get_template("article.html")
    assert again.render.__code__.co_code == first.__code__.co_code

    page = templates / "404.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    environment.cache_clear()
    compile_templates(templates, cache)
    assert compiled == ["404.html"]

    # A template broken after its last compile is still reported with its file and line.
    page.write_text("{% if %}\n", encoding="utf-8")
    environment.cache_clear()
    with pytest.raises(TemplateProblem) as raised:
        compile_templates(templates, cache)
    assert raised.value.path == page and raised.value.line == 1


def test_without_a_cache_every_template_is_compiled(compiled: list[str]) -> None:
    compile_templates(TEMPLATES)
    environment.cache_clear()
    compiled.clear()
    compile_templates(TEMPLATES)
    assert "article.html" in compiled and len(compiled) > 10


def test_held_related_lists_are_written_when_the_build_says(tmp_path: Path) -> None:
    # One issue: its related lists are held and written as five issues' are, for a sixth of
    # the articles to find them for (twice).
    archive = load_archive(copy_archive(tmp_path / "briefings", TWO_ISSUES[:1]), related=False)
    held, now = Cache(tmp_path / "held"), Cache(tmp_path / "now")
    assert with_related(archive, held, hold=True).related == with_related(archive, now).related
    assert not (tmp_path / "held" / "related").exists()
    held.write_held()
    [written] = (tmp_path / "held" / "related").rglob("*.bin")
    [direct] = (tmp_path / "now" / "related").rglob("*.bin")
    assert written.name == direct.name and written.read_bytes() == direct.read_bytes()
    held.write_held()  # written once
    assert list((tmp_path / "held" / "related").rglob("*.bin")) == [written]


@pytest.mark.slow
def test_a_build_writes_what_it_held(tmp_path: Path, compiled: list[str]) -> None:
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES[:1])
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    args = ["build", "--briefings", str(briefings), "--out", str(site), "--cache", str(cache)]
    assert main(args) == 0
    assert len(list((cache / "related").rglob("*.bin"))) == 1
    assert len(list((cache / "templates").rglob("*.bin"))) == len(compiled) > 10
