"""Named documents: every title in 《…》 across the archive, merged through the glossary's
aliases (芯片法案 = 《芯片与科学法案》 = CHIPS Act), with every mention under any of its names."""

from __future__ import annotations

import re
from collections import Counter

from briefgen.analysis.editor_files import name_key
from briefgen.analysis.kept import KeptFindings
from briefgen.analysis.mentions import Followed, find_mentions, issue_counts, page_paths
from briefgen.analysis.text import ArticleText, NameMatcher
from briefgen.archive import Glossary, IssueEntry

#: A named document: a title in 《》 (laws, strategies, reports, programmes).
DOCUMENT_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_MARKS = str.maketrans("", "", "《》〈〉")
#: A title shorter than this (《通知》) is too common a word to count bare, outside 《》.
MIN_BARE = 4
DOCUMENTS_FOLDER = "documents"


def glossary_groups(glossary: Glossary) -> dict[str, list[str]]:
    """Each glossary alias group by its head, as names without title marks."""
    return {
        head.translate(_MARKS): [n.translate(_MARKS) for n in (head, *others)]
        for head, others in glossary.aliases.items()
    }


def title_key(title: str) -> str:
    """How titles are compared: case, spaces and 与 against 和 do not count, so
    《关键与新兴技术…》 and 《关键和新兴技术…》 are one document."""
    return "".join(name_key(title).split()).replace("与", "和")


def named_documents(
    texts: list[ArticleText],
    glossary: Glossary,
    oldest_first: list[IssueEntry],
    findings: KeptFindings | None = None,
) -> list[Followed]:
    """Every document some article names in 《》, most mentioned first (``findings``: as
    ``find_mentions`` takes them)."""
    groups = glossary_groups(glossary)
    #: A title's spelling → the document: a glossary group's head, else the first spelling.
    key_of = {title_key(n): head for head, names in groups.items() for n in names}
    written: dict[str, Counter[str]] = {}
    titles = _titles(texts, findings)
    for found in titles:
        for title in found:
            key = key_of.setdefault(title_key(title), title)
            written.setdefault(key, Counter())[title] += 1
    names: dict[str, str] = {}
    for key, forms in written.items():
        for title in forms:
            names[title if len(title) >= MIN_BARE else f"《{title}》"] = key
        for name in groups.get(key, []):
            names.setdefault(name, key)
    mentions = find_mentions(texts, NameMatcher(names), findings)
    paths = page_paths(DOCUMENTS_FOLDER, list(written))
    documents = []
    for key, forms in written.items():
        if key not in mentions:
            continue
        zh, en = f"《{forms.most_common(1)[0][0]}》", _english(groups.get(key, []))
        others = [f"《{t}》" for t in forms] + [n for n in groups.get(key, []) if n not in forms]
        documents.append(
            Followed(
                key=key,
                zh=zh,
                en=en,
                kind="document",
                path=paths[key],
                mentions=mentions[key],
                per_issue=issue_counts(mentions[key], oldest_first),
                aliases=[n for n in dict.fromkeys(others) if n not in (zh, en)],
            )
        )
    return sorted(documents, key=lambda d: (-len(d.mentions), d.zh))


def _titles(texts: list[ArticleText], findings: KeptFindings | None) -> list[list[str]]:
    """The titles in 《》 each text holds, in order (``findings``: each issue's kept)."""
    if findings is not None:
        return findings.per_text("document titles", _titles_in)
    return [_titles_in(text) for text in texts]


def _titles_in(text: ArticleText) -> list[str]:
    return DOCUMENT_TITLE.findall(text.text)


def _english(names: list[str]) -> str | None:
    """The group's first name written in Latin letters, as its English name."""
    return next((n for n in names if n[:1].isascii() and n[:1].isalpha()), None)
