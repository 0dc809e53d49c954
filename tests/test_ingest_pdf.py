"""PDF ingest: every seed issue printed to PDF in four ways parses like its text (bodies too).

Three house layouts drawn with fpdf2 (tests/pdfgen.py) and one document with real headings and
footnotes printed by LibreOffice (tests/odtgen.py): different producers, fonts and encodings.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest

from briefgen.ingest import parse_issue
from briefgen.ingest.pdf_rows import Row
from briefgen.records import Article
from conftest import SEED_IDS, parsed
from pdfgen import LAYOUTS
from producers import PRODUCERS as ALL_PRODUCERS
from producers import continued_notes, parsed_pdf, read_back
from producers import seed_pdfs as print_seed_pdfs

pytestmark = pytest.mark.slow  # prints every seed issue to PDF in each layout
PRODUCERS = [layout.name for layout in LAYOUTS] + ["libreoffice"]
CASES = [(issue_id, name) for issue_id in SEED_IDS for name in PRODUCERS]
#: Bodies and mastheads are checked for every producer (records: test_ingest_pdf_producers.py).
ALL_CASES = [(issue_id, name) for issue_id in SEED_IDS for name in ALL_PRODUCERS]


@pytest.fixture(scope="session")
def seed_pdfs() -> dict[tuple[str, str], Path]:
    """Every seed in every layout, from the test PDF cache (printed when missing)."""
    return print_seed_pdfs(SEED_IDS, ALL_PRODUCERS)


def _continued(seed_pdfs: dict[tuple[str, str], Path]) -> dict[tuple[str, str], int]:
    """How many footnotes the fpdf2 generator split across pages, per (issue, layout)."""
    return {
        key: continued_notes(path) for key, path in seed_pdfs.items() if key[1] != "libreoffice"
    }


def _key(article: Article) -> dict[str, object]:
    return {
        "section": article.section,
        "title": article.title,
        "tags": article.tags,
        "authors": article.authors,
        "footnote urls": [note.url for note in article.footnotes],
        "source_urls": article.source_urls,
        "original_title": article.original_title,
    }


@pytest.mark.parametrize(("issue_id", "layout"), CASES)
def test_pdf_records_match_text_records(
    seed_pdfs: dict[tuple[str, str], Path], issue_id: str, layout: str
) -> None:
    from_text = parsed(issue_id).articles
    from_pdf = parsed_pdf(seed_pdfs[issue_id, layout]).articles
    assert [a.title for a in from_pdf] == [a.title for a in from_text]
    for text_article, pdf_article in zip(from_text, from_pdf, strict=True):
        assert _key(pdf_article) == _key(text_article), text_article.id


@pytest.mark.parametrize(("issue_id", "layout"), ALL_CASES)
def test_pdf_bodies_hold_the_same_text(
    seed_pdfs: dict[tuple[str, str], Path], issue_id: str, layout: str
) -> None:
    """The body text survives, with no running header, footer, watermark or note in it."""
    subscripts = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
    from_pdf = parsed_pdf(seed_pdfs[issue_id, layout]).articles
    for text_article, pdf_article in zip(parsed(issue_id).articles, from_pdf, strict=True):
        expected = re.sub(r"\s+", "", text_article.body).translate(subscripts)
        assert re.sub(r"\s+", "", pdf_article.body) == expected, text_article.id
        for furniture in (
            "信息科技快报",
            "内部资料",
            "仅供内部参考",
            "第 1 页",
            "- 2 -",
            "-2-",
            "注释：",
        ):
            assert furniture not in pdf_article.body


@pytest.mark.parametrize("layout", ALL_PRODUCERS)
def test_issue_metadata_comes_from_the_masthead(
    seed_pdfs: dict[tuple[str, str], Path], layout: str
) -> None:
    issue = parsed_pdf(seed_pdfs[SEED_IDS[0], layout]).issue
    assert (issue.publication, issue.number, issue.date) == ("信息科技快报", "3", "2024-03-15")
    assert issue.date_inferred is False
    assert issue.source_sha256 != parsed(SEED_IDS[0]).issue.source_sha256


def test_editor_metadata_wins_over_the_masthead(
    seed_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    folder = tmp_path / "2024-03-x"
    folder.mkdir()
    source = folder / "source.pdf"
    source.write_bytes(seed_pdfs[SEED_IDS[0], "page-bottom"].read_bytes())
    (folder / "meta.yaml").write_text("number: '3 (总第 41 期)'\n", encoding="utf-8")
    issue = parse_issue(source).issue
    assert issue.number == "3 (总第 41 期)"
    assert issue.publication == "信息科技快报"


def test_pdf_records_cite_pages(seed_pdfs: dict[tuple[str, str], Path]) -> None:
    path = seed_pdfs[SEED_IDS[0], "page-bottom"]
    pages = len(read_back(path).pages)
    articles = parsed_pdf(path).articles
    assert articles[0].lines[0] == 1
    assert all(1 <= a.lines[0] <= a.lines[1] <= pages for a in articles)
    assert articles[-1].lines[1] == pages or articles[-1].lines[1] == pages - 1


def test_layouts_exercise_the_hard_cases(seed_pdfs: dict[tuple[str, str], Path]) -> None:
    """The generated PDFs hold what the matching tests above are meant to cover."""
    keys = [key for key in seed_pdfs if key[1] in PRODUCERS]

    @cache
    def rows(key: tuple[str, str]) -> list[Row]:
        # Each PDF read once, and only as far as the checks below need to look.
        return [row for page in read_back(seed_pdfs[key]).pages for row in page.rows]

    # A URL broken across two rows (it only matches whole in the records when rejoined).
    assert any(
        re.search(r"https?://\S+$", a.text) and re.match(r"^[\w./%-]+$", b.text)
        for key in keys
        for a, b in itertools.pairwise(rows(key))
    )
    # Two-line titles: rows in the title size following each other.
    assert any(
        a.size == b.size == 14 and a.page == b.page
        for key in keys
        for a, b in itertools.pairwise(rows(key))
    )
    # Sizes: titles above sections in one layout, below them in the other.
    assert {lay.title > lay.section for lay in LAYOUTS} == {True, False}
    # A footnote that runs on at the bottom of the next page.
    assert any(continued_notes(path) for key, path in seed_pdfs.items() if key[1] != "libreoffice")


def test_footnote_continued_on_next_page_is_whole(
    seed_pdfs: dict[tuple[str, str], Path],
) -> None:
    cases = [key for key, n in _continued(seed_pdfs).items() if n]
    assert cases
    for issue_id, layout in cases:
        from_pdf = parsed_pdf(seed_pdfs[issue_id, layout]).articles
        for text_article, pdf_article in zip(parsed(issue_id).articles, from_pdf, strict=True):
            assert pdf_article.footnotes == text_article.footnotes
