"""A table of contents (目录) and a colophon (主办：… 主编：…) are not read as an issue's text.

Printed: two seed issues with their contents on a page after the masthead, in four styles, or
with a colophon under the masthead or after the last article (frontgen.py), parse to the
records of their text; the colophon names the publisher. Before, contents whose page numbers stand
at the right margin read as a table that ran on over the next page's section and title (the
first article was lost), and contents whose section names are set in the title size opened an
empty article per section; a colophon after the last article ended its body, or in the notes'
size the last note's URL ("…/1599019.html主办：中国科学院文献情报中心").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.ingest.pdf_contents import drop_contents
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Row, Run
from briefgen.ingest.pdf_state import Rule
from briefgen.ingest.pdf_tables import find_tables
from briefgen.records import Article
from conftest import parsed
from frontgen import COLOPHONS, PUBLISHER, STYLES, render_front_matter_issue
from pdfcache import cache_path, cached_pdf, pdf_key
from producers import MASTHEAD, parsed_pdf

ISSUES = ("2024-07-jiwei-chips", "2024-08-chips-act-review")
BODY, HEADING = 10.5, 14.0
METRICS = FontWidths({}, 1000.0)


MATTERS = [*STYLES, *COLOPHONS]


@pytest.fixture(scope="module", params=[(i, m) for i in ISSUES for m in MATTERS], ids=str)
def front_matter_pdf(request: pytest.FixtureRequest) -> tuple[str, str, Path]:
    issue_id, matter = request.param
    issue = parsed(issue_id)
    key = pdf_key(("frontgen.py", "htmlgen.py", "pdfgen.py"), issue, (matter, MASTHEAD))
    out = cache_path(f"{issue_id}-front-{matter}", key)
    pdf = cached_pdf(out, lambda path: render_front_matter_issue(issue, matter, MASTHEAD, path))
    return issue_id, matter, pdf


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
def test_an_issue_with_contents_or_a_colophon_parses_to_the_records_of_its_text(
    front_matter_pdf: tuple[str, str, Path],
) -> None:
    issue_id, matter, pdf = front_matter_pdf
    issue = parsed_pdf(pdf)
    assert [_record(a) for a in issue.articles] == [_record(a) for a in parsed(issue_id).articles]
    if matter in COLOPHONS:
        assert (issue.issue.publisher, issue.issue.publisher_from) == (PUBLISHER, "pdf masthead")


def _run(text: str, x: float, y: float, size: float = BODY) -> Run:
    return Run(text, x, y, size, False, size * len(text), METRICS)


def _row(page: int, y: float, *runs: Run, role: str = "") -> Row:
    size = max(run.size for run in runs)
    return Row(page, y, size, False, list(runs), text=" ".join(r.text for r in runs), role=role)


def test_contents_end_at_their_last_entry_and_the_first_article_below_is_kept() -> None:
    """Contents and the first article on one page: entries with their page numbers set
    apart at the right (no leaders), a section name, a title wrapped onto two rows."""
    rows = [
        _row(1, 700, _run("目录", 250, 700, 16)),
        _row(1, 680, _run("政策计划", 50, 680)),
        _row(1, 660, _run("美国发布国家微电子研究战略", 50, 660), _run("2", 520, 660)),
        _row(1, 640, _run("荷兰政府撤销部分光刻机出口许可证及其对全球半导体", 50, 640)),
        _row(1, 620, _run("供应链的影响", 50, 620), _run("3", 520, 620)),
        _row(1, 580, _run("政策计划", 50, 580, 18)),
        _row(1, 550, _run("美国发布国家微电子研究战略", 50, 550, 15)),
        _row(1, 520, _run("2024年3月15日，美国白宫科技政策办公室发布战略。", 71, 520)),
    ]
    kept = drop_contents(rows, HEADING)
    assert [row.text for row in kept] == [row.text for row in rows[5:]]
    assert {row.role for row in rows[:5]} == {"contents"}


def test_a_list_of_titles_without_page_numbers_is_contents_as_far_as_it_names_headings() -> None:
    rows = [
        _row(1, 700, _run("本期要目", 250, 700, 16)),
        _row(1, 680, _run("产业洞察", 50, 680, 18)),
        _row(1, 660, _run("美智库评估中美量子计算竞争情况", 50, 660)),
        _row(1, 640, _run("主编：王丽", 50, 640)),
        _row(2, 700, _run("产业洞察", 50, 700, 18)),
        _row(2, 670, _run("美智库评估中美量子计算竞争情况", 50, 670, 15)),
        _row(2, 640, _run("据报道，美智库评估了中美量子计算的竞争情况。", 71, 640)),
    ]
    kept = drop_contents(rows, HEADING)
    assert [row.text for row in kept] == ["主编：王丽", *(row.text for row in rows[4:])]


def test_entries_with_leader_dots_are_contents_without_a_heading() -> None:
    rows = [
        _row(1, 700, _run("信息科技快报", 50, 700)),
        *(
            _row(1, 680 - 20 * k, _run(f"第{k}篇文章的标题……………………{k + 2}", 50, 680 - 20 * k))
            for k in range(3)
        ),
        _row(2, 700, _run("美国发布国家微电子研究战略", 50, 700, 15)),
    ]
    kept = drop_contents(rows, HEADING)
    assert [row.text for row in kept] == ["信息科技快报", "美国发布国家微电子研究战略"]


def test_a_table_that_ends_a_page_does_not_run_on_over_the_heading_opening_the_next() -> None:
    """The next page's first body row has a run where the table's second column stood: a
    ruled table of four rows at the bottom of page 1, page 2 opens a section."""
    ys = [300 - 20 * k for k in range(4)]
    table = [
        _row(1, y, _run(f"技术{k}", 50, y), _run(f"领域{k}", 200, y)) for k, y in enumerate(ys)
    ]
    rows = [
        *table,
        _row(2, 700, _run("前沿研究", 50, 700, 18), role="heading"),
        _row(2, 670, _run("英国宣布成立半导体研究所", 50, 670, 15), role="heading"),
        _row(2, 640, _run("2024年7月，英国", 71, 640), _run("政府宣布成立研究所。", 200, 640)),
    ]
    for no, row in enumerate(rows, start=1):
        row.line, row.role = no, row.role or "body"
    ruled = {1: [Rule(40, 500, 310 - 20 * k) for k in range(5)]}
    (found,) = find_tables(rows, ruled)
    assert (found.first_line, found.last_line) == (1, 4)
