"""`briefgen inspect`: one HTML page per PDF page, each line with its role and why."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.ingest.pdf_inspect import parse_page_range
from conftest import SEED_IDS, parsed
from producers import seed_pdfs

pytestmark = pytest.mark.slow  # prints a seed issue as PDF (cached between runs) and inspects it

_ROW = re.compile(
    r"<tr[^>]*><td[^>]*>[\d.-]+</td><td[^>]*>[\d.-]+</td><td[^>]*>[\d.]+</td>"
    r"<td>([^<]*)</td><td>(.*?)</td><td>(.*?)</td></tr>"
)


def _lines(page: Path) -> list[tuple[str, str, str]]:
    """(role, text, why) of every line the page lists, markers shown as [n]."""
    html = page.read_text(encoding="utf-8")
    return [
        (unescape(role), unescape(re.sub(r"<sup[^>]*>(\d+)</sup>", r"[\1]", text)), unescape(why))
        for role, text, why in _ROW.findall(html)
    ]


@pytest.fixture(scope="module")
def inspected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = seed_pdfs([SEED_IDS[0]], ["page-bottom"])[SEED_IDS[0], "page-bottom"]
    out = tmp_path_factory.mktemp("inspect")
    assert main(["inspect", str(pdf), "--pages", "1-2", "--out", str(out)]) == 0
    return out


def test_inspect_writes_the_chosen_pages_and_an_index(inspected: Path) -> None:
    assert sorted(p.name for p in inspected.iterdir()) == [
        "index.html",
        "page-001.html",
        "page-002.html",
    ]
    index = (inspected / "index.html").read_text(encoding="utf-8")
    assert "信息科技快报" in index and 'href="page-002.html"' in index
    # Plain HTML that works from disk: no script, no external asset.
    for page in inspected.iterdir():
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "http" not in html.split("</style>")[0]


def test_inspect_names_each_lines_role_and_why(inspected: Path) -> None:
    first = parsed(SEED_IDS[0]).articles[0]
    lines = _lines(inspected / "page-001.html")
    roles = {role for role, _text, _why in lines}
    assert {"masthead", "section", "title", "body", "footnote", "header or footer"} <= roles
    assert ("section", first.section) in {(r, t) for r, t, _w in lines}
    titles = "".join(t for r, t, _w in lines if r == "title")
    assert first.title in titles
    footer = next(w for r, t, w in lines if r == "header or footer" and "1" in t)
    assert "page number" in footer
    # A marker is shown raised where it was printed, and the reason names it.
    marked = [(t, w) for r, t, w in lines if r == "body" and re.search(r"\[\d+\]", t)]
    assert marked and all("markers" in why for _t, why in marked)
    notes = [w for r, _t, w in lines if r == "footnote"]
    assert notes and all("body size" in why for why in notes)


def test_inspect_says_what_is_wrong_with_a_missing_file(tmp_path: Path) -> None:
    assert main(["inspect", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "o")]) == 1


def test_page_ranges() -> None:
    assert parse_page_range("1-3", 10) == [1, 2, 3]
    assert parse_page_range("2,5-6,40", 8) == [2, 5, 6]
    assert parse_page_range(None, 3) == [1, 2, 3]
