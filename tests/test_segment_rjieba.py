"""rjieba cuts the archive into the index terms jieba, the reference, cuts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.search.segment import jieba_tokens, tokens
from conftest import BRIEFINGS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from synthetic import make_archive


def _texts(tmp_path: Path) -> list[str]:
    """Every seed article (title, editor note, body) and a synthetic archive's sources, whose
    shuffled paragraphs join sentences the seeds never put side by side."""
    archive = load_archive(BRIEFINGS, related=False)
    texts = [
        "\n".join([e.article.title, e.article.editor_note or "", e.article.body])
        for e in archive.entries
    ]
    synthetic = make_archive(400, tmp_path / "synthetic")
    texts += [p.read_text(encoding="utf-8") for p in sorted(synthetic.glob("*/source.txt"))]
    return texts


@pytest.mark.slow  # cuts every seed article twice
def test_rjieba_index_terms_equal_jiebas_on_the_archive(tmp_path: Path) -> None:
    texts = _texts(tmp_path)
    assert len(texts) > 86 + 15 and sum(map(len, texts)) > 300_000
    for k, text in enumerate(texts):
        assert tokens(text) == jieba_tokens(text), f"text {k}: {text[:40]!r}"
