"""Content streams read into operations (``pdf_operations``): what pypdf's ContentStream reads
from the prints of every producer and from random streams, the PDF reference where pypdf
departs from it, and hostile streams refused or read in bounded work."""

from __future__ import annotations

import random

import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError
from pypdf.generic import (
    BooleanObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NullObject,
    TextStringObject,
)

from briefgen.ingest import pdf_operations
from briefgen.ingest.pdf_operations import TooManyTokens, operations_of, read_operations
from producers import PRODUCERS, seed_pdfs

ISSUE = "2024-03-casdc-tech-policy"


def _plain(value: object) -> object:
    """An operand as a comparable value, whichever reader gave it."""
    if isinstance(value, TextStringObject):
        return ("string", bytes(value.original_bytes))
    if isinstance(value, bytes):
        return ("string", bytes(value))
    if isinstance(value, (bool, BooleanObject)):
        return ("bool", bool(value))
    if value is None or isinstance(value, NullObject):
        return ("null",)
    if isinstance(value, NameObject):
        return ("name", str(value))
    if isinstance(value, (int, float)):
        return ("number", float(value))
    if isinstance(value, DictionaryObject):
        return ("dict", {str(k): _plain(v) for k, v in value.items()})
    if isinstance(value, list):
        return ("array", [_plain(v) for v in value])
    raise AssertionError(f"an operand of no known kind: {value!r}")


def _plain_operations(operations: list) -> list:
    return [([_plain(v) for v in operands], operator) for operands, operator in operations]


def _pypdf(data: bytes) -> list:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return _plain_operations(ContentStream(stream, None).operations)


@pytest.mark.slow
def test_every_producers_pages_read_as_pypdf_reads_them() -> None:
    """The first two pages of the issue as each producer prints it, and the forms they draw:
    the same operators with the same operands as pypdf's."""
    streams = 0
    for path in seed_pdfs([ISSUE], PRODUCERS).values():
        reader = PdfReader(path)
        for page in reader.pages[:2]:
            contents = page.get_contents()
            assert contents is not None
            found = [contents]
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources is not None else None
            for ref in xobjects.get_object().values() if xobjects is not None else []:
                if ref.get_object().get("/Subtype") == "/Form":
                    found.append(ref.get_object())
            for stream in found:
                ours = _plain_operations(operations_of(stream, reader))
                assert ours == _plain_operations(ContentStream(stream, reader).operations), path
                streams += 1
    assert streams >= 2 * len(PRODUCERS)


def _random_operand(rng: random.Random, depth: int = 0) -> bytes:
    kind = rng.choice(
        ["int", "real", "name", "string", "hex", "array", "dict"][: 7 - 2 * (depth > 1)]
    )
    if kind == "int":
        return str(rng.randint(-5000, 5000)).encode()
    if kind == "real":
        return rng.choice([b"%.3f", b"%.1f", b"%.0f."]) % rng.uniform(-900, 900)
    if kind == "name":
        return b"/" + rng.choice([b"F1", b"TT0", b"Span", b"A#20B", b"P", b"MCID", b"X#2f1"])
    if kind == "string":
        parts = [
            b"abc",
            b"\\(",
            b"\\)",
            b"\\\\",
            b"\\n",
            b"\\101",
            b"\\7",
            b"(in)",
            b"\xe4\xb8\xad",
        ]
        parts += [b"\\\n", b"\\r", b" ", b"\x00\x2d"]
        return b"(" + b"".join(rng.choice(parts) for _ in range(rng.randint(0, 6))) + b")"
    if kind == "hex":
        digits = "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(rng.randint(0, 9)))
        return b"<" + digits.encode() + rng.choice([b"", b" ", b"\n"]) + b">"
    if kind == "array":
        items = [_random_operand(rng, depth + 1) for _ in range(rng.randint(0, 5))]
        return b"[" + rng.choice([b"", b" "]).join(items) + b"]"
    pairs = [
        b"/MCID " + str(rng.randint(0, 99)).encode(),
        b"/ActualText (" + rng.choice([b"x", b"\xfe\xff\x4e\x2d", b"\\(1\\)"]) + b")",
        b"/Lang (zh-CN)",
        b"/Alt <FEFF0041>",
    ]
    return b"<<" + b" ".join(rng.sample(pairs, rng.randint(0, 3))) + b">>"


