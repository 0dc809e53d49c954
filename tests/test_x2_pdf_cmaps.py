"""ToUnicode maps as writers the house printers do not use set them down.

Qt's PDF writer (wkhtmltopdf's, and any Qt application's print to file) maps a font's codes
in one bfrange with an array, ``<0001> <009E> [<4FE1> <606F> …]``: one text per code, where
fpdf2, LibreOffice and the others write bfchar lines or ranges that step from a first text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from briefgen.ingest import parse_issue
from conftest import SEED_IDS, parsed
from pdfcache import printed_once
from pdfgen import LAYOUTS, Masthead, render_issue

pytestmark = pytest.mark.slow

MASTHEAD = Masthead(publication="科技快报", year=2024, number=7, date="2024年7月1日")


def as_arrays(cmap: bytes) -> bytes:
    """The same map with every bfchar entry moved into array bfranges, one per run of
    consecutive codes, as Qt writes them."""
    pairs = sorted(
        (int(code, 16), text.decode())
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL)
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block)
    )
    runs: list[list[tuple[int, str]]] = []
    for code, text in pairs:
        if runs and runs[-1][-1][0] == code - 1:
            runs[-1].append((code, text))
        else:
            runs.append([(code, text)])
    entries = "\n".join(
        f"<{run[0][0]:04X}> <{run[-1][0]:04X}> [{' '.join(f'<{t}>' for _, t in run)}]"
        for run in runs
    )
    cmap = re.sub(rb"\d+ beginbfchar.*?endbfchar\s*", b"", cmap, flags=re.DOTALL)
    ranges = f"{len(runs)} beginbfrange\n{entries}\nendbfrange\n".encode()
    return cmap.replace(b"endcmap", ranges + b"endcmap")


@pytest.fixture(scope="module")
def seed_print() -> Path:
    issue, params = parsed(SEED_IDS[1]), (LAYOUTS[0], MASTHEAD)
    return printed_once(
        "x2-cmaps", ["pdfgen.py"], issue, params, lambda out: render_issue(issue, *params, out)
    )


def _with_maps(print_: Path, out: Path, rewrite: Callable[[bytes], bytes]) -> bytes:
    """Write ``print_`` to ``out`` with every font's ToUnicode map rewritten; the first page's
    maps as written."""
    writer = PdfWriter(clone_from=PdfReader(print_))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            stream = ref.get_object()["/ToUnicode"].get_object()
            stream.set_data(rewrite(stream.get_data()))
    writer.write(out)
    return b"".join(
        ref.get_object()["/ToUnicode"].get_object().get_data()
        for ref in PdfReader(out).pages[0]["/Resources"]["/Font"].values()
    )


def test_a_bfrange_with_an_array_maps_each_code_to_its_own_text(
    seed_print: Path, tmp_path: Path
) -> None:
    qt_like = tmp_path / "arrays.pdf"
    data = _with_maps(seed_print, qt_like, as_arrays)
    assert re.search(rb"<[0-9A-F]{4}> <[0-9A-F]{4}> \[<[0-9A-F]{4}> <[0-9A-F]{4}>", data)
    assert b"beginbfchar" not in data
    assert parse_issue(qt_like).articles == parse_issue(seed_print).articles


@pytest.fixture(scope="module")
def shared_print() -> Path:
    """A seed whose first title holds 户, 胶, · and ①: characters Noto CJK SC draws with the
    glyph of the Kangxi radical ⼾, the Extension A 㬵, the katakana middle dot ・, ➀."""
    seed = parsed(SEED_IDS[1])
    first = replace(seed.articles[0], title="冯·诺依曼硅橡胶电极的用户①")
    issue, params = replace(seed, articles=[first, *seed.articles[1:3]]), (LAYOUTS[0], MASTHEAD)
    return printed_once(
        "x2-shared", ["pdfgen.py"], issue, params, lambda out: render_issue(issue, *params, out)
    )


def test_glyphs_named_by_their_lowest_code_point_read_as_the_common_character(
    shared_print: Path, tmp_path: Path
) -> None:
    """Qt names a glyph by the lowest code point that maps to it: 户 comes out as the radical
    ⼾ (whose decomposition is the traditional 戶), 胶 as 㬵; xdvipdfmx names · as ・, ① as
    ➀."""
    writer = PdfWriter(clone_from=PdfReader(shared_print))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            stream = ref.get_object()["/ToUnicode"].get_object()
            data = stream.get_data().replace(b"<6237>", b"<2F3E>").replace(b"<80F6>", b"<3B35>")
            data = data.replace(b"<00B7>", b"<30FB>").replace(b"<2460>", b"<2780>")
            stream.set_data(data)
    lowest = tmp_path / "lowest.pdf"
    writer.write(lowest)
    shown = PdfReader(lowest).pages[0].extract_text()
    assert all(ch in shown for ch in "⼾㬵・➀")
    assert parse_issue(lowest).articles[0].title == "冯·诺依曼硅橡胶电极的用户①"


def _spaced(cmap: bytes) -> bytes:
    """The same map with white space inside each text's hex string, as PDFKit and pdfmake
    write a ligature's ``<0066 0066 0069>`` (and here every text: ``<4E 2D>``)."""
    return re.sub(
        rb"(?<=[\s\[])<([0-9A-Fa-f]{4,})>(?=[\s\]])",
        lambda hex_: b"<" + b" ".join(re.findall(rb"..", hex_.group(1))) + b">",
        cmap,
    )


@pytest.mark.parametrize("arrays", [False, True])
def test_white_space_inside_a_maps_hex_strings_is_ignored(
    seed_print: Path, tmp_path: Path, arrays: bool
) -> None:
    """Before, an entry with a space inside its text was read as no entry: in an array every
    later code of its range read the next glyph's text ("3月15日" as "3月5日", "Office" as
    "O�e"), and PDFKit's prints in Noto CJK were refused or silently wrong."""
    spaced = tmp_path / "spaced.pdf"
    data = _with_maps(seed_print, spaced, lambda cmap: _spaced(as_arrays(cmap) if arrays else cmap))
    assert re.search(rb"<[0-9A-F]{2} [0-9A-F]{2}>", data)
    assert parse_issue(spaced).articles == parse_issue(seed_print).articles
