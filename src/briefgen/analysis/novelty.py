"""What is new in an issue: the entities and documents it names that no earlier issue named,
and those it carries on from earlier issues."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.analysis.mentions import Followed
from briefgen.archive import IssueEntry


@dataclass(frozen=True, slots=True)
class NamedInIssue:
    followed: Followed
    #: Sentences of this issue that name it.
    count: int


@dataclass(frozen=True, slots=True)
class IssueNovelty:
    new_entities: list[NamedInIssue] = field(default_factory=list)
    carried_entities: list[NamedInIssue] = field(default_factory=list)
    new_documents: list[NamedInIssue] = field(default_factory=list)
    carried_documents: list[NamedInIssue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.new_entities
            or self.carried_entities
            or self.new_documents
            or self.carried_documents
        )


def novelty(
    oldest_first: list[IssueEntry], entities: list[Followed], documents: list[Followed]
) -> dict[str, IssueNovelty]:
    """Each issue's novelty, by issue id: one walk over the issues, oldest first."""
    found: dict[str, IssueNovelty] = {}
    split = {
        "entities": _split(oldest_first, entities),
        "documents": _split(oldest_first, documents),
    }
    for issue in oldest_first:
        new_e, old_e = split["entities"][issue.meta.id]
        new_d, old_d = split["documents"][issue.meta.id]
        found[issue.meta.id] = IssueNovelty(new_e, old_e, new_d, old_d)
    return found


def _split(
    oldest_first: list[IssueEntry], followed: list[Followed]
) -> dict[str, tuple[list[NamedInIssue], list[NamedInIssue]]]:
    """Issue id → (named first here, named before too), most named in the issue first."""
    split: dict[str, tuple[list[NamedInIssue], list[NamedInIssue]]] = {
        issue.meta.id: ([], []) for issue in oldest_first
    }
    for thing in followed:
        seen = False
        for count in thing.per_issue:
            if count.count:
                split[count.issue.meta.id][1 if seen else 0].append(
                    NamedInIssue(thing, count.count)
                )
                seen = True
    for new, carried in split.values():
        for named in (new, carried):
            named.sort(key=lambda n: (-n.count, n.followed.zh))
    return split
