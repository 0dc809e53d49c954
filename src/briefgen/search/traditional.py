"""Traditional characters in a query fold to the simplified ones the archive is written in.

OpenCC's character table (from the ``opencc-python-reimplemented`` package) maps traditional
to simplified forms. The browser gets only the pairs the archive needs: a traditional
character whose simplified form stands in some article, and which does not stand there itself.
They go into ``fold.js`` as one string of pairs (進进裝装…), which the page loads the first
time a query has a CJK character.
"""

from __future__ import annotations

from collections.abc import Collection
from importlib.resources import files

from briefgen.search.index import SearchDocument

#: OpenCC's traditional → simplified characters: "TRAD\tSIMP [OTHER …]" a line.
TABLE = ("opencc", "dictionary/TSCharacters.txt")


def opencc_characters() -> dict[str, str]:
    """Every traditional character OpenCC knows, to its first simplified form."""
    package, name = TABLE
    table: dict[str, str] = {}
    for line in files(package).joinpath(name).read_text(encoding="utf-8").splitlines():
        traditional, _tab, simplified = line.partition("\t")
        if len(traditional) == 1 and simplified.split():
            table[traditional] = simplified.split()[0]
    return table


def folding_pairs(documents: list[SearchDocument]) -> str:
    """The pairs the archive needs, as one string: traditional, simplified, traditional, …"""
    present = set().union(*(doc.exact_text() for doc in documents)) if documents else set()
    return pairs_for(present)


def pairs_for(present: Collection[str]) -> str:
    """``folding_pairs`` of an archive whose ``exact_text`` holds the characters ``present``
    (spacing may be left out: no pair has it)."""
    pairs = sorted(
        (traditional, simplified)
        for traditional, simplified in opencc_characters().items()
        if simplified in present and traditional not in present and traditional != simplified
    )
    return "".join(t + s for t, s in pairs)
