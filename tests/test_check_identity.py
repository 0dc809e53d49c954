"""`briefgen check` warns, without failing, about issues a reader could misdate or mix up."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.records import Issue, issue_to_yaml
from conftest import BRIEFINGS, parsed

# check learns aliases with jieba, whose dictionary takes about a second to load.
pytestmark = pytest.mark.slow


def _write(folder: Path, issue: Issue) -> Path:
    path = folder / issue.issue.id / "records.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(issue_to_yaml(issue), encoding="utf-8")
    return path


def _stated(issue: Issue, **changes: object) -> Issue:
    """The issue as an editor who states its number and date would have it."""
    stated = {"number": "7", "date": "2024-07-31", "date_inferred": False, **changes}
    meta = replace(issue.issue, **stated)
    return replace(issue, issue=meta)


@pytest.mark.slow
def test_the_shipped_archive_warns_that_identities_are_inferred(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(BRIEFINGS)]) == 0
    err = capsys.readouterr().err
    assert "0 problem(s)" in err
    # No shipped issue prints a number or date: every identity is only inferred.
    assert err.count("identity is only inferred") == 5
    assert (
        "2024-08-chips-act-review/records.yaml: the issue's identity is only inferred "
        "(no publication or publisher; no number and the date is inferred)" in err
    )
    assert (
        "2024-07-jiwei-chips/records.yaml: the issue's identity is only inferred (no number" in err
    )


def test_a_stated_identity_gives_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, _stated(parsed("2024-07-jiwei-chips")))
    assert main(["check", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert (
        "identity is only inferred" not in err
        and "claims the same" not in err
        and "after its issue" not in err
    )


def test_two_issues_claiming_one_number_are_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chips = _stated(parsed("2024-07-jiwei-chips"))
    other = _stated(parsed("2024-03-jiwei-microelectronics"), date="2024-07-20")
    first, second = _write(tmp_path, chips), _write(tmp_path, other)
    assert main(["check", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert f"{first}: claims the same publication and number as {second}" in err or (
        f"{second}: claims the same publication and number as {first}" in err
    )
    assert "(集微技术信息简报 2024 7)" in err


def test_the_same_number_in_another_year_is_another_issue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, _stated(parsed("2024-07-jiwei-chips")))
    _write(tmp_path, _stated(parsed("2024-03-jiwei-microelectronics"), date="2023-07-20"))
    assert main(["check", str(tmp_path)]) == 0
    assert "claims the same" not in capsys.readouterr().err


def test_an_article_dated_after_its_issue_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chips = _stated(parsed("2024-07-jiwei-chips"), date="2024-07-15")
    path = _write(tmp_path, chips)
    assert main(["check", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    # 据官网 2024年 7月 17日报道 (Global Wafers) is the one article newer than 2024-07-15.
    assert f"{path}: article a21 (美国商务部拟投资 4亿美元资助 Global Wafers公司" in err
    assert "is dated 2024-07-17, after its issue's date 2024-07-15" in err
    assert err.count("after its issue's date") == 1
