"""The publish workflow: `make build` on every push to main, site/ to GitHub Pages, caches
for pip, npm and briefgen's own; actionlint passes on it and on the starter archive's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
STARTER_WORKFLOW = ROOT / "src" / "briefgen" / "starter" / "github" / "workflows" / "publish.yml"


def _actionlint() -> str:
    # Installed with the dev extra into the same environment as the tests.
    found = shutil.which(
        "actionlint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    )
    assert found, "actionlint is missing: pip install -e '.[dev]'"
    return found


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_actionlint(), "-no-color", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _steps(workflow: Path) -> tuple[dict[Any, Any], list[dict[str, Any]]]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return data, [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("workflow", [WORKFLOW, STARTER_WORKFLOW], ids=["repository", "starter"])
def test_actionlint_passes(workflow: Path) -> None:
    result = _lint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "publish.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("needs: build", "needs: biuld"), encoding="utf-8")
    result = _lint(broken)
    assert result.returncode == 1
    assert "biuld" in result.stdout


def test_the_workflow_builds_with_make_on_pushes_to_main_and_deploys_the_site() -> None:
    data, steps = _steps(WORKFLOW)
    # PyYAML reads the key `on` as the boolean true (YAML 1.1).
    assert data[True]["push"]["branches"] == ["main"]
    assert [s["run"] for s in steps if "run" in s] == ["make build"]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert uses["actions/setup-python"]["with"]["cache"] == "pip"
    assert uses["actions/setup-node"]["with"]["cache"] == "npm"
    assert uses["actions/cache"]["with"]["path"] == ".cache/briefgen"
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert data["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_starter_workflow_builds_the_archive_with_the_installed_briefgen() -> None:
    _, steps = _steps(STARTER_WORKFLOW)
    runs = "\n".join(s["run"] for s in steps if "run" in s)
    assert "briefgen parse briefings" in runs
    assert "briefgen build --briefings briefings --out site" in runs
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps)
