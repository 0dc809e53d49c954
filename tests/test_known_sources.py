"""`briefgen parse` counts a source it found current before as unchanged without reading it,
while none of its files (source, editor metadata, records) and none of the package's code
changed; any change to one of them, even one that keeps the size, has it read as before."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.cli import main
from briefgen.commands import known_sources
from briefgen.commands import parse as parse_command
from conftest import BRIEFINGS

ISSUES = ("2024-01-jiwei-semiconductors", "2024-07-jiwei-chips")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Two seed sources, not parsed yet."""
    for issue in ISSUES:
        (tmp_path / "briefings" / issue).mkdir(parents=True)
        shutil.copy(BRIEFINGS / issue / "source.txt", tmp_path / "briefings" / issue)
    return tmp_path / "briefings"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files trusted as soon as they are looked at (the tests' files are seconds old)."""
    monkeypatch.setattr(known_sources, "SETTLED_NS", 0)


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The issues whose sources parse reads from now on (checked or parsed), in order."""
    issues: list[str] = []
    real = parse_command._parse_reported

    def reading(source: Path, **options: object) -> object:
        issues.append(source.parent.name)
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_command, "_parse_reported", reading)
    return issues


def _parse(archive: Path, *options: str) -> None:
    assert main(["parse", "-q", *options, str(archive), "--cache", str(archive.parent / "c")]) == 0


@pytest.mark.usefixtures("settled")
def test_a_source_found_current_is_not_read_again(
    archive: Path, read: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _parse(archive)
    assert read == list(ISSUES)
    _parse(archive)
    assert read == list(ISSUES), "nothing read the second time"
    assert "0 issue(s) written, 2 unchanged" in capsys.readouterr().err
    _parse(archive, "--force")
    assert read == [*ISSUES, *ISSUES]


@pytest.mark.usefixtures("settled")
def test_a_changed_source_metadata_or_record_file_is_read_again(
    archive: Path, read: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _parse(archive)
    _parse(archive)
    first, second = (archive / issue for issue in ISSUES)
    # The same size: one character for another.
    source = first / "source.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("半导体", "半導体", 1), encoding="utf-8")
    (second / "meta.yaml").write_text("number: '99'\n", encoding="utf-8")
    read.clear()
    _parse(archive)
    assert read == list(ISSUES)
    records = yaml.safe_load((first / "records.yaml").read_text(encoding="utf-8"))
    assert records["issue"]["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "'99'" in (second / "records.yaml").read_text(encoding="utf-8")

    # Records edited by hand are read, and the editor told so, on every parse.
    edited = (first / "records.yaml").read_text(encoding="utf-8").replace("title: ", "title: 新", 1)
    (first / "records.yaml").write_text(edited, encoding="utf-8")
    capsys.readouterr()
    read.clear()
    _parse(archive)
    _parse(archive)
    assert read == [ISSUES[0], ISSUES[0]]
    assert capsys.readouterr().err.count("records were edited by hand") == 2


def test_a_file_changed_just_now_is_read_again(archive: Path, read: list[str]) -> None:
    # Its status could change again within the file system's clock tick without showing it.
    _parse(archive)
    _parse(archive)
    assert read == [*ISSUES, *ISSUES]


@pytest.mark.usefixtures("settled")
def test_changed_code_has_every_source_read_again(
    archive: Path, read: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _parse(archive)
    _parse(archive)
    monkeypatch.setattr(known_sources, "code_digest", lambda *modules, versions=(): "other code")
    _parse(archive)
    assert read == [*ISSUES, *ISSUES]
