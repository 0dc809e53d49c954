"""Word segmentation for the index (jieba, cut by rjieba) and for queries (the index's vocabulary).

Chinese has no spaces, so text is cut into words before lunr sees it: jieba's search mode
also yields the shorter words inside long ones (国家自然科学基金委员会 → 自然, 科学, 基金, …).
Latin words and acronyms (HBM, CHIPS, NXT:2050i) stay whole and lower-case. lunr's own
pipeline (trimmer, stop words, stemmer) is emptied on both sides: its trimmer deletes CJK
characters and its stemmer would turn CHIPS into chip.

The browser cannot run jieba, so it cuts a query with the index's own vocabulary
(``query_terms``, mirrored in ``templates/static/search-core.js``): every piece of the query
that is a term of the index, which is the set jieba's search mode would find there.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from functools import cache

import jieba

from briefgen.lazy import lazy_module
from briefgen.search.english import dictionary_entries

#: Loaded when a text is first cut: its dictionary takes a fifth of a second to load, which
#: ``check`` and a build with nothing to do never need.
rjieba = lazy_module("rjieba")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
#: A CJK run, or a Latin word: letters and digits, with inner . : + _ kept (NXT:2050i, C++).
_PIECES = re.compile(f"[{_CJK}]+|[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?")
#: The longest CJK piece of a query looked up whole in the vocabulary.
MAX_TERM = 12
_SPACES = re.compile(r"\s+")
#: A query's parts: an optional minus, then a "quoted phrase" (closing quote optional) or a word.
_QUERY_PARTS = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def load_dictionaries() -> None:
    """Load the segmenter's dictionary and CC-CEDICT's entries now: processes forked later
    inherit them instead of loading their own (a process that builds again and again, as
    ``serve`` and the tests do, forks new workers for every build)."""
    tokens("预热")
    dictionary_entries()


def words(text: str) -> list[str]:
    """jieba's words of a text (precise mode).

    A CJK run is cut by rjieba, whose precise mode equals jieba's there
    (tests/test_segment_rjieba.py checks every run of the archive) and which needs no second
    dictionary: jieba's takes about a second to load, in every process that learns aliases.
    """
    found: list[str] = rjieba.cut(text, True) if _CJK_RUN.fullmatch(text) else jieba_words(text)
    return found


def jieba_words(text: str) -> list[str]:
    """``words`` as jieba itself cuts them: the reference, and what mixed text gets (on
    FUTUR-IC the two precise modes differ)."""
    found: list[str] = _jieba().lcut(text)
    return found


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case: what both sides index and query."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Index terms of a text: jieba search-mode words for CJK runs (cut by rjieba), whole
    Latin words."""
    return _tokens(text, _search_words)


def jieba_tokens(text: str) -> list[str]:
    """``tokens`` as jieba itself cuts them: the reference."""
    return _tokens(text, lambda piece: _jieba().cut_for_search(piece, HMM=True))


def _search_words(piece: str) -> list[str]:
    # jieba is the reference; rjieba (jieba-rs: the same dictionary and HMM) cuts a CJK run
    # into the same search-mode words ten times faster (tests/test_segment_rjieba.py checks
    # it on the archive).
    found: list[str] = rjieba.cut_for_search(piece, True)
    return found


def _tokens(text: str, cut: Callable[[str], Iterable[str]]) -> list[str]:
    out: list[str] = []
    for piece in _PIECES.findall(normalise(text)):
        # A piece is a CJK run or a Latin word, which starts with [a-z0-9]; the words of a CJK
        # run are CJK characters, never spacing, so none is dropped.
        if piece[0] > "\x7f":
            out += cut(piece)
        else:
            out.append(piece)
    return out


def query_terms(query: str, vocabulary: Container[str]) -> list[str]:
    """The index terms a query asks for, in query order; the browser does the same.

    Latin words are taken whole. A CJK run gives every piece of it (up to MAX_TERM characters)
    that is a term of the index, so 人工智能法案 asks for 人工, 智能, 人工智能 and 法案; a
    character no term covers is asked for alone when it is a term itself.
    """
    terms: list[str] = []
    for piece in _PIECES.findall(normalise(query)):
        if not _CJK_RUN.fullmatch(piece):
            terms.append(piece)
            continue
        covered = [False] * len(piece)
        for size in range(min(len(piece), MAX_TERM), 1, -1):
            for start in range(len(piece) - size + 1):
                word = piece[start : start + size]
                if word in vocabulary:
                    terms.append(word)
                    covered[start : start + size] = [True] * size
        terms += [ch for k, ch in enumerate(piece) if not covered[k] and ch in vocabulary]
    return list(dict.fromkeys(terms))


def fold(text: str) -> str:
    """The text exact matches are looked for in: normalise()d a character at a time, spacing
    collapsed. ``fold`` in search-core.js does the same to a query."""
    return _SPACES.sub(" ", text.translate(_FOLDED))


class _FoldedCharacters(dict[int, str]):
    """Code point → the character ``fold`` makes of it, worked out the first time it is met:
    ``str.translate`` then folds a whole article in C (the build folds every character of the
    archive)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).lower()
        self[code] = value = folded if len(folded) == 1 else ch.lower()
        return value


_FOLDED = _FoldedCharacters()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as the reader means it (``parseQuery`` in search-core.js does the same)."""

    #: Words and quoted phrases, fold()ed: every one must stand in a full match.
    clauses: list[str]
    #: -words and -"phrases", fold()ed: an article holding one is left out.
    excluded: list[str]
    #: The clauses joined (without a space between two CJK ends): the exact phrase.
    needle: str


def parse_query(query: str) -> ParsedQuery:
    clauses: list[str] = []
    excluded: list[str] = []
    for match in _QUERY_PARTS.finditer(query):
        quoted = match.group(2) is not None
        minus = match.group(1) if quoted else match.group(3)
        piece = fold(match.group(2) if quoted else match.group(4)).strip()
        if piece:
            (excluded if minus else clauses).append(piece)
    needle = ""
    for clause in clauses:
        glue = (
            ""
            if not needle or (_CJK_RUN.fullmatch(needle[-1]) and _CJK_RUN.fullmatch(clause[0]))
            else " "
        )
        needle += glue + clause
    return ParsedQuery(clauses, excluded, needle)
