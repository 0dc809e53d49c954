"""How an article is cited: BibTeX, RIS and CSL-JSON files, Highwire Press and Dublin Core tags.

Every format is a pure function of one ``Citation``, read once from the archive entry, so the
files beside the page and the tags in its head say the same thing. The data does not depend on
the page's language: an English page cites the Chinese article as the Chinese page does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from briefgen.archive import Archive, Entry
from briefgen.i18n import ZH
from briefgen.labels import issue_name, plain_text
from briefgen.site_paths import href

#: The articles are Chinese whatever the page around them; BCP 47 as every format takes it.
ARTICLE_LANGUAGE = "zh-CN"
#: How long the abstract taken from the body's opening may be, in characters.
ABSTRACT_LENGTH = 300
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: Characters no format keeps: C0/C1 controls, and separators some readers take as line ends.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Citation:
    """What every format says about one article."""

    #: A key for BibTeX and an id for CSL-JSON and RIS: ASCII, unique in the archive.
    key: str
    title: str
    title_en: str | None
    #: The title of the source the article reports on (原文标题).
    original_title: str | None
    authors: tuple[str, ...]
    #: The article's news date, or its issue's date when it has none.
    date: dt.date | None
    #: Only the month is known (the issue's date, inferred from its newest news).
    month_only: bool
    #: The publication, or what names the issue without one (its publisher, else 简报).
    container: str
    number: str | None
    publisher: str | None
    #: The article page: absolute when the site knows its address, else its path in the site.
    url: str
    #: The body's opening as plain text ("" where it is not asked for).
    abstract: str
    tags: tuple[str, ...]
    #: The URLs of what the article reports on (供稿自).
    sources: tuple[str, ...]

    @property
    def note(self) -> str | None:
        """The English title and the reported source, which no format has a field for."""
        parts = []
        if self.title_en:
            parts.append(f"English title: {self.title_en}")
        source = " ".join(filter(None, (self.original_title, *self.sources)))
        if source:
            parts.append(f"Reports on: {source}")
        return ". ".join(parts) or None


def citation_of(archive: Archive, entry: Entry, with_abstract: bool = True) -> Citation:
    """The article's citation; ``with_abstract=False`` skips reading the body (the page's
    tags have no abstract: its description tag gives one)."""
    last = _last_citation
    citation = last.citation
    if citation is None or last.archive is not archive or last.entry is not entry:
        # An article's page asks for its citation in both languages, then its files: the
        # same (immutable) archive and entry, so the last one is the same citation.
        citation = _citation(archive, entry)
        last.archive, last.entry, last.citation = archive, entry, citation
    if not with_abstract:
        return citation
    abstract = _clean(plain_text(entry.article.body, ABSTRACT_LENGTH))
    return replace(citation, abstract=abstract)


def _citation(archive: Archive, entry: Entry) -> Citation:
    article, issue = entry.article, entry.issue
    base = archive.settings.base_url
    return Citation(
        key=citation_key(entry),
        title=_clean(article.title),
        title_en=_clean(article.title_en) or None,
        original_title=_clean(article.original_title) or None,
        authors=tuple(_clean(name) for name in article.authors if _clean(name)),
        date=entry.date,
        month_only=entry.month_only,
        container=_clean(issue.publication or issue.publisher or issue_name(issue, ZH)),
        number=_clean(issue.number) or None,
        publisher=_clean(issue.publisher) or None,
        url=base + href(entry.path) if base else entry.path,
        abstract="",
        tags=tuple(_clean(tag) for tag in article.tags if _clean(tag)),
        sources=tuple(_clean(url) for url in article.source_urls if _clean(url)),
    )


class _LastCitation:
    """The last citation made (without its abstract), and the archive and entry it was made
    of."""

    archive: Archive | None = None
    entry: Entry | None = None
    citation: Citation | None = None


_last_citation = _LastCitation()


def citation_key(entry: Entry) -> str:
    """``issue-id_article-id`` in the characters every BibTeX tool takes; ids in other
    scripts become underscores and a hash of the whole, so keys stay distinct."""
    whole = f"{entry.issue.id}_{entry.article.id}"
    key = re.sub(r"[^A-Za-z0-9_.-]", "_", whole)
    if key != whole:
        key = f"{key}-{hashlib.sha256(whole.encode()).hexdigest()[:8]}"
    return key


def _clean(text: str | None) -> str:
    """One line of text: controls and line breaks become spaces, runs of space one."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()


