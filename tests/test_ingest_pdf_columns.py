"""A page set in two columns is read one column after the other.

Before, rows were runs sharing a baseline across the page: the two columns' lines interleaved
and a two-column issue kept about a third of its fields (measured on ten WeasyPrint prints,
2026-12-03). The prints here read right on every field; see README for the layouts that do not
yet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.ingest.pdf_columns import Gutter, reading_order
from briefgen.ingest.pdf_fonts import FontWidths
from briefgen.ingest.pdf_rows import Run
from briefgen.records import Article
from columnsgen import render_tex_two_columns, render_two_columns
from conftest import parsed
from pdfcache import cache_path, cached_pdf, pdf_key
from producers import MASTHEAD, parsed_pdf

METRICS = FontWidths({}, 1000.0)
PRINTS = [
    ("2024-03-jiwei-microelectronics", 7),
    ("2024-08-chips-act-review", 7),
    # A note marker raised on the left column's last line, below where the right one ends.
    ("2024-07-jiwei-chips", 7),
    # Notes across the page whose link, a run of its own, starts right of the gutter.
    ("2024-08-chips-act-review", 12),
]


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body)
    return (article.section, article.title, article.authors, notes, body)


@pytest.mark.slow  # prints PDFs with WeasyPrint (cached between runs)
@pytest.mark.parametrize(("issue_id", "seed"), PRINTS)
def test_an_issue_set_in_two_columns_parses_to_the_records_of_its_text(
    issue_id: str, seed: int
) -> None:
    pdf = _two_column_print(issue_id, seed)
    want = parsed(issue_id).articles
    assert [_record(a) for a in parsed_pdf(pdf).articles] == [_record(a) for a in want]


def _two_column_print(issue_id: str, seed: int) -> Path:
    issue = parsed(issue_id)
    key = pdf_key(("columnsgen.py", "htmlgen.py", "pdfgen.py"), issue, (seed, MASTHEAD))
    out = cache_path(f"{issue_id}-two-columns-{seed}", key)
    return cached_pdf(out, lambda path: render_two_columns(issue, seed, MASTHEAD, path))


def _tex_two_column_print(issue_id: str, seed: int) -> Path:
    issue = parsed(issue_id)
    key = pdf_key(("columnsgen.py", "texgen.py", "pdfgen.py"), issue, (seed, MASTHEAD))
    out = cache_path(f"{issue_id}-tex-two-columns-{seed}", key)
    return cached_pdf(out, lambda path: render_tex_two_columns(issue, seed, MASTHEAD, path))


@pytest.mark.slow  # prints PDFs with XeLaTeX (cached between runs)
@pytest.mark.parametrize("issue_id", ["2024-03-jiwei-microelectronics", "2024-08-chips-act-review"])
def test_notes_at_the_foot_of_each_column_go_with_their_column(issue_id: str) -> None:
    """TeX's two columns: each column's notes at its foot, a long one broken over both. The
    left column's notes below the right column's last line were read after the right
    column: notes went to the neighbouring article, a broken one was cut."""
    pdf = _tex_two_column_print(issue_id, 11)
    want = parsed(issue_id).articles
    assert [_record(a) for a in parsed_pdf(pdf).articles] == [_record(a) for a in want]


@pytest.mark.slow  # prints a PDF with XeLaTeX (cached between runs)
def test_titles_set_ragged_by_the_paragraph_gain_no_space_at_their_wraps() -> None:
    """TeX breaks a ragged title where the paragraph reads best, so its rows stop short
    where the next character would have fit: taken for a space that was not printed, every
    wrap gained one ("美国宣布芯片法 案资助的首批研 发设施及遴选程 序")."""
    pdf = _tex_two_column_print("2024-07-jiwei-chips", 3)
    want = parsed("2024-07-jiwei-chips").articles
    assert [a.title for a in parsed_pdf(pdf).articles] == [a.title for a in want]


def _end_block(article: Article) -> tuple[object, ...]:
    # The print sets "Ga₂O₃" as "Ga<sub>2</sub>O<sub>3</sub>": the text has digits there.
    body = re.sub(r"\s+", "", article.body).translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
    return (article.authors, article.source_urls, article.original_title, body)


@pytest.mark.slow  # prints a PDF with WeasyPrint (cached between runs)
def test_an_original_title_wrapped_in_its_column_and_a_short_last_page_read_whole() -> None:
    """This print's "原文标题：…" lines wrap in the narrow column (their second rows went into
    the body), and its last page holds too few lines to tell its columns by itself: its two
    columns were read across, the last article's attribution interleaved with its body."""
    pdf = _two_column_print("2024-03-casdc-tech-policy", 12)
    got = parsed_pdf(pdf).articles
    want = parsed("2024-03-casdc-tech-policy").articles
    assert [_end_block(a) for a in got] == [_end_block(a) for a in want]


