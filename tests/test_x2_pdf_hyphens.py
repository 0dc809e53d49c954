"""Words a typesetter hyphenated at a line end are read whole; compounds keep their hyphen.

XeLaTeX hyphenates English words where it wraps ("Microelec-" / "tronics"); the browsers and
word processors of the matrix break only at a hyphen the word has ("two-" / "dimensional").
"""

from __future__ import annotations

from itertools import pairwise

from briefgen.ingest.pdf_hyphens import Hyphenation


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


def test_a_document_that_shows_no_hyphenation_keeps_every_hyphen() -> None:
    lines = ["一种面向长期（long-", "term）稳定的方案", "采用 Ad-", "ditive 工艺"]
    hyphens = Hyphenation.measure(lines)
    assert not hyphens.hyphenates
    assert not any(hyphens.hyphenated(a, b) for a, b in pairwise(lines))


def test_a_hyphenating_document_joins_pieces_that_are_no_words() -> None:
    lines = ["Tenstorrent 和 LSTC 合作，推出 Ad-", "ditive 工艺，Tenstor-", "rent 的芯片"]
    hyphens = Hyphenation.measure(lines)
    assert hyphens.hyphenates  # "Tenstorrent" is printed whole on the first line
    assert hyphens.hyphenated(lines[0], lines[1])  # "ad" is no word the document prints
    # Capitals go on in capitals: "RIM-" "PAC" is RIMPAC; "LSTC" is a word, so is "LSTC-".
    assert hyphens.hyphenated("环太平洋（RIM-", "PAC）海军演习")
    assert not hyphens.hyphenated("和 LSTC-", "RAN 合作")
