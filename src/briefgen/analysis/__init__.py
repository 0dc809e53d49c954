"""Analysis stage: what the archive says across issues, computed once from the Archive.

Cited sources (``sources``), named documents (``documents``), the editor's entities
(``entities``), the dated timeline (``timeline``) and what each issue names first
(``novelty``). Every article's text is read once (``text``) and each kind of name is found in
one regex pass over it, so the cost grows with the archive, not with its square. The archive
does not import this stage; render does.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.analysis import mentions, timeline
from briefgen.analysis.documents import named_documents
from briefgen.analysis.editor_files import Entity, load_entities, load_source_map
from briefgen.analysis.entities import followed_entities
from briefgen.analysis.kept import KeptFindings
from briefgen.analysis.mentions import Followed
from briefgen.analysis.novelty import IssueNovelty, novelty
from briefgen.analysis.sources import Source, cited_sources
from briefgen.analysis.text import archive_texts
from briefgen.analysis.timeline import Month, by_month, date_sentences, events_of
from briefgen.archive import Archive
from briefgen.cache import Cache, code_digest

TIMELINE_PATH = "timeline.html"


@dataclass(frozen=True, slots=True)
class Analysis:
    sources: list[Source]
    documents: list[Followed]
    entities: list[Followed]
    timeline: list[Month]
    #: Issue id → what it names first and what it carries on.
    novelty: dict[str, IssueNovelty]
    #: The editor's entity list, in its order.
    entity_list: list[Entity]

    def entity(self, key: str) -> Followed:
        return next(e for e in self.entities if e.key == key)


def analyse(archive: Archive, cache: Cache | None = None) -> Analysis:
    """Everything the analysis pages show; RecordError (file, line) on a bad editor file.
    With ``cache``, what is found in each issue's texts is kept there (``kept``): after one
    issue changed, only its texts are made and searched again."""
    folder = archive.folder
    entity_list = load_entities(folder) if folder else []
    organizations = load_source_map(folder) if folder else []
    oldest_first = list(reversed(archive.issues))
    chronological = [entry for issue in oldest_first for entry in issue.articles]
    texts = archive_texts(chronological)
    findings = KeptFindings(cache, texts, code_digest(mentions, timeline), archive.record_digests)
    entities = followed_entities(texts, entity_list, oldest_first, findings)
    documents = named_documents(texts, archive.glossary, oldest_first, findings)
    named: dict[str, list[str]] = {}
    for entity in entities:
        for entry in entity.entries:
            named.setdefault(entry.path, []).append(entity.key)
    dated = findings.per_text("dates", date_sentences)
    findings.save()
    events = [
        event
        for text, sentences in zip(texts, dated, strict=True)
        for event in events_of(
            text,
            sentences,
            archive.section_of(text.entry.article.section) if text.entry.article.section else None,
            archive.article_topics.get(text.entry.path, []),
            named.get(text.entry.path, []),
        )
    ]
    return Analysis(
        sources=cited_sources(archive.entries, organizations),
        documents=documents,
        entities=entities,
        timeline=by_month(events),
        novelty=novelty(oldest_first, entities, documents),
        entity_list=entity_list,
    )
