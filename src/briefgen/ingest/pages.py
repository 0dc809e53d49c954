"""Split extracted text into body lines and page-bottom footnotes, dropping page artifacts.

Text extracted from a briefing PDF keeps the page structure implicitly: a page starts with a
line indented by one space, footnotes follow a whitespace-only separator line at the page
bottom, running headers stand next to a bare page number, and a vertical watermark comes out
as one character per line. This module turns those signals into explicit data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefgen.ingest.marked import MarkedText, Marker

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_ENTRY = re.compile(r"^(\d{1,3})(?:\s+(\S.*))?$")
URL_TAIL = re.compile(r"^[A-Za-z0-9._~/%?=&#-][A-Za-z0-9\-._~/%?=&#:+;,!*'()@$]*$")
_WECHAT = re.compile(r"https?://mp\.weixin\.qq\.com/\S*")
_SINGLE_CJK = re.compile(rf"^[{CJK}]$")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"，。；、（）]+")


@dataclass(slots=True)
class BodyLine:
    """A line of running text with what the page layout said about it."""

    no: int
    text: str
    page: int
    #: The extractor left trailing whitespace: in these layouts that ends a paragraph.
    trailing_space: bool
    #: An empty line stood before this one in the source.
    blank_before: bool = False
    #: Footnote markers found in the line, taken out of ``text``.
    markers: tuple[Marker, ...] = ()
    #: Whether a paragraph ends with this line, when the page reader could tell (None: the
    #: paragraph builder reads the whitespace signals).
    ends: bool | None = None

    @property
    def marked(self) -> MarkedText:
        return MarkedText(self.text, self.markers)


@dataclass(slots=True)
class RawFootnote:
    """A footnote as printed: its number on the page and its text lines."""

    number: int
    page: int
    line: int
    parts: list[str] = field(default_factory=list)
    trailing: list[bool] = field(default_factory=list)
    #: A marker in the body was matched to this footnote.
    matched: bool = False
    #: A note printed at its article's end (endnotes.py): its marker is looked for in the lines
    #: from this one to the note, not on its page.
    since_line: int | None = None


@dataclass(slots=True)
class PageText:
    body: list[BodyLine]
    footnotes: list[RawFootnote]
    #: The running header/footer text, when the pages carry one (often the publication name).
    running_header: str | None
    #: A vertical watermark's text (often the issuing institution), when there is one.
    watermark: str | None = None


def _is_page_start(raw: str) -> bool:
    return raw[:1] in (" ", "\u3000") and raw.strip() != ""


def _drop_artifacts(
    lines: list[str],
) -> tuple[list[bool], set[int], str | None, str | None]:
    """Mark watermark runs, page numbers, running headers and stray WeChat links for removal.

    Returns the keep-mask, the indexes after which a page break falls, the header text and
    the text of the first vertical watermark.
    """
    keep = [True] * len(lines)
    breaks: set[int] = set()
    nonblank = [i for i, raw in enumerate(lines) if raw.strip()]

    # A vertical watermark: four or more consecutive lines of a single CJK character.
    run: list[int] = []
    watermark: str | None = None
    for i in [*nonblank, -1]:
        if i >= 0 and _SINGLE_CJK.match(lines[i].strip()):
            run.append(i)
            continue
        if len(run) >= 4:
            for j in run:
                keep[j] = False
            watermark = watermark or "".join(lines[j].strip() for j in run)
        run = []

    standalone = Counter(lines[i].strip() for i in nonblank)
    header: str | None = None
    for pos, i in enumerate(nonblank):
        if not _PAGE_NUMBER.match(lines[i]) or not keep[i]:
            continue
        nxt = next((lines[j] for j in nonblank[pos + 1 :] if keep[j]), "")
        if nxt.lstrip().startswith(("http://", "https://")):
            continue  # "3" alone above its URL is a footnote number, not a page number
        keep[i] = False
        breaks.add(i)
        prev = next((j for j in reversed(nonblank[:pos]) if keep[j]), None)
        if prev is None:
            continue
        candidate = lines[prev].strip()
        if (
            standalone[candidate] >= 2
            and len(candidate) <= 24
            and not re.search(r"[。，；：,;]", candidate)
        ):
            keep[prev] = False
            header = header or candidate
    return keep, breaks, header, watermark


def split_pages(text: str) -> PageText:
    """Separate body lines from footnote blocks; line numbers stay those of the source."""
    lines = text.split("\n")
    keep, breaks, header, watermark = _drop_artifacts(lines)
    body: list[BodyLine] = []
    footnotes: list[RawFootnote] = []
    page = 0
    in_block = False
    pending_separator = False
    last_in_block: RawFootnote | None = None
    blank = False

    def next_content(i: int, skip: int = 0) -> str:
        seen = 0
        for j in range(i + 1, len(lines)):
            if keep[j] and lines[j].strip():
                if seen == skip:
                    return lines[j]
                seen += 1
        return ""

    for i, raw in enumerate(lines):
        if i - 1 in breaks:
            page += 1
            in_block = False
        if not keep[i]:
            continue
        if not raw.strip():
            blank = True
            if raw and not in_block:
                # A whitespace-only line separates the body from the page's footnotes.
                after, after2 = next_content(i).strip(), next_content(i, 1).strip()
                pending_separator = bool(
                    _ENTRY.match(after) or (URL_TAIL.match(after) and _ENTRY.match(after2))
                )
            continue
        if _is_page_start(raw) and (in_block or body):
            page += 1
            in_block = False
        if pending_separator:
            in_block, pending_separator = True, False
            last_in_block = footnotes[-1] if footnotes else None
        trailing = raw != raw.rstrip()
        if in_block:
            entry = _ENTRY.match(raw.strip())
            expected = None if last_in_block is None else last_in_block.number + 1
            starts_block = last_in_block is None or last_in_block.page != page
            if entry and (starts_block or int(entry.group(1)) == expected):
                note = RawFootnote(number=int(entry.group(1)), page=page, line=i + 1)
                if entry.group(2):
                    note.parts.append(entry.group(2).rstrip())
                    note.trailing.append(trailing)
                footnotes.append(note)
                last_in_block = note
            elif last_in_block is not None:
                # Continuation, possibly of the previous page's last footnote.
                last_in_block.parts.append(raw.strip())
                last_in_block.trailing.append(trailing)
            continue
        if _WECHAT.fullmatch(raw.strip()):
            continue  # relay links some exports leave at page ends
        body.append(
            BodyLine(
                no=i + 1, text=raw.strip(), page=page, trailing_space=trailing, blank_before=blank
            )
        )
        blank = False
    return PageText(body=body, footnotes=footnotes, running_header=header, watermark=watermark)


# --------------------------------------------------------------------------- footnote text


#: One full-width character: CJK ideographs and punctuation, which join without spaces.
_WIDE = re.compile(rf"[{CJK}\u3000-\u303f\uff00-\uffef\u2e80-\u2fff]")


def is_wide(ch: str) -> bool:
    """Full-width: CJK ideographs and punctuation, which join without spaces."""
    return _WIDE.match(ch) is not None


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced layout: two for a full-width character."""
    # One regex pass over the line: per-character calls were most of parsing's time.
    return len(text) + len(_WIDE.findall(text))


