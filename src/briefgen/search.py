"""Search stage: a lunr index of every article, segmented with jieba at build time.

Chinese has no spaces, so text is cut into words before lunr sees it: jieba's search mode
also yields the shorter words inside long ones (国家自然科学基金委员会 → 自然, 科学, 基金, …).
Latin words and acronyms (HBM, CHIPS, NXT:2050i) stay whole and lower-case. lunr's own
pipeline (trimmer, stop words, stemmer) is emptied on both sides: its trimmer deletes CJK
characters and its stemmer would turn CHIPS into chip.

The browser cannot run jieba, so it cuts a query with the index's own vocabulary
(``query_terms``, mirrored in ``templates/static/search-core.js``): every piece of the query
that is a term of the index, which is the set jieba's search mode would find there.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache

import jieba
from lunr.builder import Builder

from briefgen.cache import Cache, key
from briefgen.render.archive import Archive, Entry
from briefgen.render.markdown import plain_text

#: Field boosts: a match in the title counts most, then tags, section and authors, then body.
#: Few fields keep the index small: lunr writes every field into every term's postings.
FIELDS = (("title", 10), ("meta", 4), ("body", 1))
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
#: A CJK run, or a Latin word: letters and digits, with inner . : + _ kept (NXT:2050i, C++).
_PIECES = re.compile(f"[{_CJK}]+|[a-z0-9](?:[a-z0-9.:+_]*[a-z0-9+])?")
#: The longest CJK piece of a query looked up whole in the vocabulary.
MAX_TERM = 12


@cache
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case: what both sides index and query."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Index terms of a text: jieba search-mode words for CJK runs, whole Latin words."""
    out: list[str] = []
    for piece in _PIECES.findall(normalise(text)):
        if _CJK_RUN.fullmatch(piece):
            out += [w for w in _jieba().cut_for_search(piece, HMM=True) if w.strip()]
        else:
            out.append(piece)
    return out


def query_terms(query: str, vocabulary: set[str] | frozenset[str]) -> list[str]:
    """The index terms a query asks for, in query order; the browser does the same.

    Latin words are taken whole. A CJK run gives every piece of it (up to MAX_TERM characters)
    that is a term of the index, so 人工智能法案 asks for 人工, 智能, 人工智能 and 法案; a
    character no term covers is asked for alone when it is a term itself.
    """
    terms: list[str] = []
    for piece in _PIECES.findall(normalise(query)):
        if not _CJK_RUN.fullmatch(piece):
            terms.append(piece)
            continue
        covered = [False] * len(piece)
        for size in range(min(len(piece), MAX_TERM), 1, -1):
            for start in range(len(piece) - size + 1):
                word = piece[start : start + size]
                if word in vocabulary:
                    terms.append(word)
                    covered[start : start + size] = [True] * size
        terms += [ch for k, ch in enumerate(piece) if not covered[k] and ch in vocabulary]
    return list(dict.fromkeys(terms))


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the browser shows for a result, and the text exact matches are looked up in."""

    path: str
    title: str
    title_en: str
    issue: str
    section: str
    tags: list[str]
    authors: list[str]
    date: str
    year: str
    text: str


def _document(entry: Entry, issue_label: str) -> SearchDocument:
    article = entry.article
    return SearchDocument(
        path=entry.path,
        title=article.title,
        title_en=article.title_en or article.original_title or "",
        issue=issue_label,
        section=article.section or "",
        tags=list(article.tags),
        authors=list(article.authors),
        date=entry.date.isoformat() if entry.date else "",
        year=str(entry.date.year) if entry.date else "",
        text=plain_text(
            "\n".join(p for p in (article.editor_note, article.body) if p), limit=10**9
        ),
    )


def _fields(ref: int, entry: Entry, archive: Archive, cache: Cache) -> dict[str, str]:
    """The document lunr indexes: each field's text as space-separated terms (cached)."""
    article = entry.article
    english = [archive.glossary.english("section", article.section or "") or ""]
    english += [archive.glossary.english("tag", t) or "" for t in article.tags]
    inputs = json.dumps(
        [asdict(article) | {"id": "", "lines": []}, english], ensure_ascii=False, sort_keys=True
    )
    entry_key = key("segments", inputs)
    cached = cache.get("segments", entry_key)
    if cached is not None:
        return {"id": str(ref), **cached}
    fields = {
        # A short ref: lunr repeats it in every posting; the document list maps it back.
        "id": str(ref),
        "title": " ".join(
            tokens(" ".join([article.title, article.title_en or "", article.original_title or ""]))
        ),
        "meta": " ".join(
            tokens(" ".join([*article.tags, *english, article.section or "", *article.authors]))
        ),
        "body": " ".join(tokens("\n".join([article.editor_note or "", article.body]))),
    }
    cache.put("segments", entry_key, {k: v for k, v in fields.items() if k != "id"})
    return fields


def build_index(archive: Archive, issue_labels: dict[str, str], cache: Cache | None = None) -> dict:
    """The lunr index (as lunr.js loads it) and the documents, for ``search-index.js``."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref, entry in enumerate(archive.entries):
        builder.add(_fields(ref, entry, archive, cache or Cache(None)))
    index = builder.build().serialize()
    documents = [asdict(_document(e, issue_labels[e.issue.id])) for e in archive.entries]
    glossary = {"section": archive.glossary.sections, "tag": archive.glossary.tags}
    return {"index": index, "documents": documents, "glossary": glossary}


def index_script(data: dict) -> str:
    """The index as a script, so the page loads it from file:// too (no fetch())."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" inside a string must not end the script element that loads it.
    payload = payload.replace("</", "<\\/")
    return f"window.BRIEFGEN_SEARCH={payload};\n"
