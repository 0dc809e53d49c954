"""PDF hard cases: each gets a clear answer, and a bad file never stops the others."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.errors import SourceError
from briefgen.ingest import parse_issue
from briefgen.records import Issue
from conftest import BRIEFINGS, SEED_IDS, parsed
from pdfcache import cache_dir, printed_once
from pdfgen import LAYOUTS, Masthead, render_issue

#: Every test here prints or rewrites a PDF (make test-fast leaves the module out, and with it
#: the import of the PDF printers); files that are no PDF at all: test_ingest_pdf_refused.py.
pytestmark = pytest.mark.slow

MASTHEAD = Masthead(publication="科技快报", year=2024, number=7, date="2024年7月1日")


def _small_issue(**title_changes: str) -> Issue:
    """The first three articles of a seed, with titles replaced as asked (by article id)."""
    issue = parsed(SEED_IDS[0])
    articles = [replace(a, title=title_changes.get(a.id, a.title)) for a in issue.articles[:3]]
    return Issue(issue=issue.issue, articles=articles)


@pytest.fixture(scope="module")
def small_pdf() -> Path:
    # Printed once, then kept with the other test PDFs under a hash of its inputs.
    issue = _small_issue()
    params = (LAYOUTS[0], MASTHEAD)
    return printed_once(
        "small", ["pdfgen.py"], issue, params, lambda out: render_issue(issue, *params, out)
    )


def _rewrite_to_unicode(src: Path, out: Path, change: Callable[[bytes], bytes]) -> Path:
    """A copy of ``src`` whose fonts' ToUnicode maps went through ``change``."""
    writer = PdfWriter(clone_from=PdfReader(src))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            stream = ref.get_object()["/ToUnicode"].get_object()
            stream.set_data(change(stream.get_data()))
    writer.write(out)
    return out


