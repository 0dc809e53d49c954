"""Every seed issue printed by every PDF producer parses to the records its text gives.

Checked per article: section, title, tags, authors, footnote URLs, marker positions (where in
the body text each footnote is cited), source URLs and original title. The run ends with a
table of the fields matched per producer.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

import rlgen
from briefgen.cli import main
from briefgen.errors import BriefgenError
from briefgen.ingest.pages import is_wide
from briefgen.ingest.pdf_rows import Row
from briefgen.records import Article
from conftest import SEED_IDS, parsed
from producers import PRODUCERS, parsed_pdf, read_back, seed_pdfs

pytestmark = pytest.mark.slow

FIELDS = (
    "section",
    "title",
    "tags",
    "authors",
    "footnote urls",
    "marker positions",
    "source urls",
    "original title",
)


def marker_positions(article: Article) -> list[tuple[int, int]]:
    """(footnote number, characters of text before it) for each marker, whitespace ignored."""
    text = re.sub(r"\s+", "", f"{article.editor_note or ''}{article.body}")
    found: list[tuple[int, int]] = []
    plain = 0
    for piece in re.split(r"(\[\^\d+\])", text):
        ref = re.fullmatch(r"\[\^(\d+)\]", piece)
        if ref:
            found.append((int(ref.group(1)), plain))
        else:
            plain += len(piece)
    return found


def fields(article: Article) -> dict[str, object]:
    return {
        "section": article.section,
        "title": article.title,
        "tags": article.tags,
        "authors": article.authors,
        "footnote urls": [note.url for note in article.footnotes],
        "marker positions": marker_positions(article),
        "source urls": article.source_urls,
        "original title": article.original_title,
    }


@dataclass
class Score:
    matched: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)


#: (producer, issue) -> fields matched, filled by the tests, printed at the end of the run.
SCORES: dict[tuple[str, str], Score] = {}


class _Table:
    """Prints the fields-matched table when the run ends (a pytest plugin object)."""

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not SCORES:
            return
        totals: dict[str, Score] = defaultdict(Score)
        for (producer, _issue), score in SCORES.items():
            totals[producer].matched += score.matched
            totals[producer].total += score.total
        write = terminalreporter.write_line
        terminalreporter.section("PDF fields matched per producer")
        write(f"{'producer':<18} {'matched':>8} {'fields':>7} {'share':>7}")
        for producer in PRODUCERS:
            if producer in totals:
                s = totals[producer]
                write(
                    f"{producer:<18} {s.matched:>8} {s.total:>7} {100 * s.matched / s.total:>6.1f}%"
                )


@pytest.fixture(scope="module")
def all_pdfs(request: pytest.FixtureRequest) -> dict[tuple[str, str], Path]:
    if not request.config.pluginmanager.has_plugin("pdf-fields-table"):
        request.config.pluginmanager.register(_Table(), "pdf-fields-table")
    return seed_pdfs(SEED_IDS, PRODUCERS)


@cache
def _parse(path: Path) -> list[Article] | str:
    try:
        return parsed_pdf(path).articles
    except BriefgenError as exc:
        return str(exc)


def score(issue_id: str, path: Path) -> Score:
    """Fields of the text records that the PDF's records get right, article by article."""
    expected = parsed(issue_id).articles
    got = _parse(path)
    result = Score(total=len(expected) * len(FIELDS))
    if isinstance(got, str):
        result.misses.append(f"parse failed: {got}")
        return result
    by_title = {a.title: a for a in got}
    for k, article in enumerate(expected):
        other = by_title.get(article.title) or (got[k] if k < len(got) else None)
        want = fields(article)
        have = fields(other) if other is not None else {}
        for name in FIELDS:
            if have.get(name) == want[name]:
                result.matched += 1
            else:
                result.misses.append(f"{article.id} {name}: {have.get(name)!r} != {want[name]!r}")
    return result


@pytest.mark.parametrize("producer", PRODUCERS)
@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_every_producer_gives_the_text_records(
    all_pdfs: dict[tuple[str, str], Path], issue_id: str, producer: str
) -> None:
    result = score(issue_id, all_pdfs[issue_id, producer])
    SCORES[producer, issue_id] = result
    assert not result.misses, f"{issue_id} printed by {producer}:\n" + "\n".join(result.misses[:12])


def _rows(path: Path) -> list[Row]:
    return [row for page in read_back(path).pages for row in page.rows]