_SCHEMES = ("http://", "https://", "ftp://")
#: How far back a URL broken at a line end is looked for: longer than any cited URL.
_URL_WINDOW = 1024
#: How many URLs of the page a footnote's URL is compared with to find a repeat.
_RECENT_URLS = 100


def continues_url(prev: str, nxt: str, no_space_at_break: bool) -> bool:
    """Does ``nxt`` carry on a URL that ``prev`` ends with, broken at the line end?

    It does when the next line is that URL's tail alone, when the extractor left no space at the
    break, or when the URL stops at a character no URL ends with ("…-", "…/", "…=").
    """
    following = nxt.split()
    if not following:
        return False
    # Only the end of ``prev`` matters; looking at all of it made joining a long run of
    # lines quadratic (each join rescanned the text joined so far).
    tail = prev[-_URL_WINDOW:].rstrip()
    # The break may fall inside the scheme: "… http" then "s://www…", or, where a layout
    # breaks a word anywhere (jsPDF), "… ht" then "tps://www…".
    scheme = re.search(r"(?<![A-Za-z])(?:htt?p?s?|ftp?)(?::/?)?$", tail[-8:])
    if scheme and no_space_at_break and (scheme.group(0) + following[0]).startswith(_SCHEMES):
        return True
    # The URL may follow a CJK word with no space between ("供稿自https://…").
    url = re.search(r"(?:(?:https?|ftp)://|www\.)\S*$", tail)
    if url is None:
        return False
    last, first = url.group(0), following[0]
    if first.startswith("http") or not URL_TAIL.match(first):
        return False
    return len(following) == 1 or no_space_at_break or last[-1] in "-/_=&?.%"


