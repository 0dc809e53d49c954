"""Undo what OCR does to Chinese text where that is cheap and safe.

Tesseract splits Chinese into "words" and writes a space between them, and it reads a
full-width comma or colon as its ASCII look-alike. Between Chinese characters neither is ever
the author's: the spaces go, the punctuation becomes full-width again. So with the other
misreadings that have one right reading in their place: a full-width bracket read as 〈 or ),
"C after a number for ℃, Al beside Chinese for AI, a URL's "//" read as W or cut by spaces, a
circled list number (①) read as @ in a list. Anything less certain (a dash read as 一一, which
is also 唯一一家; a misread letter in a URL's host) is left for the editor, and ``check`` points
at URLs that cannot be right.
"""

from __future__ import annotations

import re

from briefgen.ingest.pages import CJK
from briefgen.ingest.text_signs import CIRCLED

_WIDE = rf"[{CJK}\u3000-\u303f\uff00-\uffef]"
#: Spaces between two full-width characters.
_WIDE_SPACE = re.compile(rf"(?<={_WIDE})[ \t]+(?={_WIDE})")
#: Spaces inside brackets and quotes: "[半导体 ]", "“量子龙卷风 ”".
_INSIDE = re.compile(r"(?<=[\[(“‘])[ \t]+|[ \t]+(?=[\])”’])")
#: Spaces around a bracketed Chinese tag ("[半导体] 美智库" from "[半导体]美智库").
_AROUND_TAG = re.compile(rf"(?<=[{CJK}]\])[ \t]+(?=[{CJK}])|(?<=[{CJK}])[ \t]+(?=\[[{CJK}])")
#: ASCII punctuation OCR reads for the full-width mark after a Chinese character.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_AFTER_CJK = re.compile(rf"(?<=[{CJK}])[ \t]*([,:;?!])[ \t]*")
#: Chinese text on one side of a bracket: ideographs, full-width marks, curly quotes. A
#: bracketed aside with Chinese text right before or after it takes full-width brackets.
_CHINESE_SIDE = rf"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’]"
_PARENS = re.compile(
    rf"(?<={_CHINESE_SIDE})[ \t]*\(([^()\n:]{{1,80}})\)"
    rf"|\(([^()\n:]{{1,80}})\)[ \t]*(?={_CHINESE_SIDE})"
)
#: A colon read as two marks ("原文标题;:"): no text holds two in a row.
_DOUBLED_COLON = re.compile(r"[;；:：]{2}")
#: A full-width opening bracket read as 〈, its closing one as ")": "〈3)", "〈如微型手…)".
#: No angle bracket closes with a parenthesis.
_ANGLE_PARENS = re.compile(r"〈([^〈〉()（）\n]{1,80})[)）]")
#: ℃ read as a quote or star and a C after the number: "-271"C", "-271*C" (Markdown escapes
#: the star).
_CELSIUS = re.compile(r"(?<=\d)[ \t]*\\?[\"*°º”][ \t]*C(?![A-Za-z])")
#: AI read as Al or AL beside Chinese text ("组成，Al运算", "新一代 AL GPU"). Aluminium is
#: written 铝 in Chinese: "铝（Al）" keeps its symbol.
_AI = re.compile(
    rf"(?<!铝)(?P<before>(?!铝){_WIDE}[ \t]?)A[lL](?![A-Za-z0-9])"
    rf"|(?<![A-Za-z0-9])(?P<after>)A[lL](?=[ \t]?[{CJK}])"
)
#: A URL's "//" read as W (with or without its slashes), two backslashes or one slash, or its
#: colon as a semicolon ("https:Winteresting…", "https:/W/interesting…"). A scheme has one
#: form, and a record's URL must have it; the rest of the URL is left as read, for ``check``.
_DAMAGED_SCHEME = re.compile(
    r"(?<![A-Za-z])(https?|ftp)(?::/W/|:W/|:W|:\\\\|:/|;//|//)(?=[A-Za-z0-9])"
)
#: A URL Tesseract spaced apart where its word boxes part ("https://www.darpa. mil/news- x/1",
#: "html?print= 1"): a space after a character no URL ends with ("-", "/", "=", …) before URL
#: characters; after a dot, only before a piece with a slash (a sentence may end in a URL).
_SPACED_URL = re.compile(
    r"(?:https?|ftp)://(?:\S*(?:[/\-_=&?#][ \t]+|\.[ \t]+(?=[A-Za-z0-9._~%?=&#-]*/))"
    r"(?=[A-Za-z0-9])(?!(?:https?|ftp):))*\S*"
)