def test_producers_print_what_they_are_here_for(all_pdfs: dict[tuple[str, str], Path]) -> None:
    """The prints hold the evidence the parser must read, so the matches above mean something."""
    prints = {producer: [all_pdfs[i, producer] for i in SEED_IDS] for producer in PRODUCERS}
    # reportlab raises markers with a text rise (Ts) in the line's own text object.
    runs = [run for row in _rows(prints["reportlab"][0]) for run in row.runs]
    assert any(run.rise > 0 and run.text.strip().isdigit() for run in runs)
    # reportlab and WeasyPrint set footnotes under a drawn rule, in a smaller font.
    for producer in ("reportlab", "weasyprint"):
        doc = read_back(prints[producer][0])
        assert any(page.rules for page in doc.pages), producer
    # Chromium maps shared glyphs to radicals and carries the text in /ActualText: pypdf's own
    # extraction shows radicals, this reader none.
    # (The first print and page that show it: pypdf's extraction of every page took 2 s.)
    noto = next(p for p in prints["chromium"] + prints["chromium-b"] if b"Noto" in p.read_bytes())
    reader = PdfReader(noto)
    assert any(b"/ActualText" in page.get_contents().get_data() for page in reader.pages)
    assert any(re.search("[\u2e80-\u2fdf]", page.extract_text()) for page in reader.pages)
    assert not any(re.search("[\u2e80-\u2fdf]", row.text) for row in _rows(noto))
    # cairo sets a note's number and its first word as one run ("1Darsith Jayachandran, …").
    assert any(
        len(row.runs) == 1 and re.match(r"\d{1,2}[A-Za-z]", row.text)
        for row in _rows(prints["cairo"][0])
    )
    # wkhtmltopdf (Qt) maps each font's codes in a bfrange with an array of texts, and names
    # shared glyphs by their lowest code point: Kangxi radicals for ideographs.
    cmaps = [
        font.get_object()["/ToUnicode"].get_object().get_data()
        for path in prints["wkhtmltopdf"] + prints["wkhtmltopdf-b"]
        for font in PdfReader(path).pages[0]["/Resources"]["/Font"].values()
    ]
    assert all(re.search(rb"<[0-9A-F]{4}> <[0-9A-F]{4}> \[<", cmap) for cmap in cmaps)
    assert any(re.search(rb"<2F[0-9A-D][0-9A-F]>", cmap) for cmap in cmaps)
    # XeLaTeX hyphenates English words where it wraps ("Microelec-" / "tronics"), and opens
    # each footnote with a raised number.
    tex_rows = [row for path in prints["xelatex"] + prints["xelatex-b"] for row in _rows(path)]
    assert any(
        re.search(r"[a-z]{2}-$", a.text) and re.match(r"[a-z]{2}", b.text)
        for a, b in itertools.pairwise(tex_rows)
    )
    assert any(row.markers and row.markers[0].offset == 0 for row in tex_rows)
    # Typst sets markers in the font's superior digits, at the text's size and baseline, and
    # a quarter em between Chinese and Latin that is no space.
    typst_rows = _rows(prints["typst"][0])
    assert any(run.superior and run.size == row.size for row in typst_rows for run in row.runs)
    assert any(
        is_wide(a.text[-1])
        and b.text[0].isascii()
        and b.text[0] != " "
        and 0.2 * row.size < b.x - a.right < 0.3 * row.size
        for row in typst_rows
        for a, b in itertools.pairwise(row.runs)
    )
    # MuPDF maps every glyph of its fonts and gives a character past U+FFFF as its bare code
    # point, five hex digits, not UTF-16 (read as a damaged page before, every print refused).
    mupdf_maps = [
        font.get_object()["/ToUnicode"].get_object().get_data()
        for path in prints["mupdf"]
        for font in PdfReader(path).pages[0]["/Resources"]["/Font"].values()
        if "/ToUnicode" in font.get_object()
    ]
    assert mupdf_maps
    assert all(re.search(rb"<[0-9a-fA-F]+>\s*<[0-9a-fA-F]{5}>", data) for data in mupdf_maps)
    # Captions set smaller than the body, like footnotes, but standing in the text.
    rows = _rows(prints["weasyprint"][0])
    body = max({r.size for r in rows}, key=lambda size: sum(r.size == size for r in rows))
    assert any(re.match(r"图\s*1", r.text) and r.size < body for r in rows)
    # The 供稿自 layout with the attribution alone on its line, and inline, in reportlab.
    attributions = {
        rlgen.layout_for("2024-03-casdc-tech-policy", seed).attribution for seed in (12, 9)
    }
    assert attributions == {"inline", "split"}


def test_parsing_a_pdflatex_print_shows_pypdfs_warnings_only_when_verbose(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """CJKutf8 gives each Latin font a second /ToUnicode, and pypdf warned of each one: some
    85 lines on an editor's terminal for one issue, none of it theirs to act on."""
    issue_id = "2024-03-casdc-tech-policy"
    source = seed_pdfs([issue_id], ["pdflatex"])[(issue_id, "pdflatex")]
    for verbose in (False, True):
        folder = tmp_path / str(verbose) / issue_id
        folder.mkdir(parents=True)
        (folder / "issue.pdf").write_bytes(source.read_bytes())
        caplog.clear()
        flags = ["-v"] if verbose else []
        assert main(["parse", *flags, "--no-cache", str(folder.parent)]) == 0
        warned = [r for r in caplog.records if r.name.startswith("pypdf")]
        assert (len(warned) > 10) if verbose else (warned == [])
