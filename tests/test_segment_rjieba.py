"""rjieba cuts the archive into the index terms jieba, the reference, cuts."""

from __future__ import annotations

import sys

import pytest

from briefgen.archive import load_archive
from briefgen.search.segment import _CJK_RUN, jieba_tokens, jieba_words, tokens, words
from conftest import BRIEFINGS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import make_archive

pytestmark = pytest.mark.slow  # segments the whole archive with both jieba and rjieba


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every seed article (title, editor note, body) and a synthetic archive's sources, whose
    shuffled paragraphs join sentences the seeds never put side by side."""
    archive = load_archive(BRIEFINGS, related=False)
    found = [
        "\n".join([e.article.title, e.article.editor_note or "", e.article.body])
        for e in archive.entries
    ]
    synthetic = make_archive(400, tmp_path_factory.mktemp("rjieba") / "synthetic")
    found += [p.read_text(encoding="utf-8") for p in sorted(synthetic.glob("*/source.txt"))]
    assert len(found) > 86 + 15 and sum(map(len, found)) > 300_000
    return found


def test_rjieba_index_terms_equal_jiebas_on_the_archive(texts: list[str]) -> None:
    for k, text in enumerate(texts):
        assert tokens(text) == jieba_tokens(text), f"text {k}: {text[:40]!r}"


def test_rjieba_words_of_every_cjk_run_equal_jiebas(texts: list[str]) -> None:
    """The precise mode learned aliases cut names with."""
    runs = {run for text in texts for run in _CJK_RUN.findall(text)}
    assert len(runs) > 4000
    assert [run for run in sorted(runs) if words(run) != jieba_words(run)] == []


def test_mixed_text_is_cut_by_jieba() -> None:
    # The two precise modes differ here (rjieba keeps FUTUR-IC whole); jieba, the
    # reference, cuts it.
    assert words("FUTUR-IC计划") == ["FUTUR", "-", "IC", "计划"]
