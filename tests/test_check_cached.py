"""`briefgen check` reads again only the record files that changed since they were last read
by the same code (by it or by the build, which share the cache), and says the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.commands import check as check_command
from conftest import TWO_ISSUES, Built, copy_archive

CHANGED = TWO_ISSUES[1]
#: The issues of the kept build the slow test starts from (conftest ``built``).
KEPT_ISSUES = TWO_ISSUES


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The issues whose record files are read from now on."""
    issues: list[str] = []
    real = check_command.read_record_file

    def reading(path: Path) -> object:
        issues.append(path.parent.name)
        return real(path)

    monkeypatch.setattr(check_command, "read_record_file", reading)
    return issues


def _check(briefings: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(briefings), "--cache", str(briefings.parent / "cache")])
    said = capsys.readouterr()
    return code, said.out + said.err


def test_a_file_read_before_is_not_read_again_and_a_changed_one_is(
    tmp_path: Path, read: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    briefings = copy_archive(tmp_path / "briefings")
    first = _check(briefings, capsys)
    assert first[0] == 0 and sorted(read) == sorted(TWO_ISSUES)
    assert _check(briefings, capsys) == first
    assert sorted(read) == sorted(TWO_ISSUES), "nothing read the second time"

    records = briefings / CHANGED / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("articles:", "articles: [", 1), encoding="utf-8")
    read.clear()
    code, said = _check(briefings, capsys)
    assert code == 1 and read == [CHANGED]
    assert f"{records}:" in said and "1 problem(s)" in said

    records.write_text(text, encoding="utf-8")
    read.clear()
    assert _check(briefings, capsys) == first
    assert read == [], "read before with these very bytes"


@pytest.mark.slow
def test_a_check_after_a_build_reads_no_record_file(
    built: Built, read: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # The kept build: built with the cache beside its briefings, the one _check uses.
    briefings, cache, _, _ = built
    assert cache == briefings.parent / "cache"
    assert _check(briefings, capsys)[0] == 0
    assert read == []
