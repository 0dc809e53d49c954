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
    "通讯地址",
    "邮编",
    "电话",
    "联系电话",
    "传真",
    "邮箱",
    "电子邮箱",
    "电子邮件",
    "网址",
    "网站",
    "联系人",
    "印刷",
    "发行",
    "报送",
    "发送",
    "抄送",
    "分送",
    "E-mail",
    "Email",
)
#: A label and its colon; a label's characters may be spaced out to fill a column ("主　编").
_ITEM = re.compile(
    r"(?:^|(?<=\s))(?:"
    + "|".join(r"\s*".join(map(re.escape, label)) for label in _LABELS)
    + r")\s*[:：]",
    re.IGNORECASE,
)
_PUBLISHER = re.compile(r"主\s*办\s*[:：]\s*(\S+)")


def is_colophon_line(text: str) -> bool:
    """Does the line open with a colophon item (主编：…)?"""
    return _ITEM.match(text.strip()) is not None


def is_colophon(lines: list[str]) -> bool:
    """Are these lines, each opening with an item, a colophon: two lines or two items at least
    (one labelled line may be an article's own: 电话：…)?"""
    items = sum(len(_ITEM.findall(line)) for line in lines)
    return bool(lines) and all(map(is_colophon_line, lines)) and (len(lines) >= 2 or items >= 2)


def colophons(texts: list[str]) -> list[range]:
    """The runs of lines in ``texts`` that are colophons."""
    runs: list[range] = []
    start = None
    for k, text in enumerate([*texts, ""]):
        if is_colophon_line(text):
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
