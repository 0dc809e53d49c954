"""What marks Chinese text in any house's issue, whichever reader meets it: a sentence's end, a
numbered heading or list item, a figure's caption, a web address. One owner for each, so the
readers of text, of extracted text and of titles by their shape agree."""

from __future__ import annotations

import re

#: What a sentence ends with, a closing quote or bracket after it included.
SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", "”", "）", ")", "」", "』")
#: A line ending with these is a paragraph's last: a sentence's end or a colon before a list.
PARAGRAPH_END = (*SENTENCE_END, "：")
#: Circled numbers (①–⑳, ㉑–㉟, ㊱–㊿) by their values: list items in the running text, and
#: Word's footnote numbers where a Chinese document asks for them.
CIRCLED = {
    **{chr(0x2460 + k): 1 + k for k in range(20)},
    **{chr(0x3251 + k): 21 + k for k in range(15)},
    **{chr(0x32B1 + k): 36 + k for k in range(15)},
}
#: The circled numbers as a regular expression's character class.
CIRCLED_CLASS = re.escape("".join(CIRCLED))
#: A line that opens with a circled number, it alone or before a space.
_CIRCLED_OPENING = re.compile(rf"^([ \t]*)([{CIRCLED_CLASS}])(?=[ \t]|$)")
#: A circled number right after a word and before a space or a sentence's punctuation: where a
#: marker stands ("（NAPMP）①。"), not a list's item ("包括：①促进", "；②加强").
_CIRCLED_MARKER = re.compile(rf"(?<=\S)([{CIRCLED_CLASS}])(?=[ \t。，；：、．,.;:)）])")


def circled_notes_in_digits(text: str) -> str:
    """``text`` with the circled numbers of its notes and markers in digits, as the rest of
    the text route reads notes ("① https://…" a note, "计划①。" its marker), where Word
    numbered the notes so. A note's number opens its line alone (it was raised) or before a
    web address or a Latin word; other circled numbers (a list's "① 促进…", Word's numbered
    list written with a tab) stay, and a text with no such note is unchanged."""
    lines = text.split("\n")
    notes: set[int] = set()
    for k, line in enumerate(lines):
        opening = _CIRCLED_OPENING.match(line)
        if opening and _opens_note(line[opening.end() :].strip()):
            notes.add(CIRCLED[opening.group(2)])
            lines[k] = opening.group(1) + str(CIRCLED[opening.group(2)]) + line[opening.end() :]
    if not notes:
        return text

    def marker(found: re.Match[str]) -> str:
        number = CIRCLED[found.group(1)]
        return str(number) if number in notes else found.group(1)

    return _CIRCLED_MARKER.sub(marker, "\n".join(lines))


def _opens_note(rest: str) -> bool:
    """Whether what follows a circled number at a line's start is a note's: nothing (the
    number was raised, its text goes on below), a web address or a Latin word (a source's
    title or authors)."""
    return not rest or bool(WEB_ADDRESS.match(rest)) or (rest[0].isascii() and rest[0].isalpha())


#: Numbered headings and list items inside an article: "一、", "（一）", "1.", "（1）", "1）", "①".
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}\s*[.．、)）]\s*\S|[①-⑳])"
)
#: A number before a title ("1. ", "01 ", "3、"), where an issue numbers its articles; not a
#: decimal's ("3.25 亿欧元").
TITLE_NUMBER = re.compile(r"^(\d{1,2})(?:\s*[.．、](?!\d)\s*|\s+)(?=\S)")
#: A figure's or table's caption: "图 1 …", "表2 …".
CAPTION = re.compile(r"^[图表]\s*\d")
#: Where a web address starts.
WEB_ADDRESS = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)
