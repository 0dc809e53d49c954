"""Names of the same thing, for queries: the glossary's aliases and those the archive teaches.

Editors list aliases in the glossary (芯片法案: [《芯片与科学法案》, CHIPS Act, …]). The archive
also teaches its own: a full name followed by its acronym in brackets, 美国国家科学基金会（NSF）,
makes the two names aliases. Which characters before the bracket belong to the name is a guess
(jieba's words, cut after the last connecting word such as 的, 和, 通过), so ``briefgen check``
lists every learned pair and the glossary's ``not_aliases`` vetoes a wrong one.

The browser gets a table of fold()ed names in the manifest; a query clause (or the whole query)
that is one of the names asks for any of them (``variants`` in search-core.js).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.archive import Glossary
from briefgen.cache import Cache, key
from briefgen.search.blocks import Block
from briefgen.search.index import SearchDocument
from briefgen.search.segment import fold, words

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
#: A CJK run, then an acronym in brackets: two or more capitals, digits and - allowed.
_NAMED = re.compile(f"([{_CJK}]{{3,}})[（(]([A-Z][A-Za-z0-9-]*[A-Z0-9])[）)]")
#: Words that join a name to the sentence before it: the name starts after the last one.
_CONNECTORS = frozenset(
    "的 和 与 及 在 由 据 为 了 将 对 向 从 用 被 把 以 于 通过 建立 针对 包括 推动 利用 使用"
    " 显示 宣布 成立 展示 转换 低于 基于 布由 布在 一座 造 公布 发布 取消 获得 推出 培育 推进"
    " 进一步 最新 一份 一种 拟议 知名 引入 叠加 制造商 当选 加入 成为 启动 设立 组建".split()
)
#: A learned full name is at least this long: shorter ones (存储器, 高清) are too general.
MIN_NAME = 4
MAX_NAME = 16
#: Marks around titles that the text may or may not put around a name.
_TITLE_MARKS = str.maketrans("", "", '《》〈〉「」『』“”"')


@dataclass(frozen=True, slots=True)
class LearnedAlias:
    """A full name and its acronym, as the archive's text pairs them."""

    name: str
    acronym: str
    #: The first article where the pair stands, for editors reviewing it.
    path: str


def learned_aliases(documents: list[SearchDocument]) -> list[LearnedAlias]:
    """Every distinct (name, acronym) pair the articles state, in archive order."""
    seen: dict[tuple[str, str], LearnedAlias] = {}
    for doc in documents:
        for run, acronym in _NAMED.findall(doc.text):
            if sum(ch.isupper() for ch in acronym) < 2:
                continue  # 英特尔（Intel）is a translation, not an acronym
            name = _full_name(run)
            if len(name) >= MIN_NAME and (name, acronym) not in seen:
                seen[name, acronym] = LearnedAlias(name, acronym, doc.path)
    return list(seen.values())


def learned_by_block(
    blocks: list[Block], documents: Callable[[Block], list[SearchDocument]], cache: Cache
) -> list[LearnedAlias]:
    """``learned_aliases`` of every block's ``documents``, each block's pairs kept in
    ``cache`` by the block's digest (its articles, the code, the segmenter) and its articles'
    paths: a rebuild reads again (and asks ``documents`` for) only the blocks whose articles
    changed."""
    seen: dict[tuple[str, str], LearnedAlias] = {}
    for block in blocks:
        entry = key("learned aliases", block.digest, *(e.path for e in block.entries))
        stored = cache.get("learned-aliases", entry)
        if isinstance(stored, list):
            learned = [LearnedAlias(*row) for row in stored]
        else:
            learned = learned_aliases(documents(block))
            cache.put("learned-aliases", entry, [[a.name, a.acronym, a.path] for a in learned])
        for alias in learned:
            seen.setdefault((alias.name, alias.acronym), alias)
    return list(seen.values())


def _full_name(run: str) -> str:
    """The end of a CJK run that names the thing: jieba's words after the last connector,
    at most MAX_NAME characters."""
    name: list[str] = []
    for word in reversed(words(run)):
        if word in _CONNECTORS or len(word) + sum(map(len, name)) > MAX_NAME:
            break
        name.insert(0, word)
    # A run cut mid-sentence starts with a stray character (2024年|世界移动通信大会).
    while len(name) > 1 and len(name[0]) == 1:
        name.pop(0)
    return "".join(name)


def _key(name: str) -> str:
    return fold(name.translate(_TITLE_MARKS)).strip()


def reviewed(glossary: Glossary, learned: list[LearnedAlias]) -> list[LearnedAlias]:
    """The learned aliases the glossary's ``not_aliases`` leaves in."""
    vetoed = {frozenset((_key(a), _key(b))) for a, b in glossary.not_aliases}
    return [a for a in learned if frozenset((_key(a.name), _key(a.acronym))) not in vetoed]


def alias_table(glossary: Glossary, learned: list[LearnedAlias]) -> dict[str, list[str]]:
    """fold()ed name → the other names a query for it also asks for.

    The glossary's groups hold together: every name asks for every other. A learned pair
    does not chain: 电子设计自动化 asks for EDA and EDA for every name it abbreviates, but two
    names that share an acronym (EDA is also 经济发展管理局) do not ask for each other.
    Pairs under ``not_aliases`` are left out.
    """
    vetoed = {frozenset((_key(a), _key(b))) for a, b in glossary.not_aliases}
    table: dict[str, list[str]] = {}

    def link(a: str, b: str) -> None:
        if a and b and a != b and frozenset((a, b)) not in vetoed:
            table.setdefault(a, [])
            if b not in table[a]:
                table[a].append(b)

    for name, others in glossary.aliases.items():
        group = [_key(name), *(_key(other) for other in others)]
        for a in group:
            for b in group:
                link(a, b)
    for alias in learned:
        name, acronym = _key(alias.name), _key(alias.acronym)
        link(name, acronym)
        link(acronym, name)
    return table
