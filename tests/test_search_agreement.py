"""The split index ranks exactly as lunr.js does on the whole index, exact matches first.

node runs each query through search-core.js over the files the site ships and through lunr.js
over the monolithic index lunr.py serialises; the expected ranking is built here, from lunr's
scores and the exact-match rule applied to the articles' text in Python.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.search import (
    SearchDocument,
    build_index,
    fold,
    lunr_json,
    query_terms,
    search_documents,
)
from conftest import BRIEFINGS, ROOT
from test_search_index import QUERIES

pytestmark = pytest.mark.slow  # builds the site, then runs node and lunr.js over it

HARNESS = ROOT / "tests" / "search_agreement.js"


def _occurrences(text: str, needle: str) -> int:
    count, at = 0, text.find(needle)
    while at >= 0:
        count, at = count + 1, text.find(needle, at + 1)
    return count


def _sampled_queries(documents: list[SearchDocument], vocabulary: list[str]) -> list[str]:
    """Pieces of real articles (some crossing word and field boundaries) and term pairs."""
    pick = random.Random(20261124)
    queries = []
    for _ in range(60):
        text = documents[pick.randrange(len(documents))].exact_text()
        size = pick.randint(1, 9)
        start = pick.randrange(max(1, len(text) - size))
        queries.append(text[start : start + size])
    for _ in range(20):
        queries.append(" ".join(pick.sample(vocabulary, 2)))
    return [*queries, "不存在的词语组合", "zzqx", "  ", "的", "。", "2024年"]


@pytest.fixture(scope="module")
def runs(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    archive = load_archive(BRIEFINGS)
    index = build_index(archive)
    documents = search_documents(archive)
    vocabulary = sorted(index.inverted_index)
    queries = QUERIES + _sampled_queries(documents, vocabulary)
    work = tmp_path_factory.mktemp("agreement")
    (work / "lunr.json").write_text(lunr_json(index), encoding="utf-8")
    (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    done = subprocess.run(
        [
            "node",
            str(HARNESS),
            str(seed_site / "static" / "search"),
            *(str(work / name) for name in ("lunr.json", "queries.json")),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {
        "results": json.loads(done.stdout),
        "documents": documents,
        "vocabulary": set(vocabulary),
    }


def _expected(query: str, lunr_hits: list[list], documents: list[SearchDocument]) -> list[dict]:
    needle = fold(query).strip()
    counts = {
        ref: _occurrences(doc.exact_text(), needle) if needle else 0
        for ref, doc in enumerate(documents)
    }
    scores = {ref: score for ref, score in lunr_hits}
    refs = set(scores) | {ref for ref, count in counts.items() if count}
    hits = [
        {"ref": ref, "score": scores.get(ref, 0), "exact": counts[ref] > 0, "count": counts[ref]}
        for ref in refs
    ]
    return sorted(hits, key=lambda h: (not h["exact"], -h["score"], -h["count"], h["ref"]))


def test_split_index_ranks_as_lunr_on_the_whole_index(runs: dict) -> None:
    assert len(runs["results"]) > 100
    for run in runs["results"]:
        expected = _expected(run["query"], run["lunr"], runs["documents"])
        assert run["sharded"] == expected, run["query"]


def test_queries_are_cut_into_the_same_terms_from_the_shards(runs: dict) -> None:
    for run in runs["results"]:
        assert run["terms"] == query_terms(run["query"], runs["vocabulary"]), run["query"]


def test_the_comparison_sees_both_kinds_of_result(runs: dict) -> None:
    """Guards the test above: its queries find exact matches and partial ones, and some
    exact matches that lunr alone would not find at all."""
    results = runs["results"]
    assert sum(1 for r in results if any(h["exact"] for h in r["sharded"])) > 50
    assert sum(1 for r in results if any(not h["exact"] for h in r["sharded"])) > 20
    unscored = [r for r in results if any(h["exact"] and not h["score"] for h in r["sharded"])]
    assert unscored
    assert any(not r["sharded"] for r in results)
