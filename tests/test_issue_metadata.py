"""Where an issue's metadata comes from, and which source wins.

The order: the editor's meta.yaml, a PDF's masthead or running header/footer, a text's running
header/footer (and watermark, for the publisher), the file or folder name, inference from the
news dates. Each record names the source of each value.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.errors import RecordError
from briefgen.ingest import facts_from_name, parse_issue
from briefgen.records import METADATA_SOURCES, Issue
from conftest import BRIEFINGS, parsed
from pdfcache import printed_once

CHIPS = BRIEFINGS / "2024-07-jiwei-chips" / "source.txt"
CASDC = BRIEFINGS / "2024-03-casdc-tech-policy" / "source.txt"


def _issue_in(tmp_path: Path, folder: str, source: Path, meta: str | None = None) -> Path:
    """A copy of ``source`` as ``<folder>/source.txt``, with ``meta.yaml`` when given."""
    target = tmp_path / folder / "source.txt"
    target.parent.mkdir(parents=True)
    shutil.copyfile(source, target)
    if meta is not None:
        (target.parent / "meta.yaml").write_text(meta, encoding="utf-8")
    return target


def _sources(issue: Issue) -> dict[str, str | None]:
    meta = issue.issue
    return {
        "publication": meta.publication_from,
        "number": meta.number_from,
        "date": meta.date_from,
        "publisher": meta.publisher_from,
    }


def test_inference_alone_dates_an_issue_by_its_newest_news(tmp_path: Path) -> None:
    issue = parse_issue(_issue_in(tmp_path, "chips", CHIPS))
    assert (issue.issue.date, issue.issue.date_inferred) == ("2024-07-17", True)
    assert issue.issue.date_from == "inferred"
    assert issue.issue.number is None and issue.issue.number_from is None


def test_the_text_running_footer_names_the_publication(tmp_path: Path) -> None:
    issue = parse_issue(_issue_in(tmp_path, "chips", CHIPS))
    assert issue.issue.publication == "集微技术信息简报"
    assert issue.issue.publication_from == "running header"


def test_the_watermark_names_the_publisher(tmp_path: Path) -> None:
    issue = parse_issue(_issue_in(tmp_path, "casdc", CASDC))
    assert issue.issue.publisher == "中国科学院成都文献情报中心"
    assert issue.issue.publisher_from == "watermark"
    assert issue.issue.publication is None  # a watermark is the institution, not the series


def test_a_watermark_that_is_a_notice_names_no_publisher(tmp_path: Path) -> None:
    notice = "\n".join("内部资料注意保存")
    text = CASDC.read_text(encoding="utf-8").replace(
        "\n".join("中国科学院成都文献情报中心"), notice
    )
    issue = parse_issue(_issue_in(tmp_path, "casdc", _written(tmp_path, text))).issue
    assert (issue.publisher, issue.publisher_from) == (None, None)


def _written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "edited.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_folder_name_gives_month_and_number(tmp_path: Path) -> None:
    issue = parse_issue(_issue_in(tmp_path, "2024-07-第7期-chips", CHIPS)).issue
    assert issue.number == "7" and issue.number_from == "file name"
    # The month is the folder's; the day is that of the newest news in it, so still inferred.
    assert (issue.date, issue.date_from, issue.date_inferred) == ("2024-07-17", "file name", True)


def test_the_folder_month_wins_over_inference(tmp_path: Path) -> None:
    issue = parse_issue(_issue_in(tmp_path, "2024-08-chips", CHIPS)).issue
    assert (issue.date, issue.date_from, issue.date_inferred) == ("2024-08-01", "file name", True)


def test_names_are_read_as_a_reader_would() -> None:
    assert facts_from_name("2024-07-jiwei-chips").month == "2024-07"
    assert facts_from_name("集微技术信息简报2024年第7期").number == "7"
    assert facts_from_name("briefing-2024-03-15").date == "2024-03-15"
    nothing = facts_from_name("chips-act-review")
    assert (nothing.month, nothing.date, nothing.number) == (None, None, None)


def test_the_running_header_wins_over_the_folder_name(tmp_path: Path) -> None:
    text = CHIPS.read_text(encoding="utf-8").replace(
        "集微技术信息简报 \n", "集微技术信息简报 2024年第7期 \n"
    )
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    folder = _issue_in(tmp_path, "2024-07-第9期-chips", source)
    issue = parse_issue(folder).issue
    assert (issue.publication, issue.number) == ("集微技术信息简报", "7")
    assert _sources(parse_issue(folder))["number"] == "running header"


def test_editor_metadata_wins_over_everything(tmp_path: Path) -> None:
    meta = "publication: 编辑所定刊名\nnumber: '12'\ndate: 2024-07-20\npublisher: 某研究所\n"
    issue = parse_issue(_issue_in(tmp_path, "2024-08-第9期-chips", CHIPS, meta))
    assert (issue.issue.publication, issue.issue.number, issue.issue.date) == (
        "编辑所定刊名",
        "12",
        "2024-07-20",
    )
    assert issue.issue.publisher == "某研究所"
    assert issue.issue.date_inferred is False
    assert set(_sources(issue).values()) == {"meta.yaml"}
    # The editor's date is the context a year-less date is read in; articles keep their own.
    assert issue.articles[0].date == "2024-07-12"


def test_editor_metadata_with_a_bad_date_is_reported(tmp_path: Path) -> None:
    source = _issue_in(tmp_path, "chips", CHIPS, "date: 7月20日\n")
    with pytest.raises(RecordError, match="YYYY-MM-DD"):
        parse_issue(source)


def test_every_source_named_is_a_known_one() -> None:
    for issue_id in ("2024-03-casdc-tech-policy", "2024-07-jiwei-chips"):
        for source in _sources(parsed(issue_id)).values():
            assert source is None or source in METADATA_SOURCES


@pytest.fixture(scope="module")
def masthead_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seed articles printed under the masthead 信息科技快报 2024年第3期 2024年3月15日."""
    # The PDF writer (fpdf and its font tables) only here: importing it with the module cost
    # each make test-fast worker a third of a second, for two slow tests.
    from pdfgen import PAGE_BOTTOM, Masthead, render_issue

    seed = parsed("2024-03-jiwei-microelectronics")
    short = Issue(issue=seed.issue, articles=seed.articles[:3])
    masthead = Masthead(publication="信息科技快报", year=2024, number=3, date="2024年3月15日")
    params = (PAGE_BOTTOM, masthead)
    return printed_once(
        "masthead", ["pdfgen.py"], short, params, lambda out: render_issue(short, *params, out)
    )


