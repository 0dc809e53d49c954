"""Scanned issues read by Tesseract: a seed printed, scanned (straight, and askew with noise),
parsed with OCR, gives the articles, sections and titles of the text, and its bodies' characters.

Each scan is made once and OCR'd once: both are kept under the test PDF cache (scans by what
made them, OCR by the scan's hash and the OCR code), so a warm run reads no page again. One
seed, 8 pages, at 200 dpi: about 45 s of CPU a scan when the cache is cold.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.ingest import parse_issue
from briefgen.ingest.ocr_rows import with_ocr
from briefgen.ingest.pdf import read_pdf
from briefgen.records import Issue, load_issue
from conftest import parsed
from pdfcache import cache_dir, cached_pdf
from producers import seed_pdfs
from scangen import ASKEW, CLEAN, Scan, scan_path, scanned

pytestmark = pytest.mark.slow
SEED = "2024-03-casdc-tech-policy"
SCANS = {scan.name: scan for scan in (CLEAN, ASKEW)}
#: Known shortfalls, run as strict xfails (measured 2026-11-30; see the README's "Scanned
#: issues"): they fail the day they are fixed, and the xfail goes.
_ASKEW_SPLITS = pytest.mark.xfail(
    strict=True,
    reason="askew, noisy scan: a body line misread as a title splits an article (14 for 13), "
    "and URL tails land in bodies",
)
_CLEAN_BODY = pytest.mark.xfail(
    strict=True,
    reason="straight scan: 96.4% (226 edits in 6,355), of which 136 are one damaged source "
    "URL (https:W…) left in a body; the 97% target is not met",
)
STRUCTURE = ["clean", pytest.param("askew", marks=_ASKEW_SPLITS)]
BODIES = [pytest.param("clean", marks=_CLEAN_BODY), pytest.param("askew", marks=_ASKEW_SPLITS)]
#: Body characters that must survive OCR, by edit distance over the whole issue.
BODY_TARGET = 0.97

# Tesseract runs one thread a page: this machine's cores are shared with the rest of the suite.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _cache_root() -> Path:
    return cache_dir() / "ocr-cache"


def _scan_source() -> Path:
    return seed_pdfs([SEED], ["page-bottom"])[SEED, "page-bottom"]


def _scan(scan: Scan) -> Path:
    return scanned(_scan_source(), scan)


@pytest.fixture(scope="session")
def read_scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Issue]:
    """Each scan parsed with OCR, in a folder named like the seed (its issue id)."""
    issues = {}
    for name, scan in SCANS.items():
        folder = tmp_path_factory.mktemp(name) / SEED
        folder.mkdir()
        shutil.copy(_scan(scan), folder / "source.pdf")
        issues[name] = parse_issue(folder / "source.pdf", ocr=True, cache=Cache(_cache_root()))
    return issues


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of characters."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _chars(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("scan", STRUCTURE)
def test_a_scan_gives_the_articles_sections_and_titles(
    read_scans: dict[str, Issue], scan: str
) -> None:
    text, ocr = parsed(SEED).articles, read_scans[scan].articles
    assert [a.section for a in ocr] == [a.section for a in text]
    exact = 0
    for from_text, from_ocr in zip(text, ocr, strict=True):
        similar = SequenceMatcher(None, from_text.title, from_ocr.title).ratio()
        exact += from_text.title == from_ocr.title
        if from_text.title != from_ocr.title:
            print(f"{scan}: title {from_text.id} read as {from_ocr.title!r} ({similar:.0%})")
        # OCR misreads a character here and there (芯片 as 蕊片, AI as Al): the title is
        # the same title with it, not another one.
        assert similar >= 0.85, (from_text.id, from_text.title, from_ocr.title)
    print(f"{scan}: {exact} of {len(text)} titles exactly as printed")
    assert exact >= len(text) - 3


@pytest.mark.parametrize("scan", STRUCTURE)
def test_source_urls_are_rejoined_across_lines(read_scans: dict[str, Issue], scan: str) -> None:
    """Most source URLs run over two printed lines; OCR misreads a character in some (a slash
    as "y"), which check then flags: most must come out whole and exact."""
    text = [url for a in parsed(SEED).articles for url in a.source_urls]
    ocr = [url for a in read_scans[scan].articles for url in a.source_urls]
    exact = len(set(text) & set(ocr))
    print(f"{scan}: {exact} of {len(text)} source URLs exactly as printed")
    assert exact >= len(text) // 2


@pytest.mark.parametrize("scan", BODIES)
def test_scanned_bodies_keep_97_percent_of_their_characters(
    read_scans: dict[str, Issue], scan: str
) -> None:
    pairs = zip(parsed(SEED).articles, read_scans[scan].articles, strict=True)
    distance = total = 0
    for from_text, from_ocr in pairs:
        expected, read = _chars(from_text.body), _chars(from_ocr.body)
        distance += edit_distance(expected, read)
        total += max(len(expected), len(read))
    similarity = 1 - distance / total
    print(f"{SEED} scanned {scan}: body characters {similarity:.2%} ({distance} edits in {total})")
    assert similarity >= BODY_TARGET


@pytest.mark.parametrize("scan", SCANS)
def test_records_say_they_were_read_by_ocr(read_scans: dict[str, Issue], scan: str) -> None:
    issue = read_scans[scan]
    assert issue.issue.ocr is True
    confidences = [a.ocr_confidence for a in issue.articles]
    assert all(c is not None and 50 <= c <= 100 for c in confidences), confidences
    assert issue.issue.date == "2024-03-15" and issue.issue.number == "3"


def test_parse_ocr_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --ocr the scan is refused, naming the option; with it the records are written
    and say so, a second run finds them current, and check lists what to proofread."""
    folder = tmp_path / SEED
    folder.mkdir()
    source = folder / "source.pdf"
    shutil.copy(_scan(CLEAN), source)
    cache = ["--cache", str(_cache_root())]
    assert main(["parse", "-q", *cache, str(source)]) == 1
    assert "--ocr" in capsys.readouterr().err
    assert main(["parse", "-q", "--ocr", *cache, str(source)]) == 0
    assert "1 issue(s) written" in capsys.readouterr().err
    records = load_issue(folder / "records.yaml")
    assert records.issue.ocr and all(a.ocr_confidence for a in records.articles)
    assert main(["parse", "-q", "--ocr", *cache, str(source)]) == 0
    assert "1 unchanged" in capsys.readouterr().err
    assert main(["check", "--ocr-threshold", "101", str(folder / "records.yaml")]) == 0
    err = capsys.readouterr().err
    assert f"OCR: {len(records.articles)} article(s) below confidence 101" in err


