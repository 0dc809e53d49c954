"""Hostile inputs for the tests and the fuzz campaign: broken records, odd names, tiny PDFs."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_ISSUE = "2024-08-chips-act-review"
SEED_RECORDS = ROOT / "briefings" / SEED_ISSUE / "records.yaml"
SEED_SOURCE = ROOT / "briefings" / "2024-01-jiwei-semiconductors" / "source.txt"


def seed_records() -> str:
    """A valid record file as briefgen writes it (hash header included)."""
    return SEED_RECORDS.read_text(encoding="utf-8")


def seed_source() -> str:
    return SEED_SOURCE.read_text(encoding="utf-8")


def minimal_records(issue_id: str = "good-issue", **article: object) -> str:
    """A small valid record file; ``article`` fields replace the first article's defaults."""
    fields: dict[str, object] = {
        "id": "a1",
        "section": "政策计划",
        "title": "美国发布芯片法案实施细则",
        "tags": ["芯片"],
        "authors": ["王丽"],
        "body": "据报道，美国商务部发布细则[^1]。",
        "footnotes": [{"n": 1, "url": "https://example.org/a", "title": None}],
    }
    fields.update(article)
    data = {
        "issue": {
            "id": issue_id,
            "source": "source.txt",
            "source_sha256": "0" * 64,
            "publication": "测试快报",
            "number": "1",
            "date": "2024-03-01",
            "date_inferred": False,
            "title_en": None,
        },
        "articles": [fields],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def tiny_pdf(
    cmap_ranges: str, text_hex: str = "00010002", codespace: str = "<0000> <FFFF>"
) -> bytes:
    """A one-page PDF whose Type0 font's encoding is an embedded CMap with ``cmap_ranges``
    and ``codespace``.

    Two kilobytes by hand, so a test can declare a range of billions of codes.
    """
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        f"1 begincodespacerange {codespace} endcodespacerange "
        f"{cmap_ranges} endcmap end end"
    ).encode()
    to_unicode = b"1 beginbfrange <0000> <00FF> <4E00> endbfrange"
    content = f"BT /F1 12 Tf 72 700 Td <{text_hex}> Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding 6 0 R /ToUnicode 7 0 R "
        b"/DescendantFonts [8 0 R] >>",
        _stream(b"", content),
        _stream(b"/Type /CMap /CMapName /X ", cmap),
        _stream(b"", to_unicode),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    ]
    return _assembled(objects)


def many_fonts_pdf(count: int, encoding: str, widths: str = "", to_unicode: bytes = b"") -> bytes:
    """A one-page PDF showing one character in each of ``count`` Type0 fonts named by
    ``encoding`` (a CMap's name), whose CID fonts have the /W array ``widths`` (``{k}`` in
    it the font's number: fonts whose arrays differ); with ``to_unicode``, that is the
    ToUnicode stream all of them share."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    names = " ".join(f"/F{k} {6 + 2 * k} 0 R" for k in range(count))
    objects.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << %s >> >> /Contents 4 0 R >>" % names.encode()
    )
    shows = "".join(
        f"BT /F{k} 12 Tf 72 {700 - k % 50 * 12} Td <4E2D> Tj ET\n" for k in range(count)
    )
    objects.append(_stream(b"", shows.encode()))
    objects.append(_stream(b"", to_unicode or b"1 beginbfchar <4E2D> <4E2D> endbfchar"))
    for k in range(count):
        objects.append(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /ToUnicode 5 0 R "
            b"/DescendantFonts [%d 0 R] /Encoding /%s >>" % (len(objects) + 2, encoding.encode())
        )
        objects.append(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 /W [%s] >>"
            % widths.format(k=k).encode()
        )
    return _assembled(objects)


def nested_forms_pdf(levels: int, fan: int) -> bytes:
    """A one-page PDF that draws a form ``fan`` times, which draws another ``fan`` times,
    ``levels`` deep, the last showing one letter: a few KB, ``fan ** levels`` drawings."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /X0 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"", b" ".join([b"/X0 Do"] * fan)),
    ]
    for level in range(levels):  # object 5 + level draws object 6 + level
        last = level == levels - 1
        body = b"BT /F1 12 Tf 72 700 Td (x) Tj ET" if last else b" ".join([b"/X0 Do"] * fan)
        inner = (
            b"/Font << /F1 %d 0 R >>" % (6 + level)
            if last
            else b"/XObject << /X0 %d 0 R >>" % (6 + level)
        )
        objects.append(
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >> " % inner,
                body,
            )
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _assembled(objects)


def self_drawn_form_pdf(fan: int) -> bytes:
    """A one-page PDF that draws a form of no resources of its own, which draws the form the
    page's resources name (itself) ``fan`` times: a few hundred bytes, drawn ``fan`` times
    deeper and deeper until the reader stops."""
    return _assembled(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /X0 5 0 R >> >> /Contents 4 0 R >>",
            _stream(b"", b"/X0 Do"),
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] ",
                b" ".join([b"/X0 Do"] * fan),
            ),
        ]
    )


def depth_cut_forms_pdf(fan: int) -> bytes:
    """A one-page PDF that draws form C, which draws itself and then form X, which draws
    itself ``fan`` times (neither has resources of its own). Drawn deepest first, X is cut
    off by the reader's depth limit and draws little; drawn from the page it draws
    ``fan`` times more at each level."""
    return _assembled(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /C 5 0 R /X 6 0 R >> >> /Contents 4 0 R >>",
            _stream(b"", b"/C Do"),
            _stream(_FORM, b"/C Do /X Do"),
            _stream(_FORM, b" ".join([b"/X Do"] * fan)),
        ]
    )


def direct_forms_pdf(fan: int) -> bytes:
    """A one-page PDF that draws two forms written inside its resources (no object numbers
    of their own), D1 then D2. Each draws form K (no resources of its own), whose name Y is
    D1's small form, but in D2's resources form Z, which draws itself ``fan`` times."""

    def direct(resources: bytes, body: bytes) -> bytes:
        return b"<< %s/Resources %s /Length %d >>\nstream\n%s\nendstream" % (
            _FORM,
            resources,
            len(body),
            body,
        )

    small = direct(b"<< /XObject << /K 6 0 R /Y 7 0 R >> >>", b"/K Do")
    large = direct(b"<< /XObject << /K 6 0 R /Y 5 0 R >> >>", b"/K Do")
    return _assembled(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
            b"<< /D1 " + small + b" /D2 " + large + b" >> >> /Contents 4 0 R >>",
            _stream(b"", b"/D1 Do /D2 Do"),
            _stream(_FORM, b" ".join([b"/Y Do"] * fan)),
            _stream(_FORM, b"/Y Do"),
            _stream(_FORM, b"n"),
        ]
    )


_FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "


def _assembled(objects: list[bytes]) -> bytes:
    """The PDF file of ``objects`` (numbered from 1; the first the catalog)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(extra: bytes, data: bytes) -> bytes:
    return b"<< " + extra + b"/Length %d >>stream\n" % len(data) + data + b"\nendstream"
