"""Alias bundles written in ASCII: what JSON.parse reads is one byte a character.

V8 keeps a string of Latin-1 characters alone one byte a character and parses JSON from it
much faster than from a string with a CJK key in it (an alias bundle of 372 KB at 20,000
articles: some 10 ms against 15 to 18 in node), which was most of the time between its last
byte and its data handed over. The alias bundles spell every character past ASCII as a JSON
escape (``hashed.script`` with ``ascii``); the data the page reads, and the text the build
reads back (``script_payload``), are as before.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.search.hashed import payload, read_script, script, script_payload
from test_search_index import read_index_file

#: Keys and strings with what the escapes must get right: CJK, characters past U+FFFF (a
#: surrogate pair in JSON), U+2028, Latin-1, control characters, quotes, backslashes (one
#: before a "u" too), and "</".
_TEXT = st.text(
    st.sampled_from(list("人工智能a\\u'\"</é\x01\x7f\u2028\U00020000\U0001f600 0")), max_size=12
)
_DATA = st.dictionaries(
    _TEXT, st.one_of(st.integers(-5, 5), st.lists(st.integers(0, 9)), _TEXT), max_size=5
)


# No deadline: on a busy machine one example can take Hypothesis's 200 ms (a flaky fail).
@settings(deadline=None)
@given(_DATA, st.booleans())
def test_the_build_reads_back_the_text_it_wrote(data: dict, ascii: bool) -> None:
    text = payload(data)
    written = script("a/7.0123abcd", text, ascii)
    assert script_payload(written) == text
    if ascii:
        assert written.isascii()


def _node_reads(scripts: list[str]) -> list[object]:
    """What each script hands to BriefgenSearch.loaded, run by node."""
    runner = (
        "const out = []; global.BriefgenSearch = {loaded: (name, data) => out.push(data)};"
        "for (const s of JSON.parse(require('fs').readFileSync(0, 'utf8'))) eval(s);"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(
        ["node", "-e", runner],
        input=json.dumps(scripts),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_the_page_reads_the_same_data_from_either_script() -> None:
    data = [
        {"人工智能": {"terms": {"人工": [3, [0, 1, 2]]}, "places": {"人工智能": [0, 1, 4]}}},
        {"\U00020000\u2028é": [1], "a\\u4eba</script>'": "\U0001f600\x01", "": None},
    ]
    scripts = [script("a/1.0", payload(item), ascii) for item in data for ascii in (False, True)]
    assert _node_reads(scripts) == [item for item in data for _ascii in (False, True)]


def test_alias_bundles_are_ascii_and_hold_what_they_did(seed_site: Path) -> None:
    folder = seed_site / "static" / "search"
    bundles = sorted((folder / "a").glob("*.js"))
    assert bundles
    names = set()
    for path in bundles:
        written = path.read_text(encoding="utf-8")
        assert written.isascii(), path.name
        data = read_script(folder, f"a/{path.name[: -len('.js')]}")
        assert data == read_index_file(path)
        assert isinstance(data, dict)
        names.update(data)
    assert any(not name.isascii() for name in names)  # CJK keys, spelled out
    # The other index files stay as they were: their characters as they are.
    others = [folder / "manifest.js", *sorted((folder / "t").glob("*.js"))[:20]]
    assert not all(path.read_text(encoding="utf-8").isascii() for path in others)


@pytest.mark.parametrize("ascii", [False, True])
def test_script_hands_its_name_over_without_the_hash(ascii: bool) -> None:
    assert script("a/12.deadbeef", "{}", ascii).startswith('BriefgenSearch.loaded("a/12",')
