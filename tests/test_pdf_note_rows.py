"""Rows of the notes: which open a note and which go on with the last one's text."""

from __future__ import annotations

from briefgen.ingest.pages import RawFootnote, join_footnote_parts
from briefgen.ingest.pdf_hyphens import Hyphenation
from briefgen.ingest.pdf_layout import _add_note_row
from briefgen.ingest.pdf_rows import Row

_NONE = Hyphenation(frozenset(), hyphenates=False)


def _notes(texts: list[str], cited: set[int]) -> list[RawFootnote]:
    """The notes of rows that run to the margin, but for those ending in " ¶" (short)."""
    notes: list[RawFootnote] = []
    for no, text in enumerate(texts, start=1):
        row = Row(page=1, y=0, size=8, bold=False, text=text.removesuffix(" ¶"))
        _add_note_row(notes, row, no, text.endswith(" ¶"), cited, True, _NONE)
    return notes


def test_digits_opening_the_rest_of_a_broken_address_are_the_addresses() -> None:
    """jsPDF breaks a long address anywhere: "…5d8419e7" then "8d5&recommendId=…". With a
    marker 8 on the page, the row was read as note 8 glued to its text ("1Darsith", as cairo
    prints LibreOffice's notes), the address cut short and a note 8 made of its tail."""
    address = "http://portal.nstl.gov.cn/choiceness/getChoicenessDetail.htm?uuid=85a942c8b7e9f1"
    notes = _notes(
        ["1 https://www.semi.org/en/news", f"2 {address}", "8d5&recommendId=137473"], {1, 2, 8}
    )
    assert [(n.number, n.parts) for n in notes] == [
        (1, ["https://www.semi.org/en/news"]),
        (2, [address, "8d5&recommendId=137473"]),
    ]


def test_a_number_glued_to_a_notes_text_still_opens_it_after_a_finished_address() -> None:
    notes = _notes(["1 https://www.semi.org/en/news ¶", "2Darsith Jayatilaka, Stanford ¶"], {1, 2})
    assert [(n.number, n.parts) for n in notes] == [
        (1, ["https://www.semi.org/en/news"]),
        (2, ["Darsith Jayatilaka, Stanford"]),
    ]


def test_an_address_broken_inside_its_scheme_is_joined_whole() -> None:
    """A layout that breaks words anywhere (jsPDF) may break "https" itself: "… ht" then
    "tps://www.anl.gov/…" was read as a note with no address."""
    for head, rest in [("ht", "tps://"), ("htt", "ps://"), ("http", "s://"), ("https:", "//")]:
        parts = [f"Argonne, Purdue to collaborate. {head}", f"{rest}www.anl.gov/article/x"]
        assert join_footnote_parts(parts, [False, True]).endswith(" https://www.anl.gov/article/x")
    # A word ending in those letters is no scheme: "the" then "tps" is not joined.
    assert (
        join_footnote_parts(["ends with the", "tps://x"], [False, True]) != "ends with thetps://x"
    )
