"""A query fetches the term shards of its own character pairs, not of every word that starts
with one of its characters.

Term shards are named by a term's first two characters (a one-character term by itself): a
query's terms of two characters or more start at one of its character pairs, so the page asks
for one shard a pair, and for a character's own shard only when no longer term of the index
covers it (the page can tell once the pairs' shards are in). At 20,000 articles this cut the
term files of 集成电路 from 660 KB (every term starting with 集, 成 or 电: 电子, 电力 …) to
190 KB. What the shards' keys should be is worked out here from the seed index's vocabulary;
node runs each query through the shipped files with a fresh searcher and reports what it
loaded.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from briefgen.search import alias_table, build_index, learned_aliases, search_documents
from briefgen.search.hashed import read_payload
from briefgen.search.shards import bucket
from conftest import ROOT, seed_archive

pytestmark = pytest.mark.slow  # builds the seed site, runs node over it

HARNESS = ROOT / "tests" / "p_fetched.js"
#: Words of the seeds, runs of several words, a character no longer term covers (last and
#: within a run), a single character, Latin words and several clauses.
QUERIES = [
    "集成电路",
    "半导体",
    "光刻机",
    "量子计算机",
    "先进封装技术",
    "芯片的",
    "美国的芯片",
    "中国和美国",
    "芯",
    "EUV",
    "ASML",
    "英伟达GPU",
    "量子 芯片 -美国",
]
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?")


def _keys(query: str, vocabulary: set[str]) -> set[str]:
    """The term shards' keys a query needs: every character pair of a CJK run (a run of one,
    itself), a Latin word's first two letters, and each character of a run that no term of
    two characters or more covers."""
    keys: set[str] = set()
    for word in LATIN.findall(query.lower()):
        keys.add(word[:2])
    for run in CJK_RUN.findall(query):
        if len(run) == 1:
            keys.add(run)
            continue
        keys |= {run[k : k + 2] for k in range(len(run) - 1)}
        covered = set()
        for start in range(len(run)):
            for end in range(start + 2, len(run) + 1):
                if run[start:end] in vocabulary:
                    covered |= set(range(start, end))
        keys |= {ch for k, ch in enumerate(run) if k not in covered}
    return keys


@pytest.fixture(scope="module")
def fetched(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    queries = tmp_path_factory.mktemp("p-fetched") / "queries.json"
    queries.write_text(json.dumps(QUERIES, ensure_ascii=False), encoding="utf-8")
    folder = seed_site / "static" / "search"
    done = subprocess.run(
        ["node", str(HARNESS), str(folder), str(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def seeds() -> dict:
    archive = seed_archive()
    documents = search_documents(archive)
    return {
        "vocabulary": set(build_index(archive).inverted_index),
        "aliases": alias_table(archive.glossary, learned_aliases(documents)),
    }


def _clauses(query: str) -> list[str]:
    return [word for word in query.lower().split() if not word.startswith("-")]


def test_a_query_loads_the_term_shards_of_its_pairs_and_uncovered_characters(
    fetched: list[dict], seeds: dict, seed_site: Path
) -> None:
    folder = seed_site / "static" / "search"
    count = json.loads(read_payload(folder, "manifest"))["shards"]["t"]
    alone = 0
    for run in fetched:
        clauses = _clauses(run["query"])
        assert not set(clauses) & set(seeds["aliases"]), run["query"]  # no alias bundle
        keys = set().union(*(_keys(clause, seeds["vocabulary"]) for clause in clauses))
        loaded = {int(name.split("/")[1].split(".")[0]) for name in run["names"] if name[0] == "t"}
        wanted = {bucket(key, count) for key in keys}
        # An empty shard has no file: every file loaded is wanted, every wanted one that
        # holds a term is loaded.
        assert loaded <= wanted, run["query"]
        holding = {bucket(term[:2], count) for term in run["terms"]}
        assert holding <= loaded, run["query"]
        alone += any(len(key) == 1 for clause in clauses for key in _keys(clause, set()))
    assert alone  # some query asked for a character alone