def _ocrmypdf_page(tmp_path: Path) -> Path:
    """The first page of the straight scan with ocrmypdf's text layer, as an editor may bring."""
    out = cache_dir() / f"{scan_path(_scan_source(), CLEAN).stem}-ocrmypdf-p1.pdf"

    def make(path: Path) -> None:
        page = PdfWriter()
        page.add_page(PdfReader(_scan(CLEAN)).pages[0])
        single = tmp_path / "page1.pdf"
        page.write(single)
        run = ["ocrmypdf", "-q", "-l", "chi_sim", "--output-type", "pdf", "--optimize", "0"]
        subprocess.run([*run, "--jobs", "1", str(single), str(path)], check=True)

    return cached_pdf(out, make)


def test_an_ocrmypdf_text_layer_loses_its_spaces_and_is_read_again_with_ocr(
    tmp_path: Path,
) -> None:
    """Tesseract's text layer (GlyphLessFont) spaces Chinese words apart: the reader joins them
    and warns that its sizes are rough; with --ocr the page is read by OCR instead."""
    layered = _ocrmypdf_page(tmp_path)
    page = read_pdf(layered).pages[0]
    texts = [row.text for row in page.rows]
    assert page.ocr_layer and "重点关注" in texts
    assert not [t for t in texts if re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", t)], texts
    reread = with_ocr(read_pdf(layered, scanned_ok=True), Cache(_cache_root()))
    assert reread.ocr_pages == [1]
    assert "重点关注" in [row.text for row in reread.pages[0].rows]
