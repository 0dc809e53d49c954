"""The characters a PDF's text means, where its font maps glyphs to look-alike code points.

A CJK font draws 长 and the radical ⻓ (U+2ED3) with one glyph; a producer that writes the
ToUnicode map from glyphs (chromium through Skia) then names the radical, and the record would
hold a character no reader types or searches for. Kangxi radicals (U+2F00–U+2FDF) and CJK
compatibility ideographs (U+F900–U+FAFF) have Unicode decompositions to the ordinary
character; most of the CJK Radicals Supplement (U+2E80–U+2EFF) has none, hence the table.
A writer that names each glyph by the lowest code point the font maps to it (Qt's, in
wkhtmltopdf) also gives rare characters for common ones: see ``_SHARED_GLYPHS``. Text that
another tool extracted from such a PDF holds the same characters (``text.parse_text``).
"""

from __future__ import annotations

import re
import unicodedata

#: Ligatures some fonts map to one glyph; the record should hold the letters. Noto CJK
#: joins the two dashes of "——" into one glyph (its ``ccmp``), which LuaLaTeX names as the
#: two-em dash U+2E3A: Chinese text types (and searches) the pair.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
    | {"\u2e3a": "——", "\u2e3b": "———"}
)

#: CJK Radicals Supplement entries whose shape is a whole character of simplified Chinese,
#: so fonts share the glyph: each radical and the character it prints as. Side and top forms
#: (⻊ foot, ⻏ city, ⻗ rain) are no characters of their own and stay. Only ⺟ and ⻳ have a
#: Unicode decomposition; the rest are from the radicals' names (C-SIMPLIFIED LONG is 长).
_RADICALS = str.maketrans(
    {
        "⺓": "幺",
        "⺝": "月",
        "⺟": "母",
        "⺠": "民",
        "⺩": "王",
        "⻄": "西",
        "⻅": "见",
        "⻆": "角",
        "⻈": "讠",
        "⻉": "贝",
        "⻋": "车",
        "⻐": "钅",
        "⻑": "長",
        "⻓": "长",
        "⻔": "门",
        "⻘": "青",
        "⻙": "韦",
        "⻚": "页",
        "⻛": "风",
        "⻜": "飞",
        "⻝": "食",
        "⻠": "饣",
        "⻢": "马",
        "⻣": "骨",
        "⻤": "鬼",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻧": "卤",
        "⻨": "麦",
        "⻩": "黄",
        "⻪": "黾",
        "⻬": "齐",
        "⻮": "齿",
        "⻰": "龙",
        "⻳": "龟",
    }
)
#: Characters that fonts for simplified Chinese (Noto Sans and Serif CJK SC) draw with the
#: glyph of a common character at a higher code point, and what they print as: the Kangxi
#: radical DOOR (whose decomposition is the traditional 戶, not the 户 it shares a glyph with)
#: and CJK Extension A variants, none of them in the text of a simplified-Chinese briefing.
#: The katakana middle dot and the dingbat circled digits ➀–➉ share the glyphs of the 间隔号
#: "·" (冯·诺依曼) and of ①–⑩ in Noto CJK SC, and xdvipdfmx (XeLaTeX's writer) names them.
#: The figure dash ‒ is the en dash's glyph in the fonts tried, and Qt names that glyph by it
#: (a page range "534–539" read "534‒539"); the non-breaking hyphen ‑ is the hyphen's, and
#: MuPDF names that glyph by it (URLs read "news‑events").
_SHARED_GLYPHS = str.maketrans(
    {"⼾": "户", "㫚": "曶", "㬵": "胶", "㬺": "幐", "㮣": "槩", "・": "·", "‒": "–", "‑": "-"}
    | {chr(0x2780 + k): chr(0x2460 + k) for k in range(10)}
)
#: Kangxi radicals and compatibility ideographs: their decomposition is the ordinary character.
_DECOMPOSABLE = re.compile(r"[\u2f00-\u2fdf\uf900-\ufaff]")


#: Any character ``clean_text`` changes: most text has none, and one search for them costs
#: less than the three translations (it runs for every glyph run of every page).
_UNCLEAN = re.compile(
    "[\x00"
    + "".join(re.escape(chr(code)) for code in sorted({*_LIGATURES, *_SHARED_GLYPHS, *_RADICALS}))
    + _DECOMPOSABLE.pattern[1:]
)


def clean_text(text: str) -> str:
    """Undo what extraction does to CJK text: NULs between characters, ligatures, radicals."""
    if _UNCLEAN.search(text) is None:
        return text
    text = text.replace("\x00", "").translate(_LIGATURES).translate(_SHARED_GLYPHS)
    text = text.translate(_RADICALS)
    return _DECOMPOSABLE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
