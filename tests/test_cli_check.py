"""`briefgen check`: every problem of a record file, each as file:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.records import issue_to_yaml
from conftest import BRIEFINGS, parsed


def test_the_shipped_records_are_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BRIEFINGS)]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "records.yaml"
    path.write_text(issue_to_yaml(parsed("2024-08-chips-act-review")), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_written_records_round_trip(tmp_path: Path) -> None:
    from briefgen.records import load_issue

    assert load_issue(_written(tmp_path)) == parsed("2024-08-chips-act-review")


def test_broken_yaml_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _written(tmp_path)
    line = _line_of(path, "title: 美 NSF 推动先进材料向循环经济转型")
    text = path.read_text(encoding="utf-8").split("\n")
    text[line - 1] = "  title: [unclosed"
    path.write_text("\n".join(text), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:" in out and "YAML syntax error" in out
    reported = int(out.split(":")[1])
    assert line <= reported <= line + 2


def test_every_schema_problem_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _written(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 美 NSF 推动先进材料向循环经济转型", "title: [a, list]")
    text = text.replace("  - '2024-02-24'", "  - 2024-02-31", 1)
    text = text.replace("section: 专题", "section: 专题\n  sectoin: typo")
    text = text.replace(
        "url: https://liu.se/en/news-item/soft-gold",
        "url: not a url //liu.se/en/news-item/soft-gold",
    )
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.strip().split("\n")
    assert len(out) == 4, out
    expectations = [
        ("title: [a, list]", "'title' must be a single value"),
        ("- 2024-02-31", "is not a real date"),
        ("sectoin: typo", "unknown field 'sectoin'"),
        ("url: not a url", "must be an http(s) URL"),
    ]
    for needle, message in expectations:
        line = _line_of(path, needle)
        assert any(o.startswith(f"{path}:{line}: ") and message in o for o in out), (needle, out)


def test_missing_fields_and_duplicate_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "issue: {id: x, source: s.txt}\narticles:\n- {id: a01, title: T}\n- {id: a01, title: U}\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:1: issue: required field 'source_sha256' is missing" in out
    assert f"{path}:4: articles[1]: id 'a01' is already used" in out


def test_empty_record_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert f"{path}:1: record file is empty" in capsys.readouterr().out
