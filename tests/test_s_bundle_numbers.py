"""One alias bundle a file: the build and the page number the bundles alike.

Two names whose buckets fell together shared a file, so a query for one fetched and read the
other's postings too (人工智能 and 经济合作与发展组织 at 2,000 and 20,000 synthetic articles:
half of the 593 KB 人工智能 fetched at 20,000 was the other's). Each key now has a number of
its own (``bundle_numbers``); the page works the numbers out from the manifest's aliases
(``bundleNumbers`` in search-text.js), so the two must agree key for key.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from briefgen.search.bundles import bundle_count, bundle_numbers
from briefgen.search.shards import bucket
from test_search_index import TEXT_JS, read_index_file


def _page_numbers(cases: list[tuple[list[str], int]]) -> list[dict[str, int]]:
    """search-text.js's bundleNumbers over each case's keys (in the order given) and count,
    under node: one process for every case (a node start costs more than the cases)."""
    script = (
        f"const core = require({json.dumps(str(TEXT_JS))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(cases.map(([keys, count]) =>"
        " Object.fromEntries(core.bundleNumbers(keys, count)))));"
    )
    done = subprocess.run(
        ["node", "-e", script],
        input=json.dumps(cases, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def _crowded_keys() -> list[str]:
    """Keys of which many share a bucket at a small count, some past the Basic Multilingual
    Plane (𠀀, U+20000) beside characters JavaScript's own sort puts after them (U+FF21 Ａ,
    U+E000): code point order and UTF-16 order differ there."""
    keys = ["人工智能", "经济合作与发展组织", "ai", "oecd", "\U00020000", "\uff21", "\ue000"]
    keys += [f"\U00020000{n}" for n in range(6)] + [f"\uff21{n}" for n in range(6)]
    return keys + [f"名{n}" for n in range(40)]


COUNTS = (64, 128, 1024)


@pytest.fixture(scope="module")
def page_numbers() -> dict[tuple[int, bool], dict[str, int]]:
    """The page's numbers of the crowded keys at each count, in their order and reversed."""
    cases = [(count, backwards) for count in COUNTS for backwards in (False, True)]
    keys = _crowded_keys()
    made = _page_numbers([(keys[::-1] if b else keys, count) for count, b in cases])
    return dict(zip(cases, made, strict=True))


@pytest.mark.parametrize("count", COUNTS)
def test_page_numbers_bundles_as_the_build_does(
    count: int, page_numbers: dict[tuple[int, bool], dict[str, int]]
) -> None:
    keys = _crowded_keys()
    numbers = bundle_numbers(keys, count)
    assert len(set(numbers.values())) == len(keys)  # one file a key
    assert all(0 <= n < count for n in numbers.values())
    # Buckets do collide among these keys: some key is moved off its own bucket.
    assert any(numbers[key] != bucket(key, count) for key in keys) or count == 1024
    for backwards in (False, True):  # the manifest's key order does not matter
        assert page_numbers[count, backwards] == numbers


def test_every_key_keeps_its_bucket_when_no_other_takes_it() -> None:
    keys = _crowded_keys()
    count = bundle_count(len(keys))
    numbers = bundle_numbers(keys, count)
    taken_first = {}
    for key in sorted(keys):
        taken_first.setdefault(bucket(key, count), key)
    for number, key in taken_first.items():
        assert numbers[key] == number


def test_bundle_count_leaves_room_for_every_key() -> None:
    assert bundle_count(0) == 1
    assert bundle_count(3) == 32
    assert bundle_count(10_000) >= 10_000  # past MAX_SHARDS: still a number a key


@pytest.mark.slow  # builds the seed site
def test_each_bundle_file_holds_one_name(seed_site: Path) -> None:
    folder = seed_site / "static" / "search"
    manifest = read_index_file(folder / "manifest.js")
    assert isinstance(manifest, dict)
    aliases = manifest["words"]["aliases"]
    count = manifest["shards"]["a"]
    files = sorted((folder / "a").glob("*.js"))
    assert len(files) == len(aliases)
    held = {}
    for path in files:
        data = read_index_file(path)
        assert isinstance(data, dict) and len(data) == 1, path.name
        (key,) = data
        held[key] = int(path.name.split(".")[0])
    # Where the page looks for each key's bundle is where the build put it.
    assert _page_numbers([(list(aliases), count)]) == [held]
