"""Ranking at a larger archive than the seeds: the split index still ranks exactly as lunr.js
on the whole index, within the query's rules, and the top result the page fetches ahead (before
the rest are sorted) is the one drawn first.

The seed archive (test_search_agreement.py) has 86 articles; common words there stand in a few
dozen. A synthetic archive of a few hundred puts thousands of hits, alias unions and many ties
through the ranking path (scores kept in arrays by ref, aliases' places merged, the top picked
by a linear scan), and the expected order is built here in Python from the articles' text.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from briefgen.archive import load_archive
from briefgen.cache import DEFAULT_CACHE, Cache
from briefgen.cli import main
from briefgen.render.assets import write_static
from briefgen.search import (
    alias_table,
    build_index,
    learned_aliases,
    lunr_json,
    search_documents,
    write_search,
)
from conftest import ROOT
from test_search_agreement import HARNESS, SYNTAX, _expected

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_archive

pytestmark = pytest.mark.slow  # parses and indexes a synthetic archive, runs node over it

ARTICLES = 300
AHEAD = ROOT / "tests" / "w_ahead.js"
#: The queries the warm-pasted benchmark runs, and common words of the synthetic archive.
COMMON = [
    "集成电路",
    "量子",
    "半导体",
    "光刻机",
    "HBM",
    "出口管制",
    "先进封装",
    "芯片",
    "美国",
    "研究",
]
#: Queries with no result: the page is told nothing.
NONE = ["zzqx", "不存在的词语组合"]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("w-large")
    briefings = make_archive(ARTICLES, work / "briefings")
    assert main(["parse", "-q", str(briefings)]) == 0
    archive = load_archive(briefings)
    site = work / "site"
    write_static(site, ROOT / "templates")
    # With the tests' build cache (BRIEFGEN_CACHE): the archive is the same on every run, so
    # its blocks' counts come from the last run's (cached and clean indexes are the same
    # files: test_incremental.py).
    write_search(archive, site / "static" / "search", Cache(DEFAULT_CACHE))
    index = build_index(archive)
    documents = search_documents(archive)
    vocabulary = sorted(index.inverted_index)
    pick = random.Random(20261201)
    sampled = [" ".join(pick.sample(vocabulary, 2)) for _ in range(15)]
    longer = [term for term in vocabulary if len(term) > 1]
    sampled += pick.sample(longer, 15)
    sampled += [
        f"{a} -{b}" for a, b in zip(pick.sample(longer, 5), pick.sample(longer, 5), strict=True)
    ]
    queries = COMMON + NONE + SYNTAX + sampled
    (work / "lunr.json").write_text(lunr_json(index), encoding="utf-8")
    (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), "utf-8")
    folder = str(site / "static" / "search")
    runs = [
        json.loads(
            subprocess.run(
                ["node", str(script), folder, *args],
                capture_output=True,
                text=True,
                check=True,
                timeout=300,
            ).stdout
        )
        for script, args in (
            (HARNESS, [str(work / "lunr.json"), str(work / "queries.json")]),
            (AHEAD, [str(work / "queries.json")]),
        )
    ]
    return {
        "results": runs[0],
        "ahead": runs[1],
        "documents": documents,
        "vocabulary": set(vocabulary),
        "index": index,
        "aliases": alias_table(archive.glossary, learned_aliases(documents)),
    }


def test_a_larger_archive_ranks_as_lunr_with_the_query_rules(large: dict) -> None:
    for run in large["results"]:
        full, partial = _expected(run, large)
        assert run["sharded"] == full, run["query"]
        assert run["partial"] == partial, run["query"]
    # Guards the comparison: many hits, partial ones, and ties in score that the count or
    # the archive order must break.
    hits = [hit for run in large["results"] for hit in run["sharded"]]
    assert len(hits) > 1500
    assert sum(1 for run in large["results"] if run["partial"]) > 10
    tied = [
        run["query"]
        for run in large["results"]
        if len({(h["tier"], h["score"]) for h in run["sharded"]}) < len(run["sharded"])
    ]
    assert tied


def test_the_page_is_told_the_top_result_before_the_rest_are_ranked(large: dict) -> None:
    for run in large["ahead"]:
        first = (run["hits"] or run["partial"])[:1]
        assert run["told"] == [hit["ref"] for hit in first], run["query"]
    assert sum(1 for run in large["ahead"] if not run["hits"] and run["partial"]) > 0
    assert any(not run["told"] for run in large["ahead"])


def test_the_top_result_handed_over_before_the_rest_are_ranked_is_the_first(
    large: dict,
) -> None:
    """The page draws search()'s early top result before the rest are ranked: it must be
    the ranked answer's first full match, with the same score, tier and count, and the same
    strings to mark."""
    early = [run for run in large["ahead"] if run["early"]]
    for run in early:
        assert run["early"]["hit"] == run["hits"][0], run["query"]
        assert run["early"]["terms"] == run["terms"], run["query"]
        assert run["early"]["needles"] == run["needles"], run["query"]
    # Most common words' top results hold the phrase and are handed over early; a query whose
    # top result holds no phrase (two words apart) is not.
    assert {run["query"] for run in early} >= set(COMMON[:4])
    assert any(run["hits"] and not run["early"] for run in large["ahead"])
