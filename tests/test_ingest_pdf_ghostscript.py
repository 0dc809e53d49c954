"""Prints distilled again by Ghostscript's pdfwrite (what ps2pdf and CUPS-PDF write), a
producer no other test prints with. Ghostscript 10.0 damages the fonts' Unicode maps as it
goes: it drops the map of a one-byte font that had an entry of several letters (LibreOffice's
Type 1 subsets, their glyphs then named "/cid20888"), rewrites the ranges of a CID font's map
into wrong characters (XeLaTeX's: "、" read as "1"), and writes a three-letter ligature's
entry with its last two letters summed into one unit. A file whose text it lost or falsified
is refused, naming the page; one it only mangled reads as the producer's own print does.
"""

from __future__ import annotations

import hashlib
import resource
import subprocess
from pathlib import Path

import pytest
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from briefgen.errors import SourceError
from briefgen.ingest import parse_issue
from briefgen.ingest.pdf_glyphs import UNMAPPED, font_codes, glyph_name_text, misread_codes
from conftest import parsed
from pdfcache import printed_once
from producers import parsed_pdf, seed_pdfs

pytestmark = pytest.mark.slow  # prints PDFs (kept in the print cache) and distils them again

#: What Ghostscript may take: 10.0 grew past 20 GB on one 9 MB WeasyPrint print.
GS_MEMORY = 4 * 2**30
GS_PDFWRITE = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite"]


def _distilled(issue_id: str, producer: str) -> Path:
    """``producer``'s print of the seed issue, distilled again by Ghostscript (kept in the
    print cache under the print's own bytes)."""
    source = seed_pdfs([issue_id], [producer])[(issue_id, producer)]

    def distil(out: Path) -> None:
        subprocess.run(
            [*GS_PDFWRITE, f"-sOutputFile={out}", str(source)],
            check=True,
            timeout=300,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (GS_MEMORY, GS_MEMORY)),
        )

    # Keyed on this module (the distilling command) and the print's own bytes.
    printed = hashlib.sha256(source.read_bytes()).hexdigest()
    name, code = f"{issue_id}-{producer}-ghostscript", [Path(__file__).name]
    return printed_once(name, code, parsed(issue_id), printed, distil)


def test_glyph_names_read_by_the_adobe_glyph_list_rules() -> None:
    assert glyph_name_text("/fi") == "ﬁ"
    assert glyph_name_text("/f_i") == "fi"
    assert glyph_name_text("/uni4E2D") == "中"
    assert glyph_name_text("/uni4E2D56FD") == "中国"
    assert glyph_name_text("/u1F600") == "😀"
    assert glyph_name_text("/a.sc") == "a"
    for unknown in ("/cid20888", "/g12", "/.notdef", "/uniD800", "/glyph"):
        assert glyph_name_text(unknown) is None, unknown


@pytest.mark.parametrize(("subtype", "read"), [("/Type1", UNMAPPED * 2 + "C"), ("/Type3", "ABC")])
def test_a_glyph_name_no_reader_knows_is_unmapped_but_in_a_type3_font(
    subtype: str, read: str
) -> None:
    """Ghostscript leaves "/cid20888" where it dropped a Type 1 font's map: the base
    encoding's "A" at that code would be a wrong letter. A Type 3 font names its glyphs as it
    likes, most often at their letters' codes: those still read as the base encoding has them."""
    renamed = ArrayObject([NumberObject(65), NameObject("/cid20888"), NameObject("/g66")])
    font = DictionaryObject(
        {
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Encoding"): DictionaryObject({NameObject("/Differences"): renamed}),
        }
    )
    assert "".join(text for text, *_ in font_codes(font).decode(b"ABC")) == read


def test_a_libreoffice_print_whose_maps_ghostscript_dropped_is_refused() -> None:
    """Read as the base encoding's letters, the codes made a record of wrong text with no
    error: 13 of 19 footnote URLs and 3 of 19 bodies right (measured 2026-12-02)."""
    path = _distilled("2024-03-jiwei-microelectronics", "libreoffice")
    with pytest.raises(SourceError) as refused:
        parse_issue(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: page ")
    assert "garbled" in message and "no usable Unicode map" in message and "--ocr" in message


def test_full_em_glyphs_read_as_narrow_latin_letters_in_a_cjk_font_are_misread() -> None:
    """Ghostscript's rewritten ranges in a font of ideographs: "、" and "。" (full em) read as
    "1" and "2", "功" as "ß". A Latin face's wide letters ("W", "Æ") are no evidence, nor is
    a CJK font's own half-width "1"."""
    text = dict(enumerate("中国科技政策快报。", start=10)) | {
        1: "1",
        2: "ß",
        3: "W",
        4: "%",
        5: "1",
    }
    widths = {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.92, 5: 0.55}
    assert misread_codes(text, widths, 1.0) == {1, 2}
    latin = {1: "A", 2: "Æ", 3: "1", 4: "中"}
    assert misread_codes(latin, {1: 0.67, 2: 1.0, 3: 1.0, 4: 1.0}, 1.0) == set()


def test_a_xelatex_print_whose_cjk_map_ghostscript_rewrote_is_refused() -> None:
    """Its CJK font's map reads 18 full-em glyphs as "0", "1", "2", "O", "P"...: too few per
    page to look garbled, the issue parsed with every body wrong and no error (measured
    2026-12-02: sections, titles and notes right, 0 of 13 bodies)."""
    path = _distilled("2024-03-casdc-tech-policy", "xelatex")
    with pytest.raises(SourceError) as refused:
        parse_issue(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: page 1: the extracted text is wrong: font ")
    assert "full-width glyphs as narrow Latin letters" in message and "--ocr" in message


def test_a_weasyprint_print_through_ghostscript_keeps_its_ffi_ligatures() -> None:
    """ "ffi" written as <6600cf00>: read as "f" and an unmapped code, it cut a footnote's URL
    short at "ucsb.edu/2024/021572/" and moved the rest into the note's text."""
    issue_id = "2024-08-chips-act-review"
    path = _distilled(issue_id, "weasyprint")
    got, want = parsed_pdf(path).articles, parsed(issue_id).articles
    assert [a.id for a in got] == [a.id for a in want]
    for article, expected in zip(got, want, strict=True):
        assert [n.url for n in article.footnotes] == [n.url for n in expected.footnotes]
        assert [n.title for n in article.footnotes] == [n.title for n in expected.footnotes]
        assert article.source_urls == expected.source_urls
    assert any("ffi" in n.url for a in got for n in a.footnotes if n.url)


def test_a_joined_two_em_dash_through_ghostscript_reads_as_the_two_dashes() -> None:
    """Ghostscript writes the map of WeasyPrint's joined "——" as <20141414>: read as written,
    "—ᐔ" stood in the body where the issue has "——"."""
    issue_id = "2024-08-chips-act-review"
    got = parsed_pdf(_distilled(issue_id, "weasyprint")).articles
    want = parsed(issue_id).articles
    assert [a.body.count("——") for a in got] == [a.body.count("——") for a in want]
    assert sum(a.body.count("——") for a in got) >= 1
    assert not any("\u1414" in a.body for a in got)
