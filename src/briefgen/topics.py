"""Topics: an editor-owned list (briefings/topics.yaml) of subjects with Chinese and English
names and the words that place an article under them, assigned when the site is built."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.files import TOPICS_NAME
from briefgen.records import Article, load_editor_file

#: A term must appear this often in a body that does not name it in title or tags.
BODY_MENTIONS = 3


@dataclass(frozen=True, slots=True)
class Topic:
    zh: str
    en: str
    #: Words that place an article under the topic; Latin ones match in any case.
    terms: list[str]

    def matches(self, article: Article) -> bool:
        """Named in the title or a printed tag, or in the body ``BODY_MENTIONS`` times."""
        head = " ".join([article.title, article.title_en or "", *article.tags]).lower()
        body = article.body.lower()
        return any(
            term in head or body.count(term) >= BODY_MENTIONS
            for term in (t.lower() for t in self.terms)
        )


@dataclass(frozen=True, slots=True)
class TopicList:
    """``topics.yaml``: the schema its loader checks."""

    topics: list[Topic] = field(default_factory=list)


def load_topics(folder: Path) -> list[Topic]:
    """The topic list, or none when the archive has no topics file."""
    topics: list[Topic] = load_editor_file(folder / TOPICS_NAME, TopicList, "topics").get(
        "topics", []
    )
    return topics


def topics_of(article: Article, topics: list[Topic]) -> list[str]:
    """The Chinese names of the topics an article falls under, in the list's order."""
    return [topic.zh for topic in topics if topic.matches(article)]
