"""Candidates for the editor's entity list: names the texts use often that it lacks.

Three kinds of evidence: jieba's part-of-speech tags for organization (nt) and place (ns)
names, titles in 《》 that recur, and a full name followed by its acronym in brackets
(美国国家科学基金会（NSF）). An editor reads the list and copies what is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba.posseg

from briefgen.analysis.documents import DOCUMENT_TITLE
from briefgen.analysis.editor_files import Entity, name_key
from briefgen.analysis.text import ArticleText

#: jieba's tags worth suggesting, and the entity kind each suggests.
TAG_KINDS = {"nt": "organization", "ns": "place"}


@dataclass(slots=True)
class Candidate:
    name: str
    kind: str
    why: str
    #: Paths of the articles that use it.
    articles: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)


def suggest(
    texts: list[ArticleText],
    listed: list[Entity],
    acronyms: list[tuple[str, str]],
    min_articles: int = 2,
) -> list[Candidate]:
    """Names in at least ``min_articles`` articles that no listed entity goes by, most used
    first. ``acronyms`` are (full name, acronym) pairs the archive states."""
    known = {name_key(n) for entity in listed for n in entity.names}
    found: dict[str, Candidate] = {}

    def note(name: str, kind: str, why: str, path: str) -> None:
        if name_key(name) in known or len(name) < 2:
            return
        found.setdefault(name_key(name), Candidate(name, kind, why)).articles.add(path)

    acronym_of = {name: acronym for name, acronym in acronyms}
    for text in texts:
        path = text.entry.path
        for word, tag in jieba.posseg.cut(text.text):
            if tag in TAG_KINDS:
                note(word, TAG_KINDS[tag], f"jieba: {tag}", path)
        for title in DOCUMENT_TITLE.findall(text.text):
            note(f"《{title}》", "programme", "repeated 《》 title", path)
        for name, acronym in acronym_of.items():
            if name in text.text or re.search(
                rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])", text.text
            ):
                note(name, "organization", f"bracketed acronym {acronym}", path)
    for key, candidate in found.items():
        for name, acronym in acronym_of.items():
            if name_key(name) == key and name_key(acronym) not in known:
                candidate.aliases.append(acronym)
    chosen = [c for c in found.values() if len(c.articles) >= min_articles]
    return sorted(chosen, key=lambda c: (-len(c.articles), c.name))


def as_yaml(candidates: list[Candidate]) -> str:
    """The candidates as entries to paste under ``entities:``, each with why and how often."""
    lines = ["entities:"]
    for c in candidates:
        lines.append(f"  # {len(c.articles)} article(s); {c.why}")
        lines.append(f"  - zh: {_quoted(c.name)}")
        lines.append("    en: TODO")
        lines.append(f"    kind: {c.kind}")
        if c.aliases:
            lines.append(f"    aliases: [{', '.join(_quoted(a) for a in c.aliases)}]")
    return "\n".join(lines) + "\n"


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"
