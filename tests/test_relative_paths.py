"""Links between pages are relative: the same answer as posixpath.relpath, which asks the file
system for the working folder and is too slow for every link of every page."""

from __future__ import annotations

import itertools
import posixpath
import random

import pytest

from briefgen.render.page import relative_path

_PARTS = ["en", "issues", "2024-07-jiwei-chips", "a01.html", "static", "x", "芯片"]
#: Every path of one or two parts, and a fixed sample of paths of three to five.
_SHORT = ["/".join(p) for n in (1, 2) for p in itertools.product(_PARTS, repeat=n)]
_RANDOM = random.Random(20261130)
_LONG = ["/".join(_RANDOM.choices(_PARTS, k=_RANDOM.randint(3, 5))) for _ in range(40)]


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


def test_relative_paths_are_relpaths() -> None:
    folders = [".", *_PARTS, *_LONG]
    for target, folder in itertools.product(_SHORT + _LONG, folders):
        assert relative_path(target, folder) == posixpath.relpath(target, folder), (target, folder)
