"""Things followed across issues (named documents, entities): every mention with its sentence,
first and last, and how often each issue names them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from briefgen.analysis.kept import KeptFindings
from briefgen.analysis.text import ArticleText, NameMatcher
from briefgen.archive import Entry, IssueEntry
from briefgen.site_paths import slug


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence of one article that names the thing."""

    entry: Entry
    sentence: str


@dataclass(frozen=True, slots=True)
class IssueCount:
    issue: IssueEntry
    #: Sentences of the issue that name the thing.
    count: int


@dataclass(frozen=True, slots=True)
class Followed:
    """A named document or an entity, with every mention in the archive, oldest first."""

    key: str
    zh: str
    en: str | None
    kind: str  # "document", or the entity's kind (organization, company, programme…)
    path: str
    mentions: list[Mention]
    #: Every issue of the archive, oldest first, with its count (0 where it is not named).
    per_issue: list[IssueCount]
    #: Its other names: aliases, other spellings of a title.
    aliases: list[str] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def last(self) -> Mention:
        return self.mentions[-1]

    @property
    def entries(self) -> list[Entry]:
        """The articles that name it, oldest first, each once."""
        return list({m.entry.path: m.entry for m in self.mentions}.values())

    @property
    def issues_named(self) -> int:
        return sum(1 for c in self.per_issue if c.count)

    def by_issue(self) -> list[tuple[IssueEntry, list[Mention]]]:
        """Mentions grouped under their issue, oldest issue first."""
        groups: list[tuple[IssueEntry, list[Mention]]] = []
        by_id = {c.issue.meta.id: c.issue for c in self.per_issue}
        for mention in self.mentions:
            if not groups or groups[-1][0].meta.id != mention.entry.issue.id:
                groups.append((by_id[mention.entry.issue.id], []))
            groups[-1][1].append(mention)
        return groups


def find_mentions(
    texts: list[ArticleText], matcher: NameMatcher, findings: KeptFindings | None = None
) -> dict[str, list[Mention]]:
    """key → its mentions, in the order of ``texts``; a sentence counts once per thing.
    ``findings``: kept for ``texts``, where each issue's hits are taken from."""
    if findings is not None:
        hits = findings.per_text(f"names {matcher.digest}", lambda t: named_in(t, matcher))
    else:
        hits = [named_in(text, matcher) for text in texts]
    found: dict[str, list[Mention]] = {}
    for text, named in zip(texts, hits, strict=True):
        for name, sentence in named:
            found.setdefault(name, []).append(Mention(text.entry, sentence))
    return found


def named_in(text: ArticleText, matcher: NameMatcher) -> list[tuple[str, str]]:
    """Each (key, sentence) of ``text`` that names a thing of ``matcher``, once, in order."""
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for hit in matcher.hits(text.text):
        sentence = text.sentence_at(hit.offset)
        if (hit.key, sentence) not in seen:
            seen.add((hit.key, sentence))
            found.append((hit.key, sentence))
    return found


def issue_counts(mentions: list[Mention], oldest_first: list[IssueEntry]) -> list[IssueCount]:
    counts: dict[str, int] = {}
    for mention in mentions:
        counts[mention.entry.issue.id] = counts.get(mention.entry.issue.id, 0) + 1
    return [IssueCount(issue, counts.get(issue.meta.id, 0)) for issue in oldest_first]


def page_paths(folder: str, names: list[str]) -> dict[str, str]:
    """Each name's page under ``folder``; names whose file names clash (in any case) each get
    a hash of the name, so an address does not depend on which other names exist."""
    by_file: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_file.setdefault(slug(name).casefold(), []).append(name)
    paths: dict[str, str] = {}
    for group in by_file.values():
        for name in group:
            file = slug(name)
            if len(group) > 1:
                file += "-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            paths[name] = f"{folder}/{file}.html"
    return paths
