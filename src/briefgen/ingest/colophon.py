"""The colophon: who publishes an issue, who edits it and how to reach them.

Briefings print it on the cover under the masthead or after the last article (above the last
page's footnotes, when they are at the page bottom): lines of
labelled items (主办：中国科学院文献情报中心　编辑出版：…编辑部 / 主编：王丽　责任编辑：沈湘 /
地址：… 邮编：… / 电话：… 邮箱：…). It is none of the articles' text: read as text it ends the
last article's body, or the last footnote's URL. Its 主办 item names the publisher.
"""

from __future__ import annotations

import re

#: The labels a colophon's items open with.
_LABELS = (
    "主办",
    "承办",
    "协办",
    "主管",
    "编辑出版",
    "出版",
    "编辑",
    "编印",
    "主编",
    "副主编",
    "执行主编",
    "责任编辑",
    "编委",
    "审核",
    "审校",
    "审稿",
    "签发",
    "校对",
    "地址",
    "邮编",
    "邮政编码",
    "电话",
    "传真",
    "邮箱",
    "邮件",
    "网址",
    "网站",
    "联系人",
    "联系方式",
    "印刷",
    "发行",
    "报送",
    "发送",
    "抄送",
    "分送",
    "E-mail",
    "Email",
)
#: Words a label may open with or end in: 联系地址, 投稿邮箱, 电子邮件, 主办单位.
_PREFIXES = ("联系", "投稿", "通讯", "通信", "电子", "订阅", "编辑部")
_SUFFIXES = ("单位",)


def _spaced(words: tuple[str, ...]) -> str:
    """The words as alternatives, their characters perhaps spaced out to fill a column (主　编)."""
    return "|".join(r"\s*".join(map(re.escape, word)) for word in words)


#: A label and its colon.
_ITEM = re.compile(
    rf"(?:^|(?<=\s))(?:{_spaced(_PREFIXES)})?(?:{_spaced(_LABELS)})(?:{_spaced(_SUFFIXES)})?\s*[:：]",
    re.IGNORECASE,
)
#: A notice a colophon carries beside its items: 内部资料 免费交流, 注意保存.
_NOTICE = re.compile(
    r"^(?:[（(【\[]?(?:内部资料|免费交流|注意保存|仅供参考|请勿外传)[）)】\]]?[\s，,、·]*)+$"
)
_PUBLISHER = re.compile(r"主\s*办(?:\s*单\s*位)?\s*[:：]\s*(\S+)")


def is_colophon_line(text: str) -> bool:
    """Does the line open with a colophon item (主编：…)?"""
    return _ITEM.match(text.strip()) is not None


def _in_colophon(text: str) -> bool:
    return is_colophon_line(text) or _NOTICE.match(text.strip()) is not None


def is_colophon(lines: list[str]) -> bool:
    """Are these lines, each an item's or a notice's, a colophon: two lines or two items at
    least (one labelled line may be an article's own: 电话：…)?"""
    labelled = [line for line in lines if is_colophon_line(line)]
    items = sum(len(_ITEM.findall(line)) for line in labelled)
    return all(map(_in_colophon, lines)) and (len(labelled) >= 2 or items >= 2)


def colophons(texts: list[str]) -> list[range]:
    """The runs of lines in ``texts`` that are colophons."""
    runs: list[range] = []
    start = None
    for k, text in enumerate([*texts, ""]):
        if _in_colophon(text):
            start = k if start is None else start
            continue
        if start is not None and is_colophon(texts[start:k]):
            runs.append(range(start, k))
        start = None
    return runs


def publisher(lines: list[str]) -> str | None:
    """The institution a colophon's 主办 item names."""
    for line in lines:
        found = _PUBLISHER.search(line)
        if found:
            return found.group(1)
    return None
