"""An analysis sentence is found around a name's offset (``ArticleText.sentence_at``) without
cutting the whole text first: it is the same sentence as cutting every sentence finds."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from briefgen.analysis.text import ArticleText, _cut_at, sentence_starts
from conftest import seed_archive

#: Sentence ends, line breaks in runs, spaces that are stripped, and plain text.
ALPHABET = "。！？!?\n a字"


def _texts() -> Iterator[str]:
    """Every text of up to four characters of ``ALPHABET`` (each end, run and space beside
    each other, at each end of the text), then a thousand random longer ones up to 40
    characters, the same each run. (Not Hypothesis: its engine cost a second of CPU for a
    thousand examples of a check that takes a fifth of that for eight thousand.)"""
    for size in range(5):
        for chars in itertools.product(ALPHABET, repeat=size):
            yield "".join(chars)
    chosen = random.Random(20261202)
    for _ in range(1000):
        yield "".join(chosen.choices(ALPHABET, k=chosen.randint(5, 40)))


def test_every_offset_finds_the_sentence_that_cutting_finds() -> None:
    entry = seed_archive().entries[0]
    for text in _texts():
        found = ArticleText(entry, text)
        starts = sentence_starts(text)
        for offset in range(len(text) + 1):
            assert found.sentence_at(offset) == _cut_at(text, starts, offset), (text, offset)


def test_a_text_s_sentences_are_cut_after_each_end_and_line_break_run() -> None:
    text = "第一句。第二句！\n\n第三句"
    at = ArticleText(seed_archive().entries[0], text)
    assert [at.sentence_at(text.index(word)) for word in ("一", "二", "三")] == [
        "第一句。",
        "第二句！",
        "第三句",
    ]
