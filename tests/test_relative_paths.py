"""Links between pages are relative: the same answer as posixpath.relpath, which asks the file
system for the working folder and is too slow for every link of every page."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.render.pages import relative_path

_PART = st.sampled_from(["en", "issues", "2024-07-jiwei-chips", "a01.html", "static", "x", "芯片"])
_PATH = st.lists(_PART, min_size=1, max_size=5).map("/".join)


@pytest.mark.parametrize(
    ("target", "folder", "expected"),
    [
        ("index.html", ".", "index.html"),
        ("issues/x/a01.html", "issues/x", "a01.html"),
        ("static/site.css", "en/issues/x", "../../../static/site.css"),
        ("en/issues/x/a01.html", "issues/x", "../../en/issues/x/a01.html"),
        ("issues/x", "issues/x", "."),
        ("issues", "issues/x", ".."),
    ],
)
def test_relative_paths_by_hand(target: str, folder: str, expected: str) -> None:
    assert relative_path(target, folder) == expected


@settings(max_examples=100, deadline=None)
@given(_PATH, st.one_of(st.just("."), _PATH))
def test_relative_paths_are_relpaths(target: str, folder: str) -> None:
    assert relative_path(target, folder) == posixpath.relpath(target, folder)
