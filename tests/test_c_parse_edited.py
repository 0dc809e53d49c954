"""`briefgen parse` leaves a record file edited by hand as it is without parsing its source
while the source is the one the records were made from: a title fixed by hand costs the next
parse no parser import and no parse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.commands import parse
from conftest import BRIEFINGS

SEED = BRIEFINGS / "2024-01-jiwei-semiconductors" / "source.txt"


def test_edited_records_are_kept_without_parsing_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good").mkdir()
    source = tmp_path / "good" / "source.txt"
    shutil.copy(SEED, source)
    records = tmp_path / "good" / "records.yaml"
    assert main(["parse", str(tmp_path)]) == 0
    edited = records.read_text(encoding="utf-8").replace(
        "title: 韩国拟建全球最大半导体产业集群", "title: 韩国拟建全球最大的半导体产业集群"
    )
    records.write_text(edited, encoding="utf-8")
    capsys.readouterr()

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the source of edited records was parsed")

    monkeypatch.setattr(parse.ingest, "parse_issue", no_parse)
    assert main(["parse", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "edited by hand; left as they are" in err
    assert "source has changed" not in err
    assert "1 kept as edited, 0 failed" in err

    # A changed source is parsed all the same: told, still kept; and one that no longer
    # parses is reported with the file, the records still kept.
    monkeypatch.undo()
    source.write_text(SEED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["parse", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "The source has changed since these records were made" in err
    assert records.read_text(encoding="utf-8") == edited
    source.write_bytes(b"")
    assert main(["parse", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"ERROR: {source}:1: file is empty" in err and "1 failed" in err
    assert records.read_text(encoding="utf-8") == edited