def clean_ocr_text(text: str) -> str:
    """``text`` with OCR's spaces between CJK characters gone and full-width marks restored."""
    text = _DOUBLED_COLON.sub("：", text)
    text = _HALF_AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    text = _PARENS.sub(lambda m: f"（{m.group(1) or m.group(2)}）", text)
    text = _ANGLE_PARENS.sub(r"（\1）", text)
    text = _CELSIUS.sub("℃", text)
    text = _AI.sub(lambda m: f"{m.group('before') or ''}AI", text)
    text = _DAMAGED_SCHEME.sub(r"\1://", text)
    text = _SPACED_URL.sub(lambda m: re.sub(r"[ \t]+", "", m.group(0)), text)
    return _WIDE_SPACE.sub("", _AROUND_TAG.sub("", _INSIDE.sub("", text)))


#: Circled list numbers ①…⑳ (a list of more is not read back from Tesseract's "@").
_CIRCLED = "".join(CIRCLED)[:20]
#: A circled number as Tesseract reads it ("@D", "@)", "@@", "(@)", "G@)") where a list item
#: starts: after a colon, semicolon or comma, before Chinese text.
_CIRCLED_READ = re.compile(rf"(?<=[：；，:;,])[ \t]*[（(]?[GD]?@{{1,2}}[GD]?[)）]?(?=[{CJK}])")


def clean_ocr_body(text: str) -> str:
    """An article's whole text cleaned: what a row's cleanup does, again where a bracket opens
    on one row and closes on the next, and the circled numbers of its lists."""
    return restore_circled_numbers(clean_ocr_text(text))


def restore_circled_numbers(text: str) -> str:
    """Circled list numbers (①②③) read as "@" put back, in each paragraph of ``text``.

    A list runs from a colon: its items are parted by semicolons. An item's number is one more
    than the semicolons before it since the colon, or than the circled number before it, which
    ever is more (a semicolon misread as a comma, a number misread as 印, lose one of them).
    A "@" where no list is open stays as read.
    """
    return "\n".join(_restore_in_paragraph(line) for line in text.split("\n"))


def _restore_in_paragraph(text: str) -> str:
    out: list[str] = []
    last = 0
    for found in _CIRCLED_READ.finditer(text):
        before = "".join(out) + text[last : found.start()]
        colon = max(before.rfind("："), before.rfind(":"))
        if colon < 0:
            continue
        items = before[colon:]
        previous = max((_CIRCLED.index(ch) + 1 for ch in items if ch in _CIRCLED), default=0)
        number = max(items.count("；") + items.count(";") + 1, previous + 1)
        if number > len(_CIRCLED):
            continue
        out.append(text[last : found.start()] + _CIRCLED[number - 1])
        last = found.end()
    return "".join(out) + text[last:]


#: A host name: labels of letters, digits and hyphens, a top-level domain of letters.
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?$")
#: What may stand in a URL's path, query and fragment (RFC 3986), percent escapes apart.
_URL_TAIL = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*$")
_SCHEME = re.compile(r"^(https?|ftp)://")
#: Generic top-level domains the cited sources use; any two-letter one is a country's. An
#: unknown one is more likely a misread slash ("nikkei.comyindustry") than a new domain.
_GENERIC_TLDS = frozenset(
    "com org net gov edu int mil info biz io ai app dev tech news online site eu asia".split()
)


def url_damage(url: str) -> str | None:
    """Why ``url`` looks damaged (by OCR, say), or None when it is a well-formed URL.

    Only form is checked, never whether the page exists: a misread letter in a path goes
    unseen, a misread slash or dot in the host name or a character no URL holds does not.
    """
    scheme = _SCHEME.match(url)
    if not scheme:
        return "it does not start with http://, https:// or ftp://"
    rest = url[scheme.end() :]
    host, _, tail = rest.partition("/")
    if not _HOST.match(host.lower()):
        return f"{host!r} is not a host name"
    tld = host.lower().split(":")[0].rsplit(".", 1)[-1]
    if len(tld) != 2 and tld not in _GENERIC_TLDS:
        return f"{host!r} ends in an unusual top-level domain {tld!r}"
    tail = re.sub(r"%[0-9A-Fa-f]{2}", "", tail)
    odd = sorted({ch for ch in tail if not _URL_TAIL.match(ch)})
    if odd:
        return "it holds characters no URL does: " + " ".join(repr(ch) for ch in odd)
    return None
