"""Text typed a paragraph to a line, a blank line after each (the benchmarks' synthetic
archive): every line is a paragraph, a box's label and its quoted lines included.

Read by the lines' widths, two long paragraphs in a row ran into one; read by blank lines
alone, a box's label and its quoted lines (no blank line between them) ran into one title and
the issue was refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.ingest.text import parse_text
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import AUTHORS, make_archive


def test_a_typed_archive_parses_article_for_article(tmp_path: Path) -> None:
    briefings = make_archive(120, tmp_path / "briefings")
    sources = sorted(briefings.glob("*/source.txt"))
    articles = [a for s in sources for a in parse_text(s.read_text(), s).articles]
    assert len(articles) == 120
    assert all(1 <= len(a.authors) <= 2 and set(a.authors) <= set(AUTHORS) for a in articles)
    # Each paragraph typed on its line stays one: none runs into the next.
    typed = [line for s in sources for line in s.read_text().split("\n") if len(line) > 60]
    paragraphs = {p for a in articles for p in a.body.split("\n\n")}
    assert sum(line in paragraphs for line in typed) >= 0.9 * len(typed)