# --------------------------------------------------------------------------- BibTeX

#: Characters BibTeX or LaTeX read as markup, and what stands for each of them.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(ch) for ch in _BIBTEX_SPECIAL))


def bibtex_text(text: str) -> str:
    """``text`` as the value of a braced BibTeX field: markup characters escaped, UTF-8 kept."""
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX_SPECIAL[m.group()], text)


def bibtex(citation: Citation) -> str:
    """An ``@article`` entry; each author braced whole, since Chinese names have no
    first/last split for BibTeX to make."""
    fields: list[tuple[str, str]] = [("title", bibtex_text(citation.title))]
    if citation.authors:
        names = " and ".join("{" + bibtex_text(name) + "}" for name in citation.authors)
        fields.append(("author", names))
    fields.append(("journal", bibtex_text(citation.container)))
    if citation.number:
        fields.append(("number", bibtex_text(citation.number)))
    if citation.date:
        fields.append(("year", str(citation.date.year)))
        fields.append(("month", _MONTHS[citation.date.month - 1]))
        fields.append(("date", _iso(citation)))
    if citation.publisher:
        fields.append(("publisher", bibtex_text(citation.publisher)))
    fields.append(("url", _bibtex_url(citation.url)))
    fields.append(("language", ARTICLE_LANGUAGE))
    if citation.original_title:
        fields.append(("origtitle", bibtex_text(citation.original_title)))
    if citation.tags:
        fields.append(("keywords", bibtex_text(", ".join(citation.tags))))
    if citation.abstract:
        fields.append(("abstract", bibtex_text(citation.abstract)))
    if citation.note:
        fields.append(("note", bibtex_text(citation.note)))
    lines = [
        f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},"
        for name, value in fields
    ]
    return f"@article{{{citation.key},\n" + "\n".join(lines) + "\n}\n"


def _bibtex_url(url: str) -> str:
    # The url package reads the value verbatim, so only what would unbalance the entry or
    # start a comment is escaped.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _iso(citation: Citation) -> str:
    assert citation.date is not None
    return citation.date.isoformat()[:7] if citation.month_only else citation.date.isoformat()


# --------------------------------------------------------------------------- RIS


def ris(citation: Citation) -> str:
    """A RIS record (``TY  - MGZN`` … ``ER  -``), CRLF line ends as the format was defined."""
    tags: list[tuple[str, str]] = [("TY", "MGZN"), ("ID", citation.key)]
    tags.append(("TI", citation.title))
    if citation.title_en:
        tags.append(("TT", citation.title_en))
    tags += [("AU", name) for name in citation.authors]
    if citation.date:
        tags.append(("PY", str(citation.date.year)))
        day = "" if citation.month_only else f"{citation.date.day:02d}"
        tags.append(("DA", f"{citation.date.year}/{citation.date.month:02d}/{day}"))
    tags.append(("T2", citation.container))
    if citation.number:
        tags.append(("IS", citation.number))
    if citation.publisher:
        tags.append(("PB", citation.publisher))
    tags.append(("UR", citation.url))
    tags.append(("LA", ARTICLE_LANGUAGE))
    tags += [("KW", tag) for tag in citation.tags]
    if citation.abstract:
        tags.append(("AB", citation.abstract))
    if citation.note:
        tags.append(("N1", citation.note))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in tags)


# --------------------------------------------------------------------------- CSL-JSON


