"""CID fonts named by a predefined CMap and sent without a Unicode map (pdf_cmaps.py).

iText and ReportLab set Chinese in STSong-Light, a font the reader supplies: the PDF names the
face, its collection and a predefined CMap (UniGB-UCS2-H), and has no ToUnicode map. Acrobat,
old Office printers and Chinese report writers name a national one: GBK-EUC-H, Big Five,
Shift-JIS, KS X 1001. Before, every page in any but the Unicode ones was refused as garbled,
and the Unicode ones were read with every glyph an em wide.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import CIDFont, UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

import cmapgen
import rlgen
from briefgen.ingest import pdf_cmaps
from briefgen.ingest.pdf import read_pdf
from briefgen.records import Article
from conftest import parsed
from pdfcache import printed_once
from pdfgen import SUBSCRIPTS
from producers import MASTHEAD, parsed_pdf

pytestmark = pytest.mark.slow  # prints with reportlab (cached between runs)

#: ReportLab lays a named CMap's text out by the CMap's own file: poppler-data's.
rl_config.CMapSearchPath.append(str(pdf_cmaps.FILES))

#: (face, CMap, codec, lines): every collection's national CMaps. Each has ASCII letters and
#: digits, the encoding's full-width forms and its punctuation.
PRINTS = [
    ("STSong-Light", "GB-EUC-H", "gb2312", ["美国商务部发布出口管制新规", "2024年第3期（ＢＩＳ）"]),
    ("STSong-Light", "GBK-EUC-H", "gbk", ["半導體與韓國：GBK 有繁體字", "HBM 与 EUV，5 nm。"]),
    ("STSong-Light", "GBKp-EUC-H", "gbk", ["光刻机 export control 2024", "（执笔：沈湘 王丽）"]),
    ("STSong-Light", "GBK2K-H", "gb18030", ["国家先进封装制造计划（NAPMP）", "第 12 页"]),
    ("MSung-Light", "B5pc-H", "cp950", ["美國商務部發布出口管制新規", "2024年第3期"]),
    ("MSung-Light", "ETen-B5-H", "cp950", ["臺灣積體電路製造公司 TSMC", "（執筆：王麗）"]),
    ("HeiseiMin-W3", "90ms-RKSJ-H", "cp932", ["経済産業省は輸出管理を強化した", "2024年10月"]),
    ("HeiseiMin-W3", "EUC-H", "euc_jp", ["半導体の国産化 Rapidus", "ＮＥＤＯ 第3期"]),
    ("HYSMyeongJo-Medium", "KSC-EUC-H", "euc_kr", ["반도체 수출 규제", "2024년 SK hynix"]),
    ("HYSMyeongJo-Medium", "KSCms-UHC-H", "cp949", ["삼성전자 HBM 공급", "제3호"]),
]
UNICODE_PRINTS = [
    ("STSong-Light", ["美国商务部发布出口管制新规", "HBM 与 EUV，5 nm。"]),
    ("MSung-Light", ["美國商務部發布出口管制新規", "TSMC 2024"]),
    ("HeiseiMin-W3", ["経済産業省は輸出管理を強化した", "Rapidus 2024"]),
    ("HYSMyeongJo-Medium", ["반도체 수출 규제", "SK hynix 2024"]),
]
SIZE = 12
#: CMaps ReportLab cannot print in, and the one it prints their codes in: GBKp-EUC-H's codes
#: are GBK-EUC-H's (its ASCII glyphs proportional), GB 18030's two-byte ones GBK's.
WRITTEN_AS = {"GBKp-EUC-H": "GBK-EUC-H", "GBK2K-H": "GBK-EUC-H"}


def _print_lines(out: Path, font: str, lines: list[str], codec: str | None) -> Path:
    """``lines`` one under another in ``font``; with ``codec``, each string is handed to
    ReportLab already in that encoding (its non-Unicode CID fonts take bytes)."""
    canvas = Canvas(str(out))
    for k, line in enumerate(lines):
        canvas.setFont(font, SIZE)
        text = line.encode(codec).decode("latin-1") if codec else line
        canvas.drawString(72, 760 - 30 * k, text)
    canvas.save()
    return out


def _rows(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, x, width) of each row of the first page's single run."""
    page = read_pdf(pdf).pages[0]
    return [(row.runs[0].text, row.runs[0].x, row.runs[0].width) for row in page.rows]