@pytest.mark.parametrize("seed", range(4))
def test_random_streams_read_as_pypdf_reads_them(seed: int) -> None:
    """Streams of random operands and operators (fixed seeds), spaced by any of the PDF's
    white-space characters and comments, or by none where a delimiter allows."""
    rng = random.Random(seed)
    operators = [b"Tj", b"TJ", b"Tf", b"Td", b"cm", b"BDC", b"EMC", b"'", b'"', b"T*", b"re", b"f*"]
    spaces = [b" ", b"\n", b"\r\n", b"\t", b"\x0c", b"\x00", b" % a comment\n", b"  "]
    for _ in range(60):
        tokens = []
        for _ in range(rng.randint(1, 40)):
            tokens += [_random_operand(rng) for _ in range(rng.randint(0, 4))]
            tokens.append(rng.choice(operators))
        data = b"".join(token + rng.choice(spaces) for token in tokens)
        assert _plain_operations(read_operations(data)) == _pypdf(data), data


@pytest.mark.parametrize(
    "data, operands",
    [
        # PDF reference 7.3.4.2: an unknown escape drops its backslash (pypdf keeps it) …
        (b"(a\\qb) Tj", [b"aqb"]),
        # … an octal escape keeps its low eight bits (pypdf reads "\777" as four characters) …
        (b"(\\777\\0101) Tj", [b"\xff\x081"]),
        # … balanced parentheses are part of the string, an escaped line end is no character.
        (b"(a(b)c\\\r\nd) Tj", [b"a(b)cd"]),
        (b"<4E2> Tj", [b"\x4e\x20"]),
        (b"<4e 2D\n00> Tj", [b"\x4e\x2d\x00"]),
        (b"/A#20B#zz Do", ["/A B#zz"]),
        (b"[(a) -250 (b) 1.5 [true null]] TJ", [[b"a", -250, b"b", 1.5, [True, None]]]),
        (b"12 .5 -.25 3. +4 1,5 Td", [12, 0.5, -0.25, 3.0, 4, 0]),
    ],
)
def test_operands_read_as_the_pdf_reference_says(data: bytes, operands: list) -> None:
    ((found, operator),) = read_operations(data)
    assert found == operands and operator == data.split()[-1]


def test_marked_content_properties_are_a_dictionary_with_their_text() -> None:
    ((operands, operator),) = read_operations(b"/Span<</ActualText(\xfe\xff\x00x)/MCID 3>>BDC")
    assert operator == b"BDC" and operands[0] == "/Span"
    assert isinstance(operands[1], DictionaryObject)
    assert str(operands[1]["/ActualText"]) == "x" and operands[1]["/MCID"] == 3


def test_a_stream_with_an_inline_image_is_read_whole_by_pypdf() -> None:
    """The image's data may hold any byte, "(" and "]" too: pypdf finds where it ends."""
    data = b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x28\x5d EI Q BT /F1 9 Tf (after) Tj ET"
    stream = DecodedStreamObject()
    stream.set_data(data)
    operators = [operator for _, operator in operations_of(stream, None)]
    assert operators == [b"q", b"INLINE IMAGE", b"Q", b"BT", b"Tf", b"Tj", b"ET"]


@pytest.mark.parametrize(
    "data, error",
    [
        (b"(never closed Tj", PdfStreamError),
        (b"1 2 ] Td", PdfReadError),
        (b"[1 Foo] TJ", PdfReadError),
        (b"1 2 ) Td", PdfReadError),
        (b"\x80 Tj", PdfReadError),
    ],
)
def test_a_damaged_stream_is_an_error_of_pypdfs_kind(data: bytes, error: type) -> None:
    """Of the kinds pypdf raises, which ``read_pdf`` reports as a damaged page."""
    with pytest.raises(error):
        read_operations(data)


def test_arrays_nested_without_end_are_read_without_recursion() -> None:
    """A hundred thousand "[" (pypdf recurses into each and fails): read in one pass, the
    operands that no operator follows dropped (as pypdf drops them where it reads them)."""
    assert read_operations(b"BT " + b"[" * 100_000) == [([], b"BT")]


def test_a_stream_of_too_many_tokens_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dictionary's keys and values count: each "/P <<…>> BDC" below is nine tokens
    (the name, the dictionary, its three keys and three values, the operator)."""
    monkeypatch.setattr(pdf_operations, "MAX_STREAM_TOKENS", 1000)
    assert len(read_operations(b"1 2 Td\n" * 333)) == 333
    with pytest.raises(TooManyTokens, match="more than 1,000 operators and operands"):
        read_operations(b"1 2 Td\n" * 334)
    assert len(read_operations(b"/P <</A 1 /B 2 /C 3>> BDC\n" * 111)) == 111
    with pytest.raises(TooManyTokens):
        read_operations(b"/P <</A 1 /B 2 /C 3>> BDC\n" * 112)
