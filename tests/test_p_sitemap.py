"""The sitemap, written as text, is the document ElementTree writes for the same addresses."""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree as ET

import pytest

from briefgen.archive import Archive
from briefgen.i18n import LANGUAGES
from briefgen.render.feeds import SITEMAP, XHTML, sitemap
from briefgen.site_paths import href
from conftest import seed_archive


def _element_tree_sitemap(base: str, paths: list[str]) -> bytes:
    """The sitemap as ElementTree writes it (the build wrote it so until session 38)."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for path in paths:
        if path == "404.html":
            continue
        for language in LANGUAGES:
            url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            ET.SubElement(url, f"{{{SITEMAP}}}loc").text = base + href(language.prefix + path)
            for other in LANGUAGES:
                address = base + href(other.prefix + path)
                link = {"rel": "alternate", "hreflang": other.html_lang, "href": address}
                ET.SubElement(url, f"{{{XHTML}}}link", link)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def _with_base(base: str | None) -> Archive:
    archive = seed_archive()
    return replace(archive, settings=replace(archive.settings, base_url=base))


# An address with what XML escapes in text and in attributes; the shipped site's none.
@pytest.mark.parametrize("base", [None, 'https://example.org/a?x=1&y="2"<>/'])
def test_the_sitemap_is_what_element_tree_writes(base: str | None) -> None:
    archive = _with_base(base)
    paths = ["index.html", "404.html", "tags/芯片 & <法案>.html"]
    paths += [entry.path for entry in archive.entries]
    assert sitemap(archive, paths) == _element_tree_sitemap(base or "", paths)


def test_a_sitemap_of_no_page_is_an_empty_urlset() -> None:
    archive = _with_base(None)
    empty = b"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"" + SITEMAP.encode()
    assert sitemap(archive, ["404.html"]) == empty + b'" />'
    assert sitemap(archive, []) == _element_tree_sitemap("", [])