def _poppler_line_ends(pdf: Path) -> list[float]:
    """Where poppler finds each line of the first page ends, top line first: the right edge
    of its last word (``pdftotext -bbox``), by poppler's own reading of the CMap and widths."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    ends: dict[float, float] = {}
    for y, x_max in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)"', html):
        line = round(float(y))
        ends[line] = max(ends.get(line, 0.0), float(x_max))
    return [ends[y] for y in sorted(ends)]


@pytest.mark.parametrize(("face", "cmap", "codec", "lines"), PRINTS, ids=[p[1] for p in PRINTS])
def test_a_font_named_by_a_national_cmap_reads_as_typed_at_its_printed_widths(
    tmp_path: Path, face: str, cmap: str, codec: str, lines: list[str]
) -> None:
    """The codes are read by the encoding's codec (an ASCII "2" stays ASCII, where the
    collection's CID for it is a full-width glyph), and each line ends where poppler, reading
    the same CMap and widths, finds it ends."""
    font = CIDFont(face, WRITTEN_AS.get(cmap, cmap))
    pdfmetrics.registerFont(font)
    pdf = _print_lines(tmp_path / "lines.pdf", font.fontName, lines, codec)
    if cmap in WRITTEN_AS:
        pdf = cmapgen.renamed(pdf, tmp_path / "renamed.pdf", cmap)
    rows = _rows(pdf)
    assert [text for text, _x, _w in rows] == lines
    ends = [x + width for _text, x, width in rows]
    assert ends == pytest.approx(_poppler_line_ends(pdf), abs=0.05)


@pytest.mark.parametrize(("face", "lines"), UNICODE_PRINTS, ids=[p[0] for p in UNICODE_PRINTS])
def test_a_font_named_by_a_unicode_cmap_reads_at_its_printed_widths(
    tmp_path: Path, face: str, lines: list[str]
) -> None:
    """UniGB-UCS2-H and its kin read as before, but each glyph at its CID's width: a Latin
    letter is no longer taken for an em wide (the line's end was placed far past where it is
    printed)."""
    pdfmetrics.registerFont(UnicodeCIDFont(face))
    rows = _rows(_print_lines(tmp_path / "lines.pdf", face, lines, None))
    assert [text for text, _x, _w in rows] == lines
    for (_text, _x, width), line in zip(rows, lines, strict=True):
        # ReportLab's Unicode CID fonts measure by the same CMap and widths they write.
        assert width == pytest.approx(pdfmetrics.stringWidth(line, face, SIZE), abs=0.01)


def test_a_first_byte_of_codes_of_two_lengths_reads_the_shortest_that_fits() -> None:
    """As the PDF reference matches codespaces: a code is the shortest range every byte of
    which it fits, in whichever order the ranges are listed."""
    listed = b"begincodespacerange <81308130> <FE39FE39> <00> <7F> <8140> <FEFE> endcodespacerange"
    leads, longest, shared = pdf_cmaps.codespace(listed)
    assert (leads[0x41], leads[0x81], longest) == (1, 2, 4)
    spans = shared[0x81]
    assert pdf_cmaps.code_length(b"\x81\x40\x41", 0, spans, 2) == 2
    assert pdf_cmaps.code_length(b"\x81\x39\xee\x39", 0, spans, 2) == 4
    assert pdf_cmaps.code_length(b"\x81\x39", 0, spans, 2) == 2  # cut short: the default


@pytest.mark.parametrize("files", ["installed", "missing"])
def test_gb_18030s_four_byte_codes_read_beside_its_two_byte_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: str
) -> None:
    """GB 18030's four-byte codes (here "㐀", of CJK Extension A) begin with the bytes its
    two-byte ones do; the second byte tells them apart, as the CMap's codespace (or, without
    the file, the encoding) says. They were split as two two-byte codes."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = ["国家先进封装㐀计划（NAPMP）", "第 12 页"]
    unicode = _print_lines(tmp_path / "ucs2.pdf", "STSong-Light", lines, None)
    pdf = cmapgen.recode(unicode, tmp_path / "gb18030.pdf", "GBK2K-H", "gb18030")
    shown = PdfReader(pdf).pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert b"<" in shown and b"8139ee39" in shown  # "㐀", four bytes, in a hex string
    if files == "missing":
        monkeypatch.setattr(pdf_cmaps, "FILES", tmp_path / "no-poppler-data")
    pdf_cmaps.predefined_cmap.cache_clear()
    try:
        rows = _rows(pdf)
    finally:
        pdf_cmaps.predefined_cmap.cache_clear()
    assert [text for text, _x, _w in rows] == lines
    if files == "installed":
        ends = [x + width for _text, x, width in rows]
        assert ends == pytest.approx(_poppler_line_ends(pdf), abs=0.05)