def join_footnote_parts(parts: list[str], trailing: list[bool]) -> str:
    """Join a footnote's lines, rejoining URLs the layout broke across lines."""
    pieces: list[str] = []
    # The end of the text joined so far is all a join looks at; keeping only it (not
    # re-reading the whole text at each line) keeps a long run of lines linear.
    tail = ""
    for k, part in enumerate(parts):
        if not tail:
            sep = ""
        elif continues_url(tail, part, no_space_at_break=not trailing[k - 1]):
            sep = ""
        elif is_wide(tail[-1]) or is_wide(part[:1]):
            sep = ""
        elif tail.endswith("-") and not trailing[k - 1]:
            sep = ""
        else:
            sep = " "
        pieces.append(sep + part)
        tail = (tail + sep + part)[-_URL_WINDOW:]
    return "".join(pieces)


def footnote_fields(text: str, seen_urls: list[str]) -> tuple[str | None, str | None]:
    """The (url, title) of a footnote's joined text.

    Repeated URLs (a truncated copy of one already cited on the page, which some PDF exports
    leave behind as link annotations, or a copy within the note) and WeChat relay links are
    dropped. Two notes on one page may cite the same URL: two articles' sources.
    """
    urls: list[str] = []
    # A set beside the list: a note of thousands of URLs was read in quadratic time.
    taken: set[str] = set()
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)]}'\"")
        # Copies sit near what they copy; comparing with every URL before was quadratic.
        recent = seen_urls[-_RECENT_URLS:] + urls[-_RECENT_URLS:]
        copied = any(u.startswith(url) and u != url for u in recent)
        if _WECHAT.fullmatch(url) or url in taken or copied:
            continue
        urls.append(url)
        taken.add(url)
    rest = _URL.sub(" ", text)
    rest = re.sub(r"\s+", " ", rest).strip(" ;；,，")
    title = rest or None
    if title is not None and not re.search(rf"[{CJK}A-Za-z]", title):
        title = None
    seen_urls.extend(urls)
    return (urls[0] if urls else None), title


# --------------------------------------------------------------------------- markers

#: A digit run followed by one of these is a quantity or a date, not a footnote marker.
_UNIT_AFTER = set("年月日号时分秒万亿千百十个家项名位次倍款条种期座台部片件届度%％.．:/-~～")
#: After a Latin letter a marker is followed by punctuation ("NXT:1980Di2。"); "H1 系统",
#: "4F2 设计" and "MoS2的" are names.
_PUNCT_AFTER = set("。，；、：！？,;!?\n")
#: "图 1", "表 2", "第 3 期": references, not markers ("发表2。" is one).
_REFERENCE_BEFORE = set("图表第")
_BEFORE_NOT = set("第.．-~～+×x/:：")


