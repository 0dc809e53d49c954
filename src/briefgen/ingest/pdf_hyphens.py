"""Latin words a typesetter hyphenated at a line end, told from compounds broken at a hyphen.

TeX (XeLaTeX, ctex), InDesign and Word with hyphenation on break a long English word where
it wraps and print a hyphen: "Microelec-" / "tronics". Browsers and word processors without
it break only at a hyphen the word has: "two-" / "dimensional". The glyph is the same, so the
document tells them apart by what it prints whole elsewhere (a title, a URL's slug): a word
seen whole was hyphenated; once a document shows that it hyphenates, a line that ends in a
piece that is no word of its own ("Ad-" / "ditive") was hyphenated too; and in any document,
pieces that make an English word and are not both words themselves are one ("In-" /
"struments", "propa-" / "gating"), where a compound broken at its own hyphen makes no word
("two" "dimensional") or is made of two ("co" "operation"). The English words are those of
CC-CEDICT's senses (cedict.english_words), a package the search stage needs anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from briefgen.cedict import english_words

#: A line ending in a Latin word piece and a hyphen (not inside a URL or a longer compound).
#: A piece of one letter is a compound's ("x-ray", "e-mail"): TeX leaves two letters at least
#: before its hyphen, and no other typesetter breaks a word after its first letter.
_PIECE_AT_END = re.compile(r"(?:^|[^\w/.\-])([A-Za-z]{2,})-$")
#: A line going on in lower case: the rest of a word.
_REST_AT_START = re.compile(r"[a-z]+")
_CAPITALS = re.compile(r"[A-Z]+(?![a-z])")
_WORD = re.compile(r"[a-z]+")
#: Endings a word list gives only the stem of: "instruments", "propagating", "funded".
_INFLECTED = re.compile(r"(?P<stem>[a-z]{3,}?)(?:s|es|ed|d|ing|ly)$")


def _english(word: str) -> bool:
    """Is ``word`` (lower case) an English word, or one inflected from it?"""
    words = english_words()
    if word in words:
        return True
    inflected = _INFLECTED.fullmatch(word)
    if inflected is None:
        return False
    stem = inflected.group("stem")
    return stem in words or stem + "e" in words


def _split(text: str, nxt: str) -> tuple[str, str] | None:
    """The word piece before a line-end hyphen and the letters that open the next line:
    lower case, or capitals after capitals ("RIM-" "PAC")."""
    piece = _PIECE_AT_END.search(text)
    if piece is None:
        return None
    rest = (_CAPITALS if piece.group(1).isupper() else _REST_AT_START).match(nxt)
    if rest is None:
        return None
    return piece.group(1).lower(), rest.group(0).lower()


@dataclass(frozen=True, slots=True)
class Hyphenation:
    """The Latin words a document prints whole, and whether it hyphenates words at all."""

    words: frozenset[str]
    hyphenates: bool

    @classmethod
    def measure(cls, texts: list[str]) -> Hyphenation:
        """From the document's printed lines in reading order (body, notes and all). The
        pieces at a line-end hyphen are no words of their own, and are not counted."""
        cut = [text.lower() for text in texts]
        splits = []
        for k, (text, nxt) in enumerate(pairwise(texts)):
            split = _split(text, nxt)
            if split is not None:
                splits.append(split)
                cut[k] = cut[k][: -len(split[0]) - 1]
                cut[k + 1] = cut[k + 1][len(split[1]) :]
        words = frozenset(w for text in cut for w in _WORD.findall(text))
        return cls(words, any(piece + rest in words for piece, rest in splits))

    def hyphenated(self, text: str, nxt: str) -> bool:
        """Is the hyphen that ``text`` ends in the typesetter's, in a word ``nxt`` finishes?"""
        split = _split(text, nxt)
        if split is None:
            return False
        piece, rest = split
        whole = piece + rest
        return (
            whole in self.words
            or (self.hyphenates and piece not in self.words)
            or (_english(whole) and not (_english(piece) and _english(rest)))
        )
