"""Read a built site the way a link checker does: every page's links, ids and requests."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    #: (tag, attribute, value) of every href/src.
    links: list[tuple[str, str, str]] = field(default_factory=list)
    lang: str | None = None
    hreflang: dict[str, str] = field(default_factory=dict)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "html":
            self.page.lang = values.get("lang")
        if tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.page.hreflang[values["hreflang"]] = values.get("href", "")
        # The 404 page tries its stylesheet and script at several depths, since a static host
        # serves it at any address: one of them resolves wherever it is served.
        for attribute in ("href", "src"):
            if attribute in values and "data-depth-probe" not in values:
                self.page.links.append((tag, attribute, values[attribute]))


def read_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.page


def resolve(page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link points to; None for other hosts or schemes."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    # The page's folder resolved once, the link's steps taken in the text: a site holds no
    # symbolic link, and Path.resolve on each of a site's twenty thousand links (one lstat a
    # step of the path) was two thirds of what reading a site's links cost.
    target = os.path.normpath(os.path.join(_resolved_folder(page.parent), unquote(parts.path)))
    return Path(target), unquote(parts.fragment)


@lru_cache(maxsize=4096)
def _resolved_folder(folder: Path) -> str:
    return str(folder.resolve())


def read_site(root: Path) -> dict[Path, PageLinks]:
    """Every page of the site, read, by its resolved path."""
    return {p.resolve(): read_page(p) for p in root.rglob("*.html")}


def broken_links(root: Path, pages: dict[Path, PageLinks] | None = None) -> list[str]:
    """Every internal link in the site whose file or #fragment does not exist (``pages``: the
    site as ``read_site`` gives it, when the caller has read it already)."""
    pages = read_site(root) if pages is None else pages
    problems: list[str] = []
    for path, page in pages.items():
        for _tag, _attribute, link in page.links:
            found = resolve(path, link)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file():
                problems.append(f"{path.relative_to(root.resolve())}: {link} (no such file)")
            elif fragment and target in pages and fragment not in pages[target].ids:
                problems.append(f"{path.relative_to(root.resolve())}: {link} (no such id)")
    return problems


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, [(k, v or "") for k, v in attrs]))


def elements(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every start tag of a page with its attributes, as a browser's parser sees them."""
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


#: Elements whose content no reader sees as text (data blocks, styles, script code); elements
#: marked aria-hidden (the print-only header, which shows the page's address) are left out too.
_UNSEEN = frozenset({"script", "style", "template"})
#: Elements with no end tag, which never hold text.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
#: Attributes a reader meets as text: tooltips, labels read aloud, image descriptions.
_SEEN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        #: The unseen element we are inside, and how deep in elements of its own name.
        self._unseen: tuple[str, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._unseen:
            name, depth = self._unseen
            self._unseen = (name, depth + (tag == name))
        elif ("aria-hidden", "true") in attrs and tag in _VOID:
            pass
        elif tag in _UNSEEN or ("aria-hidden", "true") in attrs:
            self._unseen = (tag, 1)
        else:
            self.parts += [value for name, value in attrs if name in _SEEN_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if self._unseen and tag == self._unseen[0]:
            depth = self._unseen[1] - 1
            self._unseen = (tag, depth) if depth else None

    def handle_data(self, data: str) -> None:
        if not self._unseen and data.strip():
            self.parts.append(data.strip())


def page_text(path: Path) -> str:
    """Every text a reader can meet on a page as its HTML stands, one piece a line: the title,
    the text of every element (hidden ones too, so this is more than a browser shows, but
    aria-hidden ones) and the
    attributes read as text. Script-made text is not here: only a browser sees that."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


_ATOM = "{http://www.w3.org/2005/Atom}"


def not_published_under(root: Path, base: str, page: str) -> list[str]:
    """What a site built with ``base_url`` publishes that is not an absolute address under
    ``base``: in the sitemap, the English feed, robots.txt, ``page``'s language alternates and
    the 404 page's links (which must not need the script that roots them)."""
    wrong = []
    sitemap = ElementTree.parse(root / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter() if e.tag.endswith("loc")]
    wrong += [f"sitemap: {loc}" for loc in locs if not loc.startswith(base)]
    if not locs:
        wrong.append("sitemap: no address")
    feed = ElementTree.parse(root / "en" / "feed.xml").getroot()
    hrefs = [link.get("href") or "" for link in feed.iter(f"{_ATOM}link")]
    wrong += [f"feed: {href}" for href in hrefs if not href.startswith(base)]
    if f"Sitemap: {base}sitemap.xml" not in (root / "robots.txt").read_text(encoding="utf-8"):
        wrong.append("robots.txt names no sitemap under the base")
    alternates = {
        "zh-CN": f"{base}{page}",
        "en": f"{base}en/{page}",
        "x-default": f"{base}{page}",
    }
    if read_page(root / page).hreflang != alternates:
        wrong.append(f"{page}: {read_page(root / page).hreflang}")
    not_found = read_page(root / "404.html")
    anchors = [value for tag, attr, value in not_found.links if tag == "a" and attr == "href"]
    wrong += [f"404: {a}" for a in anchors if not (a.startswith(base) or a.startswith("#"))]
    if not anchors:
        wrong.append("404: no link")
    if "root-links.js" in (root / "404.html").read_text(encoding="utf-8"):
        wrong.append("404: root-links.js")
    return wrong


#: What the search index's term step writes (term shards, the English lookup), its gram step
#: and its result files step.
STEP_KINDS = ("t", "e", "g", "p", "doc")


def step_files(site: Path) -> dict[str, int]:
    """Each term, gram and result step file of the site's search index, and its inode."""
    index = site / "static" / "search"
    return {
        str(p.relative_to(index)): p.stat().st_ino
        for kind in STEP_KINDS
        for p in sorted((index / kind).glob("*.js"))
    } | {p.name: p.stat().st_ino for p in index.glob("facets.*.js")}