def _valid_marker(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or after.isdigit() or before in _BEFORE_NOT or after in ")）":
        return False
    nxt = text[end:].lstrip(" \n")[:1]
    if nxt in _UNIT_AFTER or (nxt.isascii() and nxt.isalnum()):
        return False
    if nxt and after in " \n" and not is_wide(nxt):
        return False
    if before.isascii() and before.isalpha() and after not in _PUNCT_AFTER and after != "":
        return False
    prev_visible = text[:start].rstrip(" ")[-1:]
    return not (before == " " and (prev_visible.isdigit() or prev_visible in _REFERENCE_BEFORE))


def attach_markers(pages: PageText) -> None:
    """Find each footnote's marker in the body of its page and keep it as a ``Marker``.

    Markers are matched page by page in number order, each after the previous one, which is
    what tells "少数中国客户1。" (a marker) from "2024年" or "622万亿" (numbers).
    A footnote whose entry spilled onto the next page is looked for on the previous page.
    """
    by_page: dict[int, list[int]] = {}
    for idx, line in enumerate(pages.body):
        by_page.setdefault(line.page, []).append(idx)
    numbers = [line.no for line in pages.body]  # in order: the source's line numbers
    # scope (a page, or None: the end notes') -> (body index, char offset) searched past
    cursor: dict[int | None, tuple[int, int]] = {}
    for k, note in enumerate(pages.footnotes):
        for scope, indexes in _scopes(numbers, by_page, note):
            found = _find_marker(pages, indexes, note.number, cursor.get(scope))
            if found is None:
                continue
            idx, start, end = found
            line = pages.body[idx]
            start, end = _with_spaces_beside(line.text, start, end)
            marked = line.marked.with_marker(start, end, Marker(start, note.number, k))
            line.text, line.markers = marked.text, marked.markers
            cursor[scope] = (idx, start)
            note.matched = True
            break


def _with_spaces_beside(text: str, start: int, end: int) -> tuple[int, int]:
    """The marker ``text[start:end]`` with the spaces an extractor set around a raised number
    ("半导体 16 。"): a marker hangs on the word before it. After it, a space stays where a
    Latin word before and text after would have one between them ("Tenstorrent 的")."""
    while start > 0 and text[start - 1] == " ":
        start -= 1
    after = end
    while after < len(text) and text[after] == " ":
        after += 1
    word, following = text[start - 1 : start], text[after : after + 1]
    if word.isalnum() and not is_wide(word) and following.isalnum():
        return start, end
    return start, after


def _scopes(
    numbers: list[int], by_page: dict[int, list[int]], note: RawFootnote
) -> list[tuple[int | None, Sequence[int]]]:
    """Where a note's marker is looked for: an end note's in the body lines (``numbers``:
    their source line numbers, in order) before it since the block before, a page's note on
    its page and then the page before."""
    if note.since_line is not None:
        since = bisect_left(numbers, note.since_line)
        return [(None, range(since, bisect_left(numbers, note.line, since)))]
    return [(page, by_page.get(page, [])) for page in (note.page, note.page - 1)]


def _find_marker(
    pages: PageText, indexes: Sequence[int], number: int, after: tuple[int, int] | None
) -> tuple[int, int, int] | None:
    needle = str(number)
    for idx in indexes:
        if after is not None and idx < after[0]:
            continue
        line = pages.body[idx]
        # Look across the line break so "…项\n目1。" and "…芯片性能 1\n。" are judged right.
        following = pages.body[idx + 1].text if idx + 1 < len(pages.body) else ""
        context = line.text + "\n" + following
        start_at = after[1] if after is not None and idx == after[0] else 0
        pos = context.find(needle, start_at)
        while 0 <= pos < len(line.text):
            end = pos + len(needle)
            if _valid_marker(context, pos, end):
                return idx, pos, end
            pos = context.find(needle, pos + 1)
    return None
