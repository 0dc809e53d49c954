"""Entities: the editor's organizations, companies and programmes, found under every name."""

from __future__ import annotations

from briefgen.analysis.editor_files import Entity
from briefgen.analysis.kept import KeptFindings
from briefgen.analysis.mentions import Followed, find_mentions, issue_counts, page_paths
from briefgen.analysis.text import ArticleText, NameMatcher
from briefgen.archive import IssueEntry

ENTITIES_FOLDER = "entities"


def followed_entities(
    texts: list[ArticleText],
    entities: list[Entity],
    oldest_first: list[IssueEntry],
    findings: KeptFindings | None = None,
) -> list[Followed]:
    """Every entity of the list, mentioned or not, in the list's order (``findings``: as
    ``find_mentions`` takes them)."""
    matcher = NameMatcher({name: entity.zh for entity in entities for name in entity.names})
    mentions = find_mentions(texts, matcher, findings)
    paths = page_paths(ENTITIES_FOLDER, [e.zh for e in entities])
    return [
        Followed(
            key=entity.zh,
            zh=entity.zh,
            en=entity.en,
            kind=entity.kind,
            path=paths[entity.zh],
            mentions=mentions.get(entity.zh, []),
            per_issue=issue_counts(mentions.get(entity.zh, []), oldest_first),
            aliases=entity.aliases,
        )
        for entity in entities
    ]
