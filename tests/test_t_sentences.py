"""An analysis sentence is found around a name's offset (``ArticleText.sentence_at``) without
cutting the whole text first: it is the same sentence as cutting every sentence finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.analysis.text import ArticleText, _cut_at, sentence_starts
from conftest import seed_archive

#: Sentence ends, line breaks in runs, spaces that are stripped, and plain text.
TEXTS = st.text(alphabet="。！？!?\n a字", max_size=40)


# No deadline: the first example loads the seed archive, and a busy machine is no failure.
@settings(max_examples=1000, deadline=None)
@given(TEXTS)
def test_every_offset_finds_the_sentence_that_cutting_finds(text: str) -> None:
    entry = seed_archive().entries[0]
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
