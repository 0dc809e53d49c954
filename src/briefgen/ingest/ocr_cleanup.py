"""Undo what OCR does to Chinese text where that is cheap and safe.

Tesseract splits Chinese into "words" and writes a space between them, and it reads a
full-width comma or colon as its ASCII look-alike. Between Chinese characters neither is ever
the author's: the spaces go, the punctuation becomes full-width again. Anything less certain
(a dash read as 一一, a damaged URL) is left for the editor, and ``check`` points at URLs.
"""

from __future__ import annotations

import re

from briefgen.ingest.pages import CJK

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


def clean_ocr_text(text: str) -> str:
    """``text`` with OCR's spaces between CJK characters gone and full-width marks restored."""
    text = _DOUBLED_COLON.sub("：", text)
    text = _HALF_AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    text = _PARENS.sub(lambda m: f"（{m.group(1) or m.group(2)}）", text)
    return _WIDE_SPACE.sub("", _AROUND_TAG.sub("", _INSIDE.sub("", text)))


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
