"""A gram's posting spliced as text: the runs of one block of refs replaced where they stand
in the shard's JSON, the numbers before and after them left as text.

A title fixed by hand shifts every position of its article, so every gram of the article
(some 1,500) has its posting patched, and a common gram's posting holds hundreds of
thousands of numbers. Decoding each whole, splicing it and encoding it again was the largest
part of the gram step's patch at 20,000 articles; cutting the text at its commas is several
times cheaper than either, and only the runs' heads (ref deltas and, for places, counts) are
read as numbers to find where the block's runs stand (``splice.splice`` does the same on
numbers, and is the reference).
"""

from __future__ import annotations

from itertools import islice

#: What a posting's runs are: characters' [ref delta, count], grams' [ref delta, n, n places].
PAIRS = "pairs"
PLACES = "places"


def numbers_in(text: str) -> int:
    """How many numbers the JSON list ``text`` (of numbers, no spaces) holds."""
    return text.count(",") + 1 if len(text) > 2 else 0


def splice_text(old: str | None, new: list[int], start: int, size: int, runs: str) -> str | None:
    """``splice.splice`` of the posting ``old`` (its JSON text, None for none) with ``new``
    (the block's own runs, refs from 0), as JSON text (None when no run is left)."""
    parts = old[1:-1].split(",") if old is not None and len(old) > 2 else []
    places = runs == PLACES
    count = len(parts)
    first, last = _runs_before(parts, 0, 0, start, places)
    at, ref = _runs_before(parts, first, last, start + size, places)
    middle: list[int] = []
    ref_new = done = 0
    while done < len(new):
        ref_new += new[done]
        end = done + (2 + new[done + 1] if places else 2)
        middle.append(start + ref_new - last)
        middle.extend(new[done + 1 : end])
        last = start + ref_new
        done = end
    text = old or ""
    pieces: list[str] = []
    # Characters of the numbers before the block's runs (their commas not counted).
    before = sum(map(len, islice(parts, first)))
    if first:
        pieces.append(text[1 : before + first])
    if middle:
        pieces.append(",".join(map(str, middle)))
    if at < count:
        pieces.append(str(ref + int(parts[at]) - last))
        if at + 1 < count:
            offset = before + sum(map(len, islice(parts, first, at + 1))) + at + 1
            pieces.append(text[1 + offset : -1])
    return f"[{','.join(pieces)}]" if pieces else None


def _runs_before(parts: list[str], at: int, ref: int, bound: int, places: bool) -> tuple[int, int]:
    """From the run at index ``at`` (its ref before it ``ref``), the index of the first run
    whose ref reaches ``bound``, and the ref before it: only the runs' heads read."""
    while at < len(parts):
        delta = int(parts[at])
        if ref + delta >= bound:
            break
        ref += delta
        at += 2 + int(parts[at + 1]) if places else 2
    return at, ref


#: ... and a term's field: [ref delta, term frequency, field length].
TRIPLES = "triples"


def posting_end(text: str, runs: str) -> int:
    """The ref of the last run of the posting ``text`` (its JSON text; 0 for none): its
    deltas added up."""
    if len(text) <= 2:
        return 0
    parts = text[1:-1].split(",")
    if runs != PLACES:
        return sum(map(int, parts[:: 2 if runs == PAIRS else 3]))
    ref = at = 0
    while at < len(parts):
        ref += int(parts[at])
        at += 2 + int(parts[at + 1])
    return ref
