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
        return _ArticleText(article).names_any(self.terms)


class _ArticleText:
    """An article's head and body in lower case, each term looked up once however many topics
    list it: topics_of reads every body once per term, not once per topic."""

    def __init__(self, article: Article) -> None:
        self.head = " ".join([article.title, article.title_en or "", *article.tags]).lower()
        self.body = article.body.lower()
        self.named: dict[str, bool] = {}

    def names(self, term: str) -> bool:
        found = self.named.get(term)
        if found is None:
            found = term in self.head or self.body.count(term) >= BODY_MENTIONS
            self.named[term] = found
        return found

    def names_any(self, terms: list[str]) -> bool:
        return any(self.names(term.lower()) for term in terms)


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
    text = _ArticleText(article)
    return [topic.zh for topic in topics if text.names_any(topic.terms)]