def _pdf_in(tmp_path: Path, folder: str, pdf: Path, meta: str | None = None) -> Path:
    target = tmp_path / folder / "source.pdf"
    target.parent.mkdir(parents=True)
    shutil.copyfile(pdf, target)
    if meta is not None:
        (target.parent / "meta.yaml").write_text(meta, encoding="utf-8")
    return target


def test_the_pdf_masthead_wins_over_the_folder_name(masthead_pdf: Path, tmp_path: Path) -> None:
    issue = parse_issue(_pdf_in(tmp_path, "2023-11-第9期-x", masthead_pdf)).issue
    assert (issue.publication, issue.number, issue.date) == ("信息科技快报", "3", "2024-03-15")
    assert issue.date_inferred is False
    assert (issue.publication_from, issue.number_from, issue.date_from) == (
        "pdf masthead",
        "pdf masthead",
        "pdf masthead",
    )


def test_editor_metadata_wins_over_the_pdf_masthead(masthead_pdf: Path, tmp_path: Path) -> None:
    source = _pdf_in(tmp_path, "x", masthead_pdf, "number: '3 (总第 41 期)'\n")
    issue = parse_issue(source).issue
    assert (issue.number, issue.number_from) == ("3 (总第 41 期)", "meta.yaml")
    assert (issue.publication, issue.publication_from) == ("信息科技快报", "pdf masthead")