def _error(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        parse_issue(path)
    return str(caught.value)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf_is_refused_clearly(
    small_pdf: Path, tmp_path: Path, algorithm: str
) -> None:
    writer = PdfWriter(clone_from=PdfReader(small_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm=algorithm)
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    message = _error(locked)
    assert message.startswith(f"{locked}: ")
    assert "encrypted with a password" in message and "qpdf" in message


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_empty_user_password_is_opened(
    small_pdf: Path, tmp_path: Path, algorithm: str
) -> None:
    """A PDF published "read-only": an owner password limits copying or printing, none is
    needed to open it. Publishers' tools mostly encrypt such files with AES."""
    writer = PdfWriter(clone_from=PdfReader(small_pdf))
    writer.encrypt(user_password="", owner_password="owner", algorithm=algorithm)
    restricted = tmp_path / "restricted.pdf"
    writer.write(restricted)
    assert PdfReader(restricted).is_encrypted
    titles = [a.title for a in parse_issue(restricted).articles]
    assert titles == [a.title for a in parsed(SEED_IDS[0]).articles[:3]]


def test_scanned_pdf_asks_for_ocr(tmp_path: Path) -> None:
    scan = Image.new("L", (600, 850), 255)
    draw = ImageDraw.Draw(scan)
    for y in range(80, 800, 24):
        draw.rectangle((60, y, 540, y + 10), fill=40)  # lines of "text" as pixels
    buffer = io.BytesIO()
    scan.save(buffer, format="PNG")
    pdf = FPDF(unit="pt", format="A4")
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=595)
    scanned = tmp_path / "scanned.pdf"
    pdf.output(str(scanned))
    message = _error(scanned)
    assert "no text layer on any of its 2 page(s)" in message
    assert "scanned PDF" in message and "OCR" in message


def test_truncated_pdf(small_pdf: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    data = small_pdf.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert "truncated PDF" in _error(cut)


def test_garbled_font_map_is_reported_with_its_page(small_pdf: Path, tmp_path: Path) -> None:
    """A ToUnicode map pointing into the private-use area, as broken CFF fonts give."""

    def to_private_use(data: bytes) -> bytes:
        def swap(match: re.Match[bytes]) -> bytes:
            code, target = match.group(1), int(match.group(2), 16)
            return b"<%s> <%04X>" % (code, 0xE000 + target % 0x1000)

        return re.sub(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", swap, data)

    garbled = _rewrite_to_unicode(small_pdf, tmp_path / "garbled.pdf", to_private_use)
    message = _error(garbled)
    assert message.startswith(f"{garbled}: page 1: the extracted text is garbled")
    assert "unmapped glyph codes" in message and "--ocr" in message
    # Asked to, OCR reads the garbled pages as images (its words kept with the OCR tests').
    read = parse_issue(garbled, ocr=True, cache=Cache(cache_dir() / "ocr-cache"))
    assert read.issue.ocr
    titles = [re.sub(r"\s", "", a.title) for a in read.articles]  # OCR spaces ASML off
    assert titles == [re.sub(r"\s", "", a.title) for a in _small_issue().articles]


def test_page_whose_chinese_collapses_is_named(
    small_pdf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One page's font maps every ideograph to a Latin letter: the page is named."""

    def to_latin(data: bytes) -> bytes:
        def swap(match: re.Match[bytes]) -> bytes:
            target = int(match.group(2), 16)
            latin = 0x61 + target % 26 if 0x4E00 <= target <= 0x9FFF else target
            return b"<%s> <%04X>" % (match.group(1), latin)

        return re.sub(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", swap, data)

    broken = _rewrite_to_unicode(small_pdf, tmp_path / "latin.pdf", to_latin)
    merged = PdfWriter(clone_from=PdfReader(small_pdf))
    merged.add_page(PdfReader(broken).pages[0])
    mixed = tmp_path / "mixed.pdf"
    merged.write(mixed)
    pages = len(PdfReader(mixed).pages)
    with caplog.at_level("WARNING"):
        parse_issue(mixed)
    assert f"page {pages} has hardly any Chinese characters" in caplog.text
    assert "page 1 has" not in caplog.text


@pytest.fixture(scope="module")
def ligatures_pdf() -> Path:
    """The small issue with ligature glyphs and full-width punctuation in its first title."""
    title = "“芯片”法案（修订）：文件ﬁnal与ﬂow"
    issue, params = _small_issue(a01=title), (LAYOUTS[1], MASTHEAD)
    return printed_once(
        "ligatures", ["pdfgen.py"], issue, params, lambda out: render_issue(issue, *params, out)
    )


def test_radicals_ligatures_and_full_width_punctuation(ligatures_pdf: Path, tmp_path: Path) -> None:
    """Fonts that map 文 to the Kangxi radical ⽂, ligature glyphs, full-width punctuation."""
    radicals = _rewrite_to_unicode(
        ligatures_pdf, tmp_path / "radicals.pdf", lambda data: data.replace(b"<6587>", b"<2F42>")
    )
    assert "⽂" in "".join(page.extract_text() for page in PdfReader(radicals).pages)
    article = parse_issue(radicals).articles[0]
    assert article.title == "“芯片”法案（修订）：文件final与flow"
    assert " " not in article.title and "(cid:" not in article.body


def test_ligatures_mapped_to_several_letters(ligatures_pdf: Path, tmp_path: Path) -> None:
    """A ligature's ToUnicode entry that names its letters, as a range (<00660069>: "fi"), and
    as Ghostscript 10.0 writes it when it prints a PDF again (byte-swapped, <66006900>, which
    reads as two ideographs): both give the letters."""

    def as_range(data: bytes) -> bytes:
        data = data.replace(b"<001C> <FB01>\n", b"")
        return data.replace(
            b"endcmap", b"1 beginbfrange\n<001C> <001C> <00660069>\nendbfrange\nendcmap"
        )

    ranged = _rewrite_to_unicode(ligatures_pdf, tmp_path / "range.pdf", as_range)
    swapped = _rewrite_to_unicode(
        ligatures_pdf,
        tmp_path / "gs.pdf",
        lambda data: data.replace(b"<FB01>", b"<66006900>").replace(b"<FB02>", b"<66006c00>"),
    )
    assert "昀椀" in "".join(page.extract_text() for page in PdfReader(swapped).pages)
    for path in (ranged, swapped):
        assert parse_issue(path).articles[0].title == "“芯片”法案（修订）：文件final与flow", path


def test_bad_pdf_does_not_stop_the_others(
    small_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("good-text", "good-pdf", "bad-pdf"):
        (tmp_path / name).mkdir()
    shutil.copy(BRIEFINGS / SEED_IDS[0] / "source.txt", tmp_path / "good-text" / "source.txt")
    shutil.copy(small_pdf, tmp_path / "good-pdf" / "source.pdf")
    (tmp_path / "bad-pdf" / "source.pdf").write_bytes(small_pdf.read_bytes()[:5000])
    assert main(["parse", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad-pdf' / 'source.pdf'}: truncated PDF" in err
    assert "Traceback" not in err
    assert "2 issue(s) written" in err and "1 failed" in err
    assert (tmp_path / "good-pdf" / "records.yaml").exists()
    assert not (tmp_path / "bad-pdf" / "records.yaml").exists()
