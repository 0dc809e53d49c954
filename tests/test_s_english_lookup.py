"""A few words new to the cache are looked up in CC-CEDICT's text, not in the table made of
all of it (``english._entries_of``): the lines found must be the table's, in its order."""

from __future__ import annotations

import pytest

from briefgen.search import english


def test_a_few_words_find_the_tables_lines_in_the_dictionarys_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = english.dictionary_entries()
    # Words of one line and of several, one a comment's second field would be, one the
    # senses of other lines hold (see 中国), and words the dictionary lacks.
    several = next(word for word, lines in table.items() if len(lines) > 2)
    words = ["芯片", "量子", "中国", "人工智能", several, "行", "#", "法案新词", "hbm", "to"]
    monkeypatch.setattr(english.dictionary_entries, "cache_info", lambda: _Info(0))
    found = english._entries_of(words)
    assert found is not table
    for word in words:
        assert found.get(word, []) == table.get(word, []), word
    assert len(found[several]) > 2
    assert "法案新词" not in found


class _Info:
    def __init__(self, currsize: int) -> None:
        self.currsize = currsize
