"""Search over a large archive, in chromium: the index a 20,000-article archive gets.

At 20,000 articles the term shards reach their largest count (4,096), more than the
character pairs that begin a term, so many shards are empty and have no file. A query whose
pairs hash into one of them (量子法案: 子法 begins no term) used to request the missing file
and fail with "the search index could not be loaded". Building 20,000 articles takes minutes,
so this test builds a synthetic archive of a hundred and writes its index with shards
sized down until the counts are those of 20,000 articles: the same files, in the same numbers.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from briefgen.archive import load_archive
from briefgen.cache import DEFAULT_CACHE, Cache
from briefgen.cli import main
from briefgen.search import bucket, hashed, shards, write_search
from browser import Tab, serve
from conftest import ROOT
from test_search_index import read_index_file

sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_archive

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTICLES = 100
#: Shard size that gives a hundred articles the shard counts of 20,000.
SMALL_SHARDS = 120


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("large")
    briefings = make_archive(ARTICLES, work / "briefings")
    # The tests' build cache (BRIEFGEN_CACHE): the archive is the same on every run, so its
    # parses and segmentation come from the last run's.
    assert main(["parse", "-q", str(briefings)]) == 0
    site = work / "site"
    assert main(["build", "-q", "--briefings", str(briefings), "--out", str(site)]) == 0
    folder = site / "static" / "search"
    shutil.rmtree(folder)
    patch = pytest.MonkeyPatch()
    patch.setattr(shards, "SHARD_BYTES", SMALL_SHARDS)
    try:
        write_search(load_archive(briefings), folder, Cache(DEFAULT_CACHE))
    finally:
        patch.undo()
    return site


@pytest.fixture
def page(tab: Tab) -> Iterator[Page]:
    """The run's 1280 px tab (browser_fixtures ``tab``), waiting longer: a large index.
    Each test serves the site at an address of its own, where nothing was fetched yet."""
    page = tab(width=1280)
    page.set_default_timeout(20_000)
    yield page
    page.set_default_timeout(10_000)


def test_the_index_has_the_shards_of_a_large_archive(large_site: Path) -> None:
    folder = large_site / "static" / "search"
    manifest = read_index_file(folder / "manifest.js")
    assert isinstance(manifest, dict)
    assert manifest["documents"] >= ARTICLES
    count = manifest["shards"]["t"]
    assert count == manifest["shards"]["p"] == shards.MAX_SHARDS
    # The manifest names every shard through one hash per run of 16 (no name table to fetch).
    assert len(manifest["hashes"]["t"]) == hashed.GROUPS == count // 16
    # The situation that failed: a term shard a query asks for has no file (term shards are
    # named by a term's first two characters: 量子法案 asks for 子法's, which begins no term).
    number = bucket("子法", count)
    assert not int(manifest["present"]["t"][number // 4], 16) >> (number % 4) & 1
    assert not list((folder / "t").glob(f"{number}.*.js"))
    # A shard that has a file is named by its run's hash: a digest of the text digests of its
    # content and its 15 neighbours'.
    run = number // 16
    names = sorted((folder / "t").glob("*.js"), key=lambda p: int(p.name.split(".")[0]))
    in_run = [p for p in names if int(p.name.split(".")[0]) // 16 == run]
    assert in_run and {p.name.split(".")[1] for p in in_run} == {manifest["hashes"]["t"][run]}
    texts = [hashed.payload(read_index_file(p)) for p in in_run]
    digests = [hashlib.blake2b(text.encode(), digest_size=16).hexdigest() for text in texts]
    assert (
        hashlib.sha256("\n".join(digests).encode()).hexdigest()[:8] == manifest["hashes"]["t"][run]
    )
    # And the manifest stays small: at most GROUPS hashes and a bit per shard for each kind,
    # whatever the archive, beside the query words (fold pairs, aliases); what grows with
    # the archive loads on demand.
    # Per kind (t, g, p, e, a): 256 quoted 8-digit hashes and a hex digit per 4 shards.
    bound = len(manifest["shards"]) * (hashed.GROUPS * 11 + shards.MAX_SHARDS // 4) + 2_000
    names = {key: value for key, value in manifest.items() if key != "words"}
    assert len(hashed.payload(names).encode()) < bound == 21_200


#: Each query, and what its first result must show: the query or one of its aliases
#: (glossary.yaml names the law 《芯片与科学法案》 and CHIPS Act too).
SHOWN = {"芯片法案": ("芯片法案", "芯片与科学法案", "芯片和科学法", "CHIPS"), "量子": ("量子",)}


@pytest.mark.parametrize("query", list(SHOWN))
def test_a_large_archive_answers_in_the_browser(large_site: Path, page: Page, query: str) -> None:
    with serve(large_site) as base:
        page.goto(base + "search.html?q=" + quote(query))
        page.wait_for_selector("#search-results li")
        status = page.inner_text("#search-status")
        assert query in status
        assert "搜索索引加载失败" not in status
        first = page.locator("#search-results li").first.inner_text()
        assert any(name in first for name in SHOWN[query]), first


def test_a_query_asking_for_an_empty_shard_answers(large_site: Path, page: Page) -> None:
    """量子法案 stands in no article whole: its words' articles are listed as partial ones."""
    with serve(large_site) as base:
        page.goto(base + "search.html?q=" + quote("量子法案"))
        page.wait_for_selector("#search-partial li")
        status = page.inner_text("#search-status")
        assert "量子法案" in status and "搜索索引加载失败" not in status
        assert page.locator("#search-results li").count() == 0
