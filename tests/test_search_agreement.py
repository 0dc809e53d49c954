"""The split index ranks exactly as lunr.js does on the whole index, within the query's rules.

node runs each query through search-core.js over the files the site ships and through lunr.js
over the monolithic index lunr.py serialises; the expected ranking is built here, from lunr's
scores and the query's rules applied to the articles' text in Python: every clause must stand
in a full match (the others are partial), -excluded strings leave an article out, and the
tiers are the exact phrase, all clauses within NEAR characters, all clauses in the title.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from pathlib import Path

import pytest

from briefgen.search import (
    SearchDocument,
    alias_table,
    build_index,
    learned_aliases,
    lunr_json,
    parse_query,
    query_terms,
    search_documents,
)
from conftest import ROOT, seed_archive
from test_search_index import QUERIES

pytestmark = pytest.mark.slow  # builds the site, then runs node and lunr.js over it

HARNESS = ROOT / "tests" / "search_agreement.js"
NEAR = 40
#: Queries that use the query syntax: several words, phrases, exclusions.
#: Runs with a character no longer term covers, last or within: the page asks for that
#: character's own term shard only once the pairs' shards are in (uncoveredCharacters). Run
#: first, before any other query has loaded it.
LAST_ALONE = ["芯片的", "量子 研究与", "美国的芯片", "中国和美国"]
SYNTAX = [
    "量子 芯片",
    "芯片 法案",
    "芯片法案 -人工智能",
    '"chips for"',
    "chips for",
    "HBM GPU",
    "光刻 -ASML",
    '-"量子" 芯片',
    "美国 出口管制 芯片",
    "国家 科学 基金",
    "科学 技术 -美国",
    '"先进 封装"',
    "芯片法案",
    "CHIPS Act",
    "《芯片与科学法案》 美国",
    "NSF 量子",
    "EDA",
    "电子设计自动化",
    "semiconductor",
    "quantum computing",
    "export control",
    "artificial intelligence -quantum",
]


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
    common = [term for term in vocabulary if len(term) > 1][::7]
    for _ in range(20):
        words = pick.sample(common, 3)
        queries.append(f"{words[0]} {words[1]} -{words[2]}")
    return [*queries, "不存在的词语组合", "zzqx", "  ", "的", "。", "2024年"]


@pytest.fixture(scope="module")
def runs(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    archive = seed_archive()
    index = build_index(archive)
    documents = search_documents(archive)
    vocabulary = sorted(index.inverted_index)
    queries = LAST_ALONE + QUERIES + SYNTAX + _sampled_queries(documents, vocabulary)
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
        "index": index,
        "aliases": alias_table(archive.glossary, learned_aliases(documents)),
    }


def _starts(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at >= 0:
        starts, at = [*starts, at], text.find(needle, at + 1)
    return starts


def _near(spans: list[list[tuple[int, int]]]) -> bool:
    """One occurrence of each clause within NEAR characters (single characters have none)."""
    if not all(spans):
        return False
    for left, _end in (span for found in spans for span in found):
        ends = [min((e for s, e in found if s >= left), default=None) for found in spans]
        if None not in ends and max(ends) - left <= NEAR:  # type: ignore[type-var]
            return True
    return False


def _variants(clause: str, aliases: dict[str, list[str]]) -> list[str]:
    key = re.sub('[《》〈〉「」『』“”"]', "", clause).strip()
    return [clause, *(name for name in aliases.get(key, []) if name != clause)]


def _exact_texts(runs: dict) -> list[str]:
    """Each document's ``exact_text``, worked out once a fixture: every query reads them all
    (folding them again for each of a hundred queries was a second of the suite)."""
    if "exact_texts" not in runs:
        runs["exact_texts"] = [doc.exact_text() for doc in runs["documents"]]
    texts: list[str] = runs["exact_texts"]
    return texts


def _expected(run: dict, runs: dict) -> tuple[list[dict], list[dict]]:
    """The ranking of a query whose clauses and their variants (aliases, English senses) are
    those the page read; test_variants_are_the_clauses_and_their_aliases checks those."""
    parts = parse_query(run["query"])
    index, vocabulary = runs["index"], runs["vocabulary"]
    clauses, variants = run["clauses"], run["variants"]
    scores = {ref: score for ref, score in run["lunr"]}
    titled = [
        {
            int(ref)
            for term in query_terms(" ".join(names), vocabulary)
            for ref in index.inverted_index.get(term, {}).get("title", {})
        }
        for names in variants
    ]
    full, partial = [], []
    for ref, text in enumerate(_exact_texts(runs)):
        if any(needle in text for needle in parts.excluded):
            continue
        counts = [sum(len(_starts(text, n)) for n in names) for names in variants]
        spans = [
            sorted((s, s + len(n)) for n in names if len(n) > 1 for s in _starts(text, n))
            for names in variants
        ]
        if ref not in scores and not any(counts):
            continue
        complete = bool(clauses) and all(counts)
        count = len(_starts(text, parts.needle)) if parts.needle else 0
        if count:
            tier = 3
        elif complete and len(clauses) > 1 and _near(spans):
            tier = 2
        else:
            tier = 1 if all(ref in refs for refs in titled) else 0
        hit = {"ref": ref, "score": scores.get(ref, 0), "tier": tier, "count": count}
        (full if complete else partial).append(hit)
    order = lambda h: (-h["tier"], -h["score"], -h["count"], h["ref"])  # noqa: E731
    return sorted(full, key=order), sorted(partial, key=order)


def test_split_index_ranks_as_lunr_on_the_whole_index(runs: dict) -> None:
    assert len(runs["results"]) > 100
    for run in runs["results"]:
        full, partial = _expected(run, runs)
        assert run["sharded"] == full, run["query"]
        assert run["partial"] == partial, run["query"]


def test_queries_are_cut_into_the_same_terms_from_the_shards(runs: dict) -> None:
    for run in runs["results"]:
        asked = [name for names in run["variants"] for name in names]
        assert run["terms"] == query_terms(" ".join(asked), runs["vocabulary"]), run["query"]
    (last,) = [run for run in runs["results"] if run["query"] == "芯片的"]
    assert "的" in last["terms"] and "的" in runs["vocabulary"]


def test_variants_are_the_clauses_and_their_aliases(runs: dict) -> None:
    """Each clause asks for itself and its aliases (and, for English, Chinese senses); a
    query that is itself an alias is one clause. Exclusions are not asked for."""
    english = 0
    for run in runs["results"]:
        parts = parse_query(run["query"])
        clauses = parts.clauses
        if len(clauses) > 1 and run["clauses"] == [parts.needle]:
            clauses = [parts.needle]
        assert run["clauses"] == clauses, run["query"]
        for clause, names in zip(clauses, run["variants"], strict=True):
            assert names[: len(_variants(clause, runs["aliases"]))] == _variants(
                clause, runs["aliases"]
            )
            extra = names[len(_variants(clause, runs["aliases"])) :]
            english += bool(extra)
            assert all(re.fullmatch("[a-z][a-z -]*", clause) for _ in extra), run["query"]
    assert english > 3


def test_the_comparison_sees_every_kind_of_result(runs: dict) -> None:
    """Guards the test above: its queries find full and partial matches, every tier, and
    some full matches that lunr alone would not find at all."""
    results = runs["results"]
    assert sum(1 for r in results if r["sharded"]) > 50
    assert sum(1 for r in results if r["partial"]) > 20
    tiers = {hit["tier"] for r in results for hit in r["sharded"] + r["partial"]}
    assert tiers == {0, 1, 2, 3}
    unscored = [r for r in results if any(not h["score"] for h in r["sharded"])]
    assert unscored
    assert any(not r["sharded"] and not r["partial"] for r in results)
    excluding = [r for r in results if parse_query(r["query"]).excluded]
    assert any(r["sharded"] for r in excluding)
