"""briefgen on its own: a wheel built from the repository, installed into a fresh venv,
creates a starter archive and builds it from other folders, with the templates, static
files and catalogs it carries (no checkout on the path)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: What a wheel is built from: the package, its templates, and the project's metadata.
PROJECT_FILES = ("pyproject.toml", "README.md", "src", "templates")
SAMPLE_TITLE = "示例：某国发布量子信息科技发展路线图"


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BRIEFGEN_CACHE")}
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{argv}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_the_wheel_in_a_fresh_venv_builds_a_starter_archive_from_anywhere(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    # The project's build backend (PEP 517), as a frontend such as ``pip wheel`` calls it, from
    # this environment (setuptools is a dev dependency): no second venv to set up, and no pip
    # process in between (0.8 s of CPU less for the same wheel).
    backend = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["build-system"]
    build = f"import {backend['build-backend']} as b; b.build_wheel({str(tmp_path / 'dist')!r})"
    _run([sys.executable, "-c", build], project)
    (wheel,) = (tmp_path / "dist").glob("briefgen-*.whl")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]

    # The wheel alone, with no pip of its own: its dependencies come from this environment's
    # site-packages, named in a .pth file. A path in a .pth file runs none of the .pth files
    # there, so the checkout's editable install stays out of the new venv.
    venv.create(tmp_path / "venv", with_pip=False)
    bin_dir = tmp_path / "venv" / "bin"
    _run(
        [*pip, "--python", str(bin_dir / "python"), "install", "-q", "--no-deps", str(wheel)],
        tmp_path,
    )
    (site_packages,) = (tmp_path / "venv" / "lib").glob("python3*/site-packages")
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    briefgen = str(bin_dir / "briefgen")
    installed = _run(
        [str(bin_dir / "python"), "-c", "import briefgen.resources as r; print(r.PACKAGE)"],
        tmp_path,
    ).stdout.strip()
    assert installed.startswith(str(tmp_path / "venv")), installed
    assert (Path(installed) / "templates" / "base.html").is_file()
    assert (Path(installed) / "templates" / "static" / "search-searcher.js").is_file()
    assert (Path(installed) / "livereload" / "livereload.js").is_file()
    assert (Path(installed) / "locales" / "zh" / "LC_MESSAGES" / "messages.po").is_file()

    _run([briefgen, "new", "archive"], tmp_path)
    archive = tmp_path / "archive"
    _run([briefgen, "parse", "briefings"], archive)
    _run([briefgen, "build"], archive)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = _run(
        [briefgen, "build", "--briefings", str(archive / "briefings"), "--out", "public"], elsewhere
    )
    assert "1 issue(s), 2 article(s)" in built.stderr
    # The search script the page loads is joined from its parts at build time.
    assert "function Searcher(" in (elsewhere / "public/static/search-core.js").read_text("utf-8")

    for site in (archive / "site", elsewhere / "public"):
        article = site / "issues" / "2025-01-sample" / "a01.html"
        assert SAMPLE_TITLE in article.read_text(encoding="utf-8")
        assert (site / "static" / "style.css").is_file()
        assert (site / "static" / "search" / "manifest.js").is_file()
        # The Chinese catalog came along: the Chinese home page's navigation is translated.
        assert ">首页<" in (site / "index.html").read_text(encoding="utf-8")
    assert (archive / "site" / "index.html").read_bytes() == (
        elsewhere / "public" / "index.html"
    ).read_bytes()


def test_new_writes_the_starter_archive_and_refuses_a_folder_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "archive")]) == 0
    archive = tmp_path / "archive"
    written = sorted(str(p.relative_to(archive)) for p in archive.rglob("*") if p.is_file())
    assert written == [
        ".github/workflows/publish.yml",
        ".gitignore",
        "README.md",
        "briefings/2025-01-sample/meta.yaml",
        "briefings/2025-01-sample/source.txt",
        "briefings/entities.yaml",
        "briefings/glossary.yaml",
        "briefings/site.yaml",
        "briefings/sources.yaml",
    ]
    assert "/site/" in (archive / ".gitignore").read_text(encoding="utf-8").splitlines()
    before = (archive / "briefings" / "site.yaml").read_bytes()
    assert main(["new", str(archive)]) == 1
    assert "exists and is not an empty folder" in capsys.readouterr().err
    assert (archive / "briefings" / "site.yaml").read_bytes() == before