def test_without_the_cmap_files_the_text_still_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where poppler-data is missing, the codec alone reads the codes (at the font's default
    width, its file being what says which CID each code is)."""
    font = CIDFont("STSong-Light", "GBK-EUC-H")
    pdfmetrics.registerFont(font)
    lines = ["美国商务部发布出口管制新规", "HBM 与 EUV，5 nm。"]
    pdf = _print_lines(tmp_path / "lines.pdf", font.fontName, lines, "gbk")
    monkeypatch.setattr(pdf_cmaps, "FILES", tmp_path / "no-poppler-data")
    pdf_cmaps.predefined_cmap.cache_clear()
    try:
        assert [text for text, _x, _w in _rows(pdf)] == lines
    finally:
        pdf_cmaps.predefined_cmap.cache_clear()


def test_a_vertical_cmap_reads_its_horizontal_ones_codes_through_the_cmap_it_uses() -> None:
    """GBK-EUC-V holds only its vertical forms and names GBK-EUC-H for the rest (usecmap):
    its codes split and map as that one's, but for the forms it sets upright."""
    across, down = (pdf_cmaps.predefined_cmap(f"GBK-EUC-{d}") for d in "HV")
    assert across is not None and down is not None and down.to_cid and across.to_cid
    assert (down.lead_bytes, down.code_bytes, down.codec) == (across.lead_bytes, 2, "gbk")
    changed = {code for code, cid in down.to_cid.items() if across.to_cid.get(code) != cid}
    assert 0 < len(changed) < 100 and 0xA1A3 in changed  # "。" turns for vertical text
    assert down.to_cid[0xC3C0] == across.to_cid[0xC3C0]  # "美" does not


@pytest.mark.parametrize(
    "name", ["../Adobe-GB1/GBK-EUC-H", "../../../etc/passwd", "GBK-EUC-H/../x", "", "Identity-H"]
)
def test_a_cmap_name_that_is_no_file_name_reads_no_file(name: str) -> None:
    """The name comes from the PDF: one that would leave poppler-data's folder is no CMap."""
    assert pdf_cmaps.predefined_cmap(name) is None


def _record(article: Article) -> tuple[object, ...]:
    notes = tuple(note.url for note in article.footnotes)
    body = re.sub(r"\s+", "", article.body).translate(SUBSCRIPTS)  # printed plain (pdfgen)
    return (article.section, re.sub(r"\s+", "", article.title), article.authors, notes, body)


def _printed(issue_id: str, cmap: str | None) -> Path:
    """A seed printed by ReportLab in STSong-Light (UniGB-UCS2-H), or that print with its
    strings in ``cmap`` (GBK)."""
    issue = parsed(issue_id)
    layout = replace(rlgen.layout_for(issue_id, 12), font="STSong-Light")
    code = ("rlgen.py", "pdfgen.py", "cmapgen.py")

    def make(out: Path) -> None:
        if cmap is None:
            rlgen.render_issue(issue, layout, MASTHEAD, out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                unicode = rlgen.render_issue(issue, layout, MASTHEAD, Path(tmp) / "ucs2.pdf")
                cmapgen.recode(unicode, out, cmap, "gbk")

    return printed_once(f"{issue_id}-reportlab-{cmap or 'ucs2'}", code, issue, (layout, cmap), make)


@pytest.mark.parametrize("cmap", [None, "GBK-EUC-H", "GBKp-EUC-H"])
@pytest.mark.parametrize("issue_id", ["2024-07-jiwei-chips", "2024-03-casdc-tech-policy"])
def test_an_issue_in_a_font_the_reader_supplies_reads_as_its_text(
    issue_id: str, cmap: str | None
) -> None:
    """Every article whole: section, title, authors, note addresses and body; in GBK, the
    characters it lacks as the forms of them it has (Greek "μ" for the micro sign "µ", the
    full-width "￡" for "£"), as a producer in GBK prints them."""
    got = parsed_pdf(_printed(issue_id, cmap)).articles
    want = parsed(issue_id).articles
    gbk = str.maketrans("µ£", "μ￡") if cmap else {}
    assert [_record(a) for a in got] == [
        _record(replace(a, body=a.body.translate(gbk))) for a in want
    ]
