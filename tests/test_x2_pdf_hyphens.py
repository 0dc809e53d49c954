"""Words a typesetter hyphenated at a line end are read whole; compounds keep their hyphen.

XeLaTeX hyphenates English words where it wraps ("Microelec-" / "tronics"); the browsers and
word processors of the matrix break only at a hyphen the word has ("two-" / "dimensional").
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from briefgen.ingest.pdf_hyphens import Hyphenation
from briefgen.records import Article
from conftest import SEED_IDS, parsed
from producers import PRODUCERS, parsed_pdf, read_back, seed_pdfs

_BREAK = re.compile(r"(?:^|[^\w/.\-])([A-Za-z]+)-$")


def test_a_word_seen_whole_elsewhere_was_hyphenated() -> None:
    lines = [
        "原文标题：National Strategy on Microelec-",
        "tronics Research",
        "二维（two-",
        "dimensional）材料",
        "https://www.whitehouse.gov/national-strategy-on-microelectronics-research",
        "two qubits",
    ]
    hyphens = Hyphenation.measure(lines)
    assert hyphens.hyphenates
    assert hyphens.hyphenated(lines[0], lines[1])
    # "two" is a word of its own: the compound keeps its hyphen.
    assert not hyphens.hyphenated(lines[2], lines[3])


def test_a_document_that_shows_no_hyphenation_keeps_compounds_and_joins_english_words() -> None:
    """Where nothing shows that the document hyphenates, a hyphen at a line end is the text's
    own, unless its pieces make an English word and are not two words themselves: before, TeX's
    hyphens stayed in such documents ("Oxford In-struments", "propa-gating")."""
    lines = ["一种面向长期（long-", "term）稳定的方案", "采用 Ad-", "ditive 工艺"]
    hyphens = Hyphenation.measure(lines)
    assert not hyphens.hyphenates
    assert not hyphens.hyphenated(lines[0], lines[1])  # "longterm" is no word
    assert hyphens.hyphenated(lines[2], lines[3])  # "additive"; "ditive" is none
    assert hyphens.hyphenated("英国牛津仪器公司（Oxford In-", "struments）")
    assert hyphens.hyphenated("waves propa-", "gating in")  # "propagate", inflected
    assert not hyphens.hyphenated("international co-", "operation")  # two words
    assert not hyphens.hyphenated("二维（two-", "dimensional）材料")


def test_a_one_letter_piece_keeps_its_hyphen_though_a_url_prints_the_word_whole() -> None:
    """A hyphen after one letter, "x-" "ray", where a layout broke the line at it: an
    address's slug printing "xray-imagery" made it read "xray" (a PDFKit print)."""
    lines = ["Stroboscopic x-", "ray diffraction", "https://example.org/article/xray-imagery"]
    assert not Hyphenation.measure(lines).hyphenated(lines[0], lines[1])


def test_a_hyphenating_document_joins_pieces_that_are_no_words() -> None:
    lines = ["Tenstorrent 和 LSTC 合作，推出 Ad-", "ditive 工艺，Tenstor-", "rent 的芯片"]
    hyphens = Hyphenation.measure(lines)
    assert hyphens.hyphenates  # "Tenstorrent" is printed whole on the first line
    assert hyphens.hyphenated(lines[0], lines[1])  # "ad" is no word the document prints
    # Capitals go on in capitals: "RIM-" "PAC" is RIMPAC; "LSTC" is a word, so is "LSTC-".
    assert hyphens.hyphenated("环太平洋（RIM-", "PAC）海军演习")
    assert not hyphens.hyphenated("和 LSTC-", "RAN 合作")


def _breaks(path: Path) -> list[tuple[str, str]]:
    """(piece, rest) for each row that ends in a Latin word piece and a hyphen."""
    texts = [row.text for page in read_back(path).pages for row in page.rows]
    pairs = []
    for text, nxt in pairwise(texts):
        piece, rest = _BREAK.search(text), re.match(r"[A-Za-z]+", nxt)
        if piece and rest:
            pairs.append((piece.group(1), rest.group(0)))
    return pairs


def _bodies(articles: list[Article]) -> str:
    return re.sub(r"\s+", "", "".join(a.body + (a.original_title or "") for a in articles))


#: A compound of Latin words the records print with its hyphen ("two-dimensional", "GaN-on").
_COMPOUND = re.compile(r"[A-Za-z]+-[A-Za-z]+")


@pytest.mark.slow
def test_hyphenated_words_read_whole_and_compounds_keep_their_hyphen() -> None:
    pdfs = seed_pdfs(SEED_IDS, PRODUCERS)
    hyphenated = whole = compounds = kept = broken = 0
    for (issue_id, producer), path in pdfs.items():
        expected = _bodies(parsed(issue_id).articles)
        got = _bodies(parsed_pdf(path).articles)
        # Every compound keeps its hyphen in every print, wherever its lines broke (read
        # from the records, not the rows: reading every print's rows again took 25 s).
        for compound in _COMPOUND.findall(expected):
            compounds += 1
            kept += compound in got
        if not producer.startswith(("xelatex", "pdflatex")):
            continue  # only TeX hyphenates words where it wraps
        for piece, rest in _breaks(path):
            if f"{piece}-{rest}" in expected:
                broken += 1  # a compound broken at its own hyphen, counted above
            elif f"{piece}{rest}" in expected:
                hyphenated += 1
                whole += f"{piece}{rest}" in got and f"{piece}-{rest}" not in got
    # The prints hold both kinds at line ends, so the counts below mean something.
    assert hyphenated >= 5 and broken >= 1 and compounds >= 50
    assert kept == compounds
    # Every one: "propa-gating", in an issue that prints no word it hyphenates whole
    # elsewhere, is read whole as an English word.
    assert whole == hyphenated
