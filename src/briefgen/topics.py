"""Topics: an editor-owned list (briefings/topics.yaml) of subjects with Chinese and English
names and the words that place an article under them, assigned when the site is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import RecordError
from briefgen.files import TOPICS_NAME
from briefgen.records import Article, read_yaml_mapping

#: A term must appear this often in a body that does not name it in title or tags.
BODY_MENTIONS = 3


@dataclass(frozen=True, slots=True)
class Topic:
    zh: str
    en: str
    #: Words that place an article under the topic; Latin ones match in any case.
    terms: tuple[str, ...]

    def matches(self, article: Article) -> bool:
        """Named in the title or a printed tag, or in the body ``BODY_MENTIONS`` times."""
        head = " ".join([article.title, article.title_en or "", *article.tags]).lower()
        body = article.body.lower()
        return any(
            term in head or body.count(term) >= BODY_MENTIONS
            for term in (t.lower() for t in self.terms)
        )


def load_topics(folder: Path) -> list[Topic]:
    """The topic list, or none when the archive has no topics file."""
    path = folder / TOPICS_NAME
    if not path.is_file():
        return []
    data = read_yaml_mapping(path)
    entries = data.get("topics")
    if set(data) - {"topics"} or not isinstance(entries, list):
        raise RecordError(path, 1, "expected one key, 'topics', listing {zh, en, terms} entries")
    topics = []
    for k, item in enumerate(entries, start=1):
        if not isinstance(item, dict) or set(item) != {"zh", "en", "terms"}:
            raise RecordError(path, None, f"topic {k}: needs exactly zh, en and terms")
        terms = item["terms"]
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
            raise RecordError(path, None, f"topic {k} ({item['zh']}): terms must be a word list")
        topics.append(Topic(str(item["zh"]), str(item["en"]), tuple(terms)))
    return topics


def topics_of(article: Article, topics: list[Topic]) -> list[str]:
    """The Chinese names of the topics an article falls under, in the list's order."""
    return [topic.zh for topic in topics if topic.matches(article)]
