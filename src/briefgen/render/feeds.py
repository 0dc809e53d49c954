"""Atom feeds (the archive and each section, per language), sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from briefgen.archive import Archive, Entry
from briefgen.english import romanize, source_title
from briefgen.i18n import EN, LANGUAGES, Language, translations
from briefgen.labels import plain_text
from briefgen.records import Article
from briefgen.render.facts import digest
from briefgen.render.page import relative_path
from briefgen.site_paths import href

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_SIZE = 50
#: Characters XML 1.0 does not allow anywhere in a document, even escaped.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML forbids (a control character from a source)."""
    return _NOT_XML.sub("", text)


def _xml_bytes(root: ET.Element) -> bytes:
    """The document, every text and attribute value cleaned, so any record gives valid XML."""
    for element in root.iter():
        if element.text:
            element.text = xml_text(element.text)
        if element.tail:
            element.tail = xml_text(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_text(value)
    xml: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return xml


def _stamp(date: dt.date | None) -> str:
    return f"{(date or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _link(archive: Archive, feed_path: str, target: str) -> str:
    """Absolute when the site knows its address, else relative to the feed file."""
    if archive.settings.base_url:
        return archive.settings.base_url + href(target)
    return href(relative_path(target, posixpath.dirname(feed_path) or "."))


def atom_feed(
    archive: Archive, language: Language, feed_path: str, title: str, entries: list[Entry]
) -> bytes:
    """An Atom document for ``entries`` (newest first), written at ``feed_path``."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language.html_lang})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:briefgen,2024:{feed_path}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(
        max((e.date for e in entries if e.date), default=None)
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "href": _link(archive, feed_path, feed_path)}
    )
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {"rel": "alternate", "href": _link(archive, feed_path, language.prefix + "index.html")},
    )
    for entry in entries[:FEED_SIZE]:
        article = entry.article
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(item, f"{{{ATOM}}}title").text = entry_title(article, language)
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"tag:briefgen,2024:{entry.path}"
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _stamp(entry.date)
        ET.SubElement(
            item,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": _link(archive, feed_path, language.prefix + entry.path)},
        )
        for name in article.authors:
            author = ET.SubElement(item, f"{{{ATOM}}}author")
            ET.SubElement(author, f"{{{ATOM}}}name").text = (
                romanize(name) if language is EN else name
            )
        if article.section:
            section = archive.section_of(article.section)
            category = {"term": section}
            english = archive.glossary.english("section", section) if language is EN else None
            if english:
                category["label"] = english
            ET.SubElement(item, f"{{{ATOM}}}category", category)
        # The body is Chinese in either language's feed.
        summary = ET.SubElement(item, f"{{{ATOM}}}summary", {"xml:lang": "zh-CN"})
        summary.text = plain_text(article.body, 300)
    return _xml_bytes(feed)


def feeds_shown(archive: Archive, parts: Mapping[str, Mapping[str, str]]) -> str:
    """A digest of what the feeds show of the records (``parts``: each issue's
    ``facts.shown_parts``): which feeds there are, each one's newest date and the articles
    it lists, each as its page shows it. With what every page shares (settings, glossary,
    code), all the feeds are made from: a title fixed in an issue no feed lists changes
    none of them."""
    listed = [("", "", archive.entries)]
    listed += [(term.name, term.feed_path, term.entries) for term in archive.sections]
    shown = [
        (
            name,
            path,
            str(max((e.date for e in entries if e.date), default=None)),
            [(e.path, parts[e.issue.id][e.path]) for e in entries[:FEED_SIZE]],
        )
        for name, path, entries in listed
    ]
    return digest("feeds shown", shown)


def entry_title(article: Article, language: Language) -> str:
    """An entry's title as that language's pages show it: on English pages the English title,
    else the Chinese one marked "in Chinese", followed by the English title of the source the
    article reports on, labelled as that source's (never the Chinese original title)."""
    if language is not EN:
        return article.title
    if article.title_en:
        return article.title_en
    gettext = translations(language.code).gettext
    title = f"{article.title} ({gettext('in Chinese')})"
    source = source_title(article)
    return f"{title} · {gettext('Source title')}: {source}" if source else title


def sitemap(archive: Archive, paths: list[str]) -> bytes:
    """Every page in both languages, each with its other-language alternate.

    Written as text, as ElementTree wrote it (its namespaces, escaping and declaration):
    ElementTree took 1.7 s of CPU for the 90,000 addresses of 20,000 articles, after every
    issue added, while the pages were being rendered."""
    base = archive.settings.base_url or ""
    # Percent-encoding goes character by character: a path is encoded once for both languages.
    prefixes = [base + href(language.prefix) for language in LANGUAGES]
    head = "<?xml version='1.0' encoding='utf-8'?>\n"
    urls: list[str] = []
    for path in paths:
        if path == "404.html":
            continue
        encoded = href(path)
        addresses = [xml_text(prefix + encoded) for prefix in prefixes]
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{_attribute(alternate.html_lang)}" '
            f'href="{_attribute(address)}" />'
            for alternate, address in zip(LANGUAGES, addresses, strict=True)
        )
        urls += (f"<url><loc>{_text(address)}</loc>{links}</url>" for address in addresses)
    if not urls:
        # ElementTree declares a namespace only where it is used, and closes an empty element.
        return f'{head}<urlset xmlns="{SITEMAP}" />'.encode()
    body = "".join(urls)
    return f'{head}<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">{body}</urlset>'.encode()


def _text(text: str) -> str:
    """``text`` escaped as an element's text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: What an attribute value escapes besides an element's text, as ElementTree writes them.
_ATTRIBUTE = (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _attribute(value: str) -> str:
    """``value`` escaped as an attribute's (in double quotes)."""
    value = _text(value)
    for character, escaped in _ATTRIBUTE:
        value = value.replace(character, escaped)
    return value


def robots(archive: Archive) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if archive.settings.base_url:
        lines.append(f"Sitemap: {archive.settings.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"
