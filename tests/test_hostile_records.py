"""`briefgen check` on hostile record files: a message with file and line, never a traceback.

Each bad file sits in a folder between a good record file and one with an ordinary problem,
so each test also shows the run went on: the good file passes, the later file is reported.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.yaml_schema import MAX_BODY_CHARS, MAX_RECORD_FILE_BYTES
from hostile import minimal_records


def _check_beside_good(
    tmp_path: Path, bad: bytes | str, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, str]:
    """Run ``check`` over [bad, good, other]; the bad file's path and what check printed."""
    folder = tmp_path / "records"
    folder.mkdir()
    bad_path = folder / "a-bad.yaml"
    if isinstance(bad, str):
        bad = bad.encode("utf-8")
    bad_path.write_bytes(bad)
    (folder / "b-good.yaml").write_text(minimal_records("good-issue"), encoding="utf-8")
    (folder / "c-other.yaml").write_text(
        minimal_records("other-issue", colour="red"), encoding="utf-8"
    )
    code = main(["check", str(folder)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert "b-good.yaml" not in captured.out, "the good file has no problem"
    assert f"{folder / 'c-other.yaml'}:" in captured.out, "check stopped at the bad file"
    assert "unknown field 'colour'" in captured.out
    assert "Checked 3 record file(s)" in captured.err
    return bad_path, captured.out


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def test_a_control_character_is_reported_with_its_line(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue").replace("美国发布", "美国\x07发布")
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, 'title:')}: control character U+0007 is not allowed" in out


def test_a_nul_byte_is_reported_with_its_line(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue").replace("王丽", "王\x00丽")
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, '王')}: control character U+0000" in out


def test_a_gb18030_file_is_reported_as_not_utf8(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue")
    path, out = _check_beside_good(tmp_path, text.encode("gb18030"), capsys)
    # The first non-ASCII character is the publication name.
    assert f"{path}:{_line(text, 'publication')}: record file is not UTF-8 text" in out
    assert "re-save it as UTF-8" in out


@pytest.mark.parametrize("depth", [30, 5000, 100_000])
def test_deep_nesting_is_refused_without_recursion(tmp_path, capsys, depth: int) -> None:
    text = minimal_records("bad-issue").replace("- 芯片", "- " + "[" * depth + "]" * depth)
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, '[[[')}: " in out
    assert "nested deeper than 24 levels" in out or "exceeded maximum nesting depth" in out


def test_an_impossible_unquoted_date_is_a_schema_problem(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue").replace("date: '2024-03-01'", "date: 2024-02-30")
    text = text.replace("date: 2024-03-01", "date: 2024-02-30")
    assert "2024-02-30" in text
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, '2024-02-30')}: issue: 'date' is not a real date" in out


def test_an_impossible_date_in_a_text_field_stays_text(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue", title="2024-02-30", colour="x")
    path, out = _check_beside_good(tmp_path, text, capsys)
    # Only the unknown field is a problem: the title is the text "2024-02-30".
    assert out.count(f"{path}:") == 1 and "unknown field 'colour'" in out


def test_aliases_are_refused_and_an_alias_bomb_costs_nothing(tmp_path, capsys) -> None:
    # Ten levels of ten references: 10**10 strings if expanded.
    lines = ["l0: &l0 ha"]
    lines += [f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 10) + "]" for k in range(1, 11)]
    text = minimal_records("bad-issue") + "\n".join(lines) + "\n"
    started = time.perf_counter()
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert time.perf_counter() - started < 5
    assert f"{path}:{_line(text, 'l0: &l0')}: YAML anchors (&l0) are not allowed" in out


def test_an_alias_without_anchor_is_refused_with_its_line(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue").replace("body: 据报道", "body: *shared\nx: 据报道")
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:" in out and "YAML aliases (*name) are not allowed" in out


def test_one_body_shared_by_400_articles_is_refused_fast(tmp_path, capsys) -> None:
    """The issue's hang: a 300 KB body referenced by 400 articles took `build` over 120 s."""
    body = "据报道，" * 75_000
    articles = [f"- id: a0\n  title: 标题\n  body: &body {body}\n"]
    articles += [f"- id: a{k}\n  title: 标题\n  body: *body\n" for k in range(1, 400)]
    text = "issue:\n  id: bad-issue\n  source: s.txt\n  source_sha256: '0'\narticles:\n" + "".join(
        articles
    )
    started = time.perf_counter()
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert time.perf_counter() - started < 5
    assert f"{path}:8: YAML anchors (&body) are not allowed" in out


def test_tags_and_other_yaml_types_are_refused(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue").replace(
        "body: 据报道", "body: !!python/object:os.system 据报道"
    )
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, '!!python')}: YAML tag" in out and "not allowed" in out


@pytest.mark.parametrize(
    ("footnote", "message"),
    [
        ("- url: https://example.org/a", "required field 'n' is missing"),
        ("- n: x\n    url: https://example.org/a", "'n' must be a whole number, got 'x'"),
        ("- n: [1]", "'n' must be a single value"),
        ("- n: " + "9" * 5000, "'n' must be a whole number"),
    ],
)
def test_a_footnote_without_a_number_is_a_problem_not_a_crash(
    tmp_path, capsys, footnote: str, message: str
) -> None:
    text = minimal_records("bad-issue")
    start = text.index("  - n: 1")
    end = text.index("\n", text.index("title:", start))
    text = text[:start] + "  " + footnote + text[end:]
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:" in out and "articles[0].footnotes[0]" in out and message in out


@pytest.mark.parametrize(
    "bad_id",
    ["../../outside", "a/b", "..", "a..b", ".hidden", "x" * 101, "名字！", "第" * 41, "a b"],
)
def test_ids_must_be_safe_file_names(tmp_path, capsys, bad_id: str) -> None:
    text = minimal_records(bad_id)
    path, out = _check_beside_good(tmp_path, text, capsys)
    line = _line(text, "  id: ")
    assert f"{path}:{line}: issue: 'id' must be 1-100 letters, digits" in out


def test_an_article_id_with_a_path_is_reported_on_its_line(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue", id="../../../tmp/evil")
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, 'evil')}: articles[0]: 'id' must be" in out


def test_an_oversized_record_file_is_refused_before_reading(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue") + "# " + "x" * MAX_RECORD_FILE_BYTES + "\n"
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}: record file is {len(text.encode()):,} bytes; the limit is" in out


def test_an_oversized_body_is_reported(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue", body="长" * (MAX_BODY_CHARS + 1))
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:" in out and f"'body' is {MAX_BODY_CHARS + 1:,} characters long" in out


def test_two_documents_in_one_file_are_refused(tmp_path, capsys) -> None:
    text = minimal_records("bad-issue") + "---\nissue: {}\n"
    path, out = _check_beside_good(tmp_path, text, capsys)
    assert f"{path}:{_line(text, '---')}: only one YAML document per file" in out
