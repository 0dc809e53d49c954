"""`briefgen parse`: bad input is reported with file and line, and nothing is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.cli import main
from conftest import BRIEFINGS

SEED = BRIEFINGS / "2024-01-jiwei-semiconductors" / "source.txt"


def _issue_dir(root: Path, name: str, data: bytes) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "source.txt").write_bytes(data)
    return folder / "source.txt"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A briefings folder holding one good seed issue."""
    shutil.copy(SEED, _issue_dir(tmp_path, "good", b""))
    return tmp_path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "source.txt:1: file is empty"),
        (b"   \n\n  \n", "source.txt:1: file is empty"),
        (bytes(range(256)) * 20, "file is binary, not text"),
        ("just a note\n没有任何文章\n".encode(), "source.txt:1: no article found"),
        (b"\xff\xfe\xfa junk \xc3\x28 more" * 50, "neither UTF-8 nor GB18030"),
    ],
    ids=["empty", "blank", "binary", "no-article", "undecodable"],
)
def test_bad_file_is_reported_and_other_files_still_parse(
    archive: Path, capsys: pytest.CaptureFixture[str], data: bytes, message: str
) -> None:
    _issue_dir(archive, "bad", data)
    assert main(["parse", str(archive)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert str(archive / "bad" / "source.txt") in err
    assert "Traceback" not in err
    assert (archive / "good" / "records.yaml").exists()
    assert not (archive / "bad" / "records.yaml").exists()
    assert "1 issue(s) written" in err and "1 failed" in err


def test_gb18030_file_is_decoded_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _issue_dir(tmp_path, "gbk", SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["parse", str(source)]) == 0
    assert "decoded as GB18030" in capsys.readouterr().err
    records = yaml.safe_load((source.parent / "records.yaml").read_text(encoding="utf-8"))
    assert records["articles"][0]["title"] == "荷兰政府撤销 ASML部分 DUV光刻机出口许可证"


def test_unsupported_file_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "issue.docx"
    doc.write_bytes(b"PK\x03\x04")
    assert main(["parse", str(doc)]) == 1
    assert "unsupported file type '.docx'" in capsys.readouterr().err


def test_out_dir_gets_one_yaml_per_issue(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["parse", str(archive), "--out", str(out)]) == 0
    data = yaml.safe_load((out / "good.yaml").read_text(encoding="utf-8"))
    assert data["issue"]["id"] == "good"
    assert len(data["articles"]) == 16


def test_hand_edits_survive_a_reparse(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = archive / "good" / "records.yaml"
    assert main(["parse", str(archive)]) == 0
    edited = records.read_text(encoding="utf-8").replace(
        "title: 韩国拟建全球最大半导体产业集群", "title: 韩国拟建全球最大的半导体产业集群"
    )
    records.write_text(edited, encoding="utf-8")

    assert main(["parse", str(archive)]) == 0
    assert records.read_text(encoding="utf-8") == edited
    err = capsys.readouterr().err
    assert "edited by hand; left as they are (use --force" in err
    assert "source has changed" not in err

    source = archive / "good" / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["parse", str(archive)]) == 0
    assert records.read_text(encoding="utf-8") == edited
    assert "The source has changed since these records were made" in capsys.readouterr().err

    assert main(["parse", "--force", str(archive)]) == 0
    assert "韩国拟建全球最大半导体产业集群" in records.read_text(encoding="utf-8")


def test_unedited_records_follow_a_changed_source(archive: Path) -> None:
    records = archive / "good" / "records.yaml"
    assert main(["parse", str(archive)]) == 0
    source = archive / "good" / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["parse", str(archive)]) == 0
    sha = yaml.safe_load(records.read_text(encoding="utf-8"))["issue"]["source_sha256"]
    import hashlib

    assert sha == hashlib.sha256(source.read_bytes()).hexdigest()


def test_editor_metadata_wins_over_inference(archive: Path) -> None:
    (archive / "good" / "meta.yaml").write_text(
        "publication: 集微技术信息简报\nnumber: '2024-01'\ndate: 2024-01-20\n", encoding="utf-8"
    )
    assert main(["parse", str(archive)]) == 0
    issue = yaml.safe_load((archive / "good" / "records.yaml").read_text("utf-8"))["issue"]
    assert issue["date"] == "2024-01-20"
    assert issue["date_inferred"] is False
    assert issue["number"] == "2024-01"


def test_a_failed_parse_does_not_touch_existing_records(archive: Path) -> None:
    records = archive / "good" / "records.yaml"
    assert main(["parse", str(archive)]) == 0
    before = records.read_bytes()
    (archive / "good" / "source.txt").write_bytes(b"")
    assert main(["parse", "--force", str(archive)]) == 1
    assert records.read_bytes() == before


def test_unknown_layout_fails_loudly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Articles run together with no title lines: the parser must refuse, not guess.
    text = (
        "美国商务部宣布投资先进封装研发项目并公布了详细的资助计划和时间表" * 6
    ) + "。\n（董金鑫）\n"
    source = _issue_dir(tmp_path, "odd", text.encode())
    assert main(["parse", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:1: unknown layout" in err
    assert "expected a title line before each article" in err
