"""Hostile editor files (issue metadata, glossary, site settings): a message, never a traceback.

They are read by the same strict YAML reader and schema code as record files, so `parse`
never writes records that `check` would reject.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.records import validate_file
from hostile import minimal_records, seed_source

#: (file bytes, what the message says, line of the problem)
BROKEN_YAML = {
    "gb18030": ("publication: 集微快报\n".encode("gb18030"), "is not UTF-8 text", 1),
    "nul": (b"publication: ab\x00c\n", "control character U+0000 is not allowed", 1),
    "control": (b"title_en: x\nnumber: \x1b[31m3\n", "control character U+001B", 2),
    "deep": (b"number: " + b"[" * 3000 + b"]" * 3000 + b"\n", "nest", 1),
    "alias": (b"publication: &p X\ntitle_en: *p\n", "YAML anchors (&p) are not allowed", 1),
    "syntax": (b"publication: [unclosed\n", "YAML syntax error", 2),
    "not a mapping": (b"- a\n- b\n", "must be a mapping", 1),
}


@pytest.mark.parametrize("case", sorted(BROKEN_YAML))
def test_broken_metadata_fails_its_issue_and_the_next_issue_still_parses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    data, message, line = BROKEN_YAML[case]
    _metadata_beside_good(tmp_path, data, capsys, f":{line}: ", message)


def _metadata_beside_good(
    tmp_path: Path, meta: bytes, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> str:
    (tmp_path / "a-bad.txt").write_text(seed_source(), encoding="utf-8")
    (tmp_path / "a-bad.meta.yaml").write_bytes(meta)
    (tmp_path / "b-good.txt").write_text(seed_source(), encoding="utf-8")
    out_dir = tmp_path / "records"
    code = main(["parse", "--no-cache", str(tmp_path), "--out", str(out_dir)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert f"{tmp_path / 'a-bad.meta.yaml'}{where}" in err and message in err
    assert not (out_dir / "a-bad.yaml").exists()
    assert validate_file(out_dir / "b-good.yaml") == [], "the good issue beside it was parsed"
    assert "1 issue(s) written" in err and "1 failed" in err
    return err


@pytest.mark.parametrize(
    ("meta", "line", "message"),
    [
        ("date: 2024-02-30\n", 1, "metadata: 'date' is not a real date: '2024-02-30'"),
        ("number: 3\ndate: '2024-13-01'\n", 2, "is not a real date"),
        ("date: 1 March 2024\n", 1, "'date' must be a date written YYYY-MM-DD"),
        ("date: [2024]\n", 1, "'date' must be a single value"),
        ("colour: red\n", 1, "unknown field 'colour'"),
    ],
)
def test_metadata_is_checked_like_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], meta: str, line: int, message: str
) -> None:
    _metadata_beside_good(tmp_path, meta.encode(), capsys, f":{line}: ", message)


def test_valid_metadata_gives_records_that_check_accepts(tmp_path: Path) -> None:
    (tmp_path / "issue-9.txt").write_text(seed_source(), encoding="utf-8")
    (tmp_path / "issue-9.meta.yaml").write_text(
        "publication: 集微快报\nnumber: 9\ndate: 2024-02-29\ntitle_en: null\n", encoding="utf-8"
    )
    assert main(["parse", "-q", "--no-cache", str(tmp_path / "issue-9.txt")]) == 0
    assert validate_file(tmp_path / "issue-9.yaml") == []
    text = (tmp_path / "issue-9.yaml").read_text(encoding="utf-8")
    assert "number: '9'" in text and "date: '2024-02-29'" in text


def _archive_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "briefings"
    (folder / "good-issue").mkdir(parents=True)
    (folder / "good-issue" / "records.yaml").write_text(minimal_records(), encoding="utf-8")
    (folder / name).write_bytes(data)
    return folder


SETTINGS_CASES = [
    ("glossary.yaml", data, message, line)
    for data, message, line in BROKEN_YAML.values()
    if message != "must be a mapping"
] + [
    ("glossary.yaml", b"sections:\n  2024-02-30: x\n", None, None),
    ("glossary.yaml", b"sections:\n  a: [b]\n", "must be a single value", 2),
    ("glossary.yaml", b"tags: x\n", "must be a mapping", 1),
    ("site.yaml", b"base_url: ftp://x/\n", "must start with http:// or https://", 1),
    ("site.yaml", b"title_zh: x\nbase_url: \x07\n", "control character U+0007", 2),
    ("site.yaml", "title_zh: 测试\n".encode("gb18030"), "is not UTF-8 text", 1),
    ("site.yaml", b"title_zh: &t x\n", "YAML anchors", 1),
]


@pytest.mark.parametrize(("name", "data", "message", "line"), SETTINGS_CASES)
def test_broken_glossary_and_settings_are_reported_by_check_and_build(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    message: str | None,
    line: int | None,
) -> None:
    folder = _archive_with(tmp_path, name, data)
    check = main(["check", str(folder)])
    captured = capsys.readouterr()
    assert "Checked 1 record file(s)" in captured.err, "the record file beside it was checked"
    build = main(["build", "--briefings", str(folder), "--out", str(tmp_path / "site")])
    built = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err + built.out + built.err
    if message is None:  # "2024-02-30" as a name is just a name
        assert check == 0 and build == 0
        return
    assert check == 1 and build == 1
    assert f"{folder / name}:{line}: " in captured.out and message in captured.out
    assert f"{folder / name}:{line}: " in built.err and message in built.err
    assert not (tmp_path / "site").exists()