def _run(text: str, x: float, y: float, size: float = 10.0) -> Run:
    return Run(text, x, y, size, False, size * len(text), METRICS)


def test_the_columns_are_read_in_turn_between_what_stands_across_the_page() -> None:
    header = _run("信息科技快报二〇二四年第三期监测快报简报全文", 60, 800, 12.0)
    left = [_run("左栏正文一二三四五六七八九十一二", 60, 760 - 20 * k) for k in range(30)]
    right = [_run("右栏正文一二三四五六七八九十一二", 300, 760 - 20 * k) for k in range(30)]
    note = _run("1 https://example.com/a-note-set-across-the-whole-page-width", 60, 60, 8.0)
    footer = _run("- 2 -", 245, 30, 8.0)  # centred in the gutter
    groups, _ = reading_order([footer, *right, note, *left, header])
    assert [column for column, _ in groups] == [0, 1, 2, 0]
    assert [r.text for r in groups[0][1]] == [header.text]
    assert {r.text for r in groups[1][1]} == {left[0].text}
    assert {r.x for r in groups[2][1]} == {60}  # moved onto the left column's edge
    assert {r.text for r in groups[3][1]} == {note.text, footer.text}


def test_a_page_in_one_column_with_a_table_in_two_is_read_as_it_is() -> None:
    """Lines across the page above and below the table: no gutter runs down the page."""
    lines = [_run("正文一二三四五六七八九十" * 4, 60, 760 - 20 * k) for k in range(12)]
    table = [_run("技术", 60, 500 - 20 * k) for k in range(4)]
    table += [_run("领域", 300, 500 - 20 * k) for k in range(4)]
    more = [_run("正文一二三四五六七八九十" * 4, 60, 400 - 20 * k) for k in range(10)]
    runs = [*lines, *table, *more]
    assert reading_order(runs) == ([(0, runs)], None)


def test_a_short_last_page_is_read_in_the_columns_of_the_page_before() -> None:
    """Too few lines to find a gutter by themselves; they keep to the one before."""
    left = [_run("左栏正文一二三四五六七八九十一二", 60, 760 - 20 * k) for k in range(6)]
    right = [_run("右栏正文一二三四五六七八九十一二", 300, 760 - 20 * k) for k in range(3)]
    runs = [*left, *right]
    assert reading_order(runs) == ([(0, runs)], None)
    earlier = Gutter(left=221.0, right=299.0)
    groups, gutter = reading_order(runs, earlier)
    assert [column for column, _ in groups] == [1, 2] and gutter == earlier
    assert [r.text for r in groups[1][1]] == [r.text for r in right]


def test_a_page_in_one_column_after_pages_in_two_is_read_across() -> None:
    lines = [_run("正文一二三四五六七八九十" * 4, 60, 760 - 20 * k) for k in range(6)]
    assert reading_order(lines, Gutter(left=221.0, right=299.0)) == ([(0, lines)], None)


@pytest.mark.slow  # prints a PDF with WeasyPrint (cached between runs)
def test_a_caption_set_smaller_in_its_column_is_a_figure_of_its_own() -> None:
    """In a column a caption is only a little narrower than the text: centred, it starts
    less than an indent in, and paragraphs here open indented, so the caption went on the
    paragraph above it. Its smaller size sets it apart."""
    pdf = _two_column_print("2024-01-jiwei-semiconductors", 7)

    def figures(articles: list[Article]) -> list[tuple[str, list[str]]]:
        return [(a.id, re.findall(r"!\[(.*?)\]\(\)", a.body)) for a in articles]

    want = figures(parsed("2024-01-jiwei-semiconductors").articles)
    assert sum(len(captions) for _, captions in want) >= 3
    assert figures(parsed_pdf(pdf).articles) == want


def test_notes_at_each_columns_foot_are_read_after_their_column() -> None:
    left = [_run("左栏正文一二三四五六七八九十一二", 60, 760 - 20 * k) for k in range(30)]
    right = [_run("右栏正文一二三四五六七八九十一二", 300, 760 - 20 * k) for k in range(26)]
    left_notes = [_run(f"{k} https://example.com/left-{k}", 60, 150 - 12 * k, 8.0) for k in (1, 2)]
    right_notes = [_run(f"{k} https://example.com/r-{k}", 300, 230 - 12 * k, 8.0) for k in (3, 4)]
    groups, _ = reading_order([*left, *left_notes, *right, *right_notes])
    assert [column for column, _ in groups] == [1, 2]
    assert [r.text for r in groups[0][1][-2:]] == [r.text for r in left_notes]
    assert [r.text for r in groups[1][1][-2:]] == [r.text for r in right_notes]
