"""The search index built from the seeds, its files, and query segmentation on both sides."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from lunr.index import Index

from briefgen.search import build_index, query_terms, tokens
from briefgen.search.english import english_terms
from briefgen.search.segment import _jieba
from conftest import ROOT, seed_archive

#: The text part of the browser's search code (the build joins it into search-core.js).
TEXT_JS = ROOT / "templates" / "static" / "search-text.js"
QUERIES = [
    "光刻机",
    "出口管制",
    "量子",
    "量子计算",
    "量子计算机",
    "先进封装",
    "人工智能法案",
    "自然科学基金",
    "HBM",
    "hbm",
    "英伟达GPU",
    "英伟达 GPU",
    "CHIPS",
    "ＣＨＩＰＳ法案",
    "NXT:2050i",
    "芯",
    "quantum computing",
    "半导体 出口管制 美国",
]


def read_index_file(path: Path) -> object:
    """The data an index file hands to BriefgenSearch.loaded(name, JSON.parse('…'))."""
    script = path.read_text(encoding="utf-8")
    match = re.fullmatch(
        r"BriefgenSearch\.loaded\(\"([^\"]+)\",JSON\.parse\('(.*)'\)\);\n", script, re.DOTALL
    )
    assert match, path
    escapes = {"\\": "\\", "'": "'", "/": "/", "u2028": "\u2028", "u2029": "\u2029"}
    text = re.sub(r"\\(u202[89]|[\\'/])", lambda m: escapes[m.group(1)], match.group(2))
    return json.loads(text)


@pytest.fixture(scope="module")
def index() -> Index:
    return build_index(seed_archive())


@pytest.fixture(scope="module")
def vocabulary(index: Index) -> set[str]:
    return set(index.inverted_index)


def test_latin_terms_stay_whole_and_lower_case() -> None:
    found = tokens("ASML 的 NXT:2050i 与 HBM3E、CHIPS 法案，C++ 和 3.5D 封装")
    assert {"asml", "nxt:2050i", "hbm3e", "chips", "c++", "3.5d"} <= set(found)
    assert not [t for t in found if re.fullmatch(r"[\W_]+", t)]


def test_long_words_also_give_the_words_inside() -> None:
    found = set(tokens("国家自然科学基金委员会资助量子计算机研究"))
    assert {"自然", "科学", "基金", "量子", "计算", "计算机"} <= found


def test_index_keeps_chinese_terms_and_no_punctuation(index: Index, vocabulary: set[str]) -> None:
    assert index.serialize()["pipeline"] == []
    assert {"光刻机", "出口", "管制", "量子", "hbm3e", "chips"} <= vocabulary
    assert not [t for t in vocabulary if re.fullmatch(r"[\W_]+", t)]
    assert "" not in vocabulary
    assert index.fields == ["title", "meta", "body"]


def test_query_terms_are_index_terms(vocabulary: set[str]) -> None:
    assert query_terms("人工智能法案", vocabulary)[:1] == ["人工智能"]
    assert {"人工智能", "人工", "智能", "法案"} <= set(query_terms("人工智能法案", vocabulary))
    # jieba cut 英伟达 in the articles as 英 + 伟达; the query asks for what the index holds.
    assert set(query_terms("英伟达GPU", vocabulary)) == {"英", "伟达", "gpu"}
    for query in QUERIES:
        terms = query_terms(query, vocabulary)
        assert all(t in vocabulary or t.isascii() for t in terms), query
    assert query_terms("ＨＢＭ", vocabulary) == ["hbm"]


def _browser_terms(queries: list[str], vocabulary: set[str], tmp_path: Path) -> list[list[str]]:
    words = tmp_path / "vocabulary.json"
    words.write_text(json.dumps(sorted(vocabulary), ensure_ascii=False), encoding="utf-8")
    script = (
        f"const core = require({json.dumps(str(TEXT_JS))});"
        f"const words = new Set(require({json.dumps(str(words))}));"
        f"const queries = {json.dumps(queries, ensure_ascii=False)};"
        "console.log(JSON.stringify(queries.map(q => core.queryTerms(q, words))));"
    )
    done = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def test_browser_and_build_side_cut_queries_alike(vocabulary: set[str], tmp_path: Path) -> None:
    browser = _browser_terms(QUERIES, vocabulary, tmp_path)
    assert browser == [query_terms(q, vocabulary) for q in QUERIES]


def test_browser_finds_every_term_jieba_finds_in_a_query(
    vocabulary: set[str], tmp_path: Path
) -> None:
    """jieba on the build side, the vocabulary in the browser: no index term is lost."""
    browser = _browser_terms(QUERIES, vocabulary, tmp_path)
    for query, terms in zip(QUERIES, browser, strict=True):
        by_jieba = {t for t in tokens(query) if t in vocabulary}
        assert by_jieba <= set(terms), query
    assert _jieba().cut_for_search("自然科学基金") is not None


def test_site_ships_the_index_split_by_term(seed_site: Path, vocabulary: set[str]) -> None:
    """Every term is in exactly one term shard, the one its first two characters name, and the
    manifest names each shard: its presence bit, and the hash of its content's digest (at this
    size a run is one shard)."""
    from briefgen.search import bucket

    folder = seed_site / "static" / "search"
    manifest = read_index_file(folder / "manifest.js")
    assert isinstance(manifest, dict)
    assert manifest["version"] == 6
    count = manifest["shards"]["t"]
    assert 1 < count <= 256
    assert set(manifest["hashes"]) == set(manifest["present"]) == {"t", "g", "p", "e", "a"}
    hashes, present = manifest["hashes"]["t"], manifest["present"]["t"]
    assert len(hashes) == count and len(present) == count // 4
    held: dict[str, int] = {}
    numbers = set()
    for path in (folder / "t").glob("[0-9]*.js"):
        number, content_hash = (int(path.stem.split(".")[0]), path.stem.split(".")[1])
        numbers.add(number)
        assert hashes[number] == content_hash
        data = read_index_file(path)
        text_digest = hashlib.blake2b(_payload(data).encode(), digest_size=16).hexdigest()
        assert hashlib.sha256(text_digest.encode()).hexdigest()[:8] == content_hash
        for term in data:  # type: ignore[union-attr]
            assert term not in held
            held[term] = number
    marked = {n for n in range(count) if int(present[n // 4], 16) >> (n % 4) & 1}
    assert marked == numbers == {n for n in range(count) if hashes[n]}
    assert set(held) == vocabulary
    assert all(bucket(term[:2], count) == shard for term, shard in held.items())
    assert sum(count for count, _hash in manifest["groups"]) == manifest["documents"] == 86
    assert len(list((folder / "doc").glob("*.js"))) == 86
    assert not (seed_site / "static" / "lunr.min.js").exists()


def _payload(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


# That an index file cannot close a script element: test_render_site.py, in the site built
# from hostile records.


def test_english_senses_lead_to_the_archives_terms_most_frequent_first() -> None:
    """CC-CEDICT turned around, kept to the archive's terms: a word the dictionary does not
    know gives nothing, and a sense two terms share lists the more frequent first."""
    found = english_terms({"半导体": 3, "出口": 5, "输出": 1, "量子": 2, "芯片法案立法": 9})
    assert found["semiconductor"] == ["半导体"]
    assert found["quantum"] == ["量子"]
    assert found["export"] == ["出口", "输出"]
    assert found["output"] == ["输出"]
    assert not any("芯片法案立法" in terms for terms in found.values())
    assert english_terms({"输出": 9, "出口": 1})["export"] == ["输出", "出口"]
