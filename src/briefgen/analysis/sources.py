"""Cited sources: every footnote and source URL, grouped by the organization behind it.

The default organization is the registrable domain (www.whitehouse.gov and
briefing-room.whitehouse.gov are whitehouse.gov; portal.nstl.gov.cn is nstl.gov.cn), read off
the Public Suffix List that the ``publicsuffixlist`` package ships (no network). The editor's
source map names organizations and merges domains; its longest matching domain wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from briefgen.analysis.editor_files import SourceOrganization
from briefgen.analysis.mentions import page_paths
from briefgen.archive import Entry
from briefgen.records import IssueMeta

SOURCES_FOLDER = "sources"


@dataclass(frozen=True, slots=True)
class Citation:
    entry: Entry
    url: str


@dataclass(frozen=True, slots=True)
class Source:
    """An organization cited as a source, and every citation of it, newest issue first."""

    key: str
    zh: str
    en: str
    #: The registrable domains cited under it, most cited first.
    domains: list[str]
    path: str
    citations: list[Citation]

    @property
    def entries(self) -> list[Entry]:
        return list({c.entry.path: c.entry for c in self.citations}.values())

    def by_issue(self) -> list[tuple[IssueMeta, list[tuple[Entry, list[str]]]]]:
        """The citing articles with the URLs each cites, under their issue, in archive order
        (newest first)."""
        urls: dict[str, tuple[Entry, list[str]]] = {}
        for citation in self.citations:
            urls.setdefault(citation.entry.path, (citation.entry, []))[1].append(citation.url)
        groups: list[tuple[IssueMeta, list[tuple[Entry, list[str]]]]] = []
        for entry, cited in urls.values():
            if not groups or groups[-1][0].id != entry.issue.id:
                groups.append((entry.issue, []))
            groups[-1][1].append((entry, cited))
        return groups


@cache
def _suffix_list() -> PublicSuffixList:
    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """whitehouse.gov for www.whitehouse.gov, nstl.gov.cn for portal.nstl.gov.cn, bbc.co.uk
    for news.bbc.co.uk; a host with no registrable part (localhost, an address) is itself."""
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if not host or host.replace(".", "").isdigit():
        return host
    return _suffix_list().privatesuffix(host) or host


def host_of(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    return host if parts.scheme in ("http", "https") and host else None


def organization_of(host: str, editor_map: dict[str, SourceOrganization]) -> str | None:
    """The editor's organization whose listed domain is the longest end of ``host``."""
    labels = host.lower().rstrip(".").split(".")
    for k in range(len(labels)):
        name = ".".join(labels[k:])
        if name in editor_map:
            return name
    return None


def cited_sources(entries: list[Entry], organizations: list[SourceOrganization]) -> list[Source]:
    """Every cited organization, most citations first."""
    editor_map = {d: org for org in organizations for d in org.domains}
    cited: dict[str, list[Citation]] = {}
    domains: dict[str, dict[str, int]] = {}
    for entry in entries:
        urls = [n.url for n in entry.article.footnotes if n.url] + entry.article.source_urls
        for url in urls:
            host = host_of(url)
            if host is None:
                continue
            domain = registrable_domain(host)
            mapped = organization_of(host, editor_map)
            key = editor_map[mapped].zh if mapped else domain
            cited.setdefault(key, []).append(Citation(entry, url))
            counts = domains.setdefault(key, {})
            counts[domain] = counts.get(domain, 0) + 1
    named = {org.zh: org for org in organizations}
    paths = page_paths(SOURCES_FOLDER, list(cited))
    sources = [
        Source(
            key=key,
            zh=named[key].zh if key in named else key,
            en=named[key].en if key in named else key,
            domains=sorted(domains[key], key=lambda d: (-domains[key][d], d)),
            path=paths[key],
            citations=citations,
        )
        for key, citations in cited.items()
    ]
    return sorted(sources, key=lambda s: (-len(s.citations), -len(s.entries), s.key))
