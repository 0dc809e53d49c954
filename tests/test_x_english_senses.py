"""The English lookup (``search.english``) after a fix changes how many articles hold some
terms: its table is worked out again from every term's senses as the cache kept them, without
unpacking CC-CEDICT, and equals the table the dictionary gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.cache import Cache
from briefgen.search import english
from briefgen.search.english import cached_english_terms, english_terms


def _not_read() -> dict[str, list[str]]:
    raise AssertionError("the dictionary was read")


def test_a_changed_count_is_worked_out_from_the_kept_senses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    first = {"半导体": 3, "出口": 5, "输出": 1, "量子": 2}
    assert cached_english_terms(first, cache) == english_terms(first)
    assert english_terms(first)["export"] == ["出口", "输出"]

    changed = {"半导体": 3, "出口": 1, "输出": 4, "量子": 2}
    expected = english_terms(changed)
    assert expected["export"] == ["输出", "出口"]  # the order follows the counts
    with monkeypatch.context() as patched:
        patched.setattr(english, "dictionary_entries", _not_read)
        assert cached_english_terms(changed, cache) == expected

    # A term the cache never looked up is looked up in the dictionary, and kept.
    grown = changed | {"芯片": 2}
    assert cached_english_terms(grown, cache) == english_terms(grown)
    fewer = {"半导体": 3, "出口": 1, "输出": 4, "芯片": 1}
    expected = english_terms(fewer)
    with monkeypatch.context() as patched:
        patched.setattr(english, "dictionary_entries", _not_read)
        assert cached_english_terms(fewer, cache) == expected