def csl_item(citation: Citation) -> dict[str, object]:
    """The article as a CSL-JSON item; authors as literal names, never split.

    A briefing is a numbered bulletin: as ``article-journal`` without volume or pages,
    standard styles call it a preprint, so it is a magazine article (RIS ``MGZN`` likewise).
    """
    item: dict[str, object] = {
        "id": citation.key,
        "type": "article-magazine",
        "title": citation.title,
        "container-title": citation.container,
        "URL": citation.url,
        "language": ARTICLE_LANGUAGE,
    }
    if citation.authors:
        item["author"] = [{"literal": name} for name in citation.authors]
    if citation.date:
        parts = [citation.date.year, citation.date.month]
        item["issued"] = {
            "date-parts": [parts if citation.month_only else [*parts, citation.date.day]]
        }
    optional = {
        "issue": citation.number,
        "publisher": citation.publisher,
        "original-title": citation.original_title,
        "keyword": ", ".join(citation.tags),
        "abstract": citation.abstract,
        "note": citation.note,
    }
    item.update({name: value for name, value in optional.items() if value})
    return item


def csl_json(citation: Citation) -> str:
    """A CSL-JSON file: an array of the one item, as Zotero and citeproc read it."""
    # Compact: with an indent, json encodes in Python rather than C, five times slower.
    return json.dumps([csl_item(citation)], ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- files


@dataclass(frozen=True, slots=True)
class CitationFormat:
    label: str
    #: Appended to the article's id for the file beside its page.
    suffix: str
    media_type: str
    write: Callable[[Citation], str]


CITATION_FORMATS = (
    CitationFormat("BibTeX", ".bib", "application/x-bibtex", bibtex),
    CitationFormat("RIS", ".ris", "application/x-research-info-systems", ris),
    CitationFormat("CSL-JSON", ".json", "application/vnd.citationstyles.csl+json", csl_json),
)


@dataclass(frozen=True, slots=True)
class CitationFile:
    format: CitationFormat
    #: Where it is written, relative to the site root (beside the Chinese article page).
    path: str


def citation_files(entry: Entry) -> list[CitationFile]:
    """The article's citation files: ``issues/<issue>/<article>.bib``, ``.ris``, ``.json``."""
    stem = entry.path.removesuffix(".html")
    return [CitationFile(f, stem + f.suffix) for f in CITATION_FORMATS]


# --------------------------------------------------------------------------- meta tags


@dataclass(frozen=True, slots=True)
class MetaTag:
    name: str
    content: str


def citation_meta(archive: Archive, entry: Entry, page_href: str) -> list[MetaTag]:
    """Highwire Press tags (Zotero, Google Scholar) and Dublin Core tags for the article page.

    ``page_href`` is the Chinese article page as the page being rendered links it; the tags
    carry the absolute address instead when the site knows where it is published.
    """
    citation = citation_of(archive, entry, with_abstract=False)
    address = citation.url if archive.settings.base_url else page_href
    tags = [MetaTag("citation_title", citation.title)]
    tags += [MetaTag("citation_author", name) for name in citation.authors]
    if citation.date:
        highwire_date = _iso(citation).replace("-", "/")
        tags += [
            MetaTag("citation_publication_date", highwire_date),
            MetaTag("citation_date", highwire_date),
        ]
    tags.append(MetaTag("citation_journal_title", citation.container))
    if citation.number:
        tags.append(MetaTag("citation_issue", citation.number))
    if citation.publisher:
        tags.append(MetaTag("citation_publisher", citation.publisher))
    tags.append(MetaTag("citation_language", ARTICLE_LANGUAGE))
    if citation.tags:
        tags.append(MetaTag("citation_keywords", "; ".join(citation.tags)))
    tags.append(MetaTag("citation_abstract_html_url", address))
    return tags + _dublin_core(citation, address)


def _dublin_core(citation: Citation, address: str) -> list[MetaTag]:
    tags = [MetaTag("DC.title", citation.title)]
    tags += [MetaTag("DC.creator", name) for name in citation.authors]
    if citation.date:
        tags.append(MetaTag("DC.date", _iso(citation)))
    tags.append(MetaTag("DC.publisher", citation.publisher or citation.container))
    tags.append(MetaTag("DC.language", ARTICLE_LANGUAGE))
    tags.append(MetaTag("DC.identifier", address))
    tags.append(MetaTag("DC.type", "Text"))
    tags += [MetaTag("DC.subject", tag) for tag in citation.tags]
    # The page's own description tag gives the abstract: no DC.description repeats it.
    tags += [MetaTag("DC.source", url) for url in citation.sources]
    return tags
