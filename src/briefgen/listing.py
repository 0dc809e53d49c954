"""Long lists of articles (a section, tag, topic or author) grouped by year and issue, and cut
into pages of about ``PAGE_SIZE`` articles at issue boundaries, from the oldest end: a new
article changes the first page alone, until the newest pages' articles make another page."""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefgen.archive import Entry, IssueEntry

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class IssueGroup:
    issue: IssueEntry
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: str  # "2024", or "—" for undated issues
    issues: list[IssueGroup]

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.issues)

    @property
    def anchor(self) -> str:
        return f"y-{self.year}" if self.year.isdigit() else "y-undated"


@dataclass(frozen=True, slots=True)
class YearLink:
    """A year in a long list's year index: where it starts, and its whole count."""

    year: str
    #: On the first page alone: the count changes with every article added, and only the first
    #: page is made again for one (``paginate``).
    count: int | None
    path: str  # the first page the year is on
    anchor: str


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a long list: its path and the years (or parts of years) on it."""

    number: int  # 1 for the first page
    path: str
    years: list[YearGroup]
    #: The years of the index the page shows, once each: on the first page every year of the
    #: list, on a later one those of the later pages.
    year_links: list[YearLink]
    #: How many articles the whole list has: on the first page alone, as ``YearLink.count``.
    total: int | None


def by_year_and_issue(entries: list[Entry], issues: list[IssueEntry]) -> list[YearGroup]:
    """``entries`` grouped by their issue, newest issue first, and the issues by year."""
    by_issue: dict[str, list[Entry]] = {}
    for entry in entries:
        by_issue.setdefault(entry.issue.id, []).append(entry)
    years: list[YearGroup] = []
    for issue in issues:  # the archive's order: newest first
        if issue.meta.id not in by_issue:
            continue
        year = str(issue.date.year) if issue.date else "—"
        if not years or years[-1].year != year:
            years.append(YearGroup(year, []))
        years[-1].issues.append(IssueGroup(issue, by_issue[issue.meta.id]))
    return years


def page_path(path: str, number: int) -> str:
    """``authors/沈湘.html`` for page 1, ``authors/沈湘-p2.html`` for page 2."""
    return path if number == 1 else path.removesuffix(".html") + f"-p{number}.html"


def paginate(path: str, years: list[YearGroup], size: int = PAGE_SIZE) -> list[ListPage]:
    """Pages of at least one issue, never splitting an issue, numbered from the newest.

    Walking from the oldest issue, the list is cut into chunks of at most ``size`` articles
    (an issue of more is a chunk alone): a chunk is closed when the next issue would not fit,
    so an issue added after the newest never moves an older cut. The first page holds the last
    closed chunk and the open one after it, so it has more than ``size`` articles (2 × ``size``
    at most) once the list has two chunks; each later page is a closed chunk. An article
    added changes the first page alone until it closes the open chunk; then every page moves
    on by one. The first page's year index counts each year; a later page's names the years
    of the later pages alone, uncounted."""
    groups = [(year.year, group) for year in years for group in year.issues]
    chunks: list[list[tuple[str, IssueGroup]]] = [[]]
    filled = 0
    for year, group in reversed(groups):  # the oldest first
        if filled and filled + len(group.entries) > size:
            chunks.append([])
            filled = 0
        chunks[-1].append((year, group))
        filled += len(group.entries)
    if len(chunks) > 1:
        chunks[-2:] = [chunks[-2] + chunks[-1]]
    pages = [_by_year(list(reversed(chunk))) for chunk in reversed(chunks)]
    paths = [page_path(path, k) for k in range(1, len(pages) + 1)]
    links = _year_links(list(zip(paths, pages, strict=True)))
    total = sum(len(group.entries) for _, group in groups)
    # A later page names the years of the later pages alone: a year new to the list (the
    # first issue of a year) is on the first page until it is cut again.
    later = {year.year for page in pages[1:] for year in page}
    unnumbered = [replace(link, count=None) for link in links if link.year in later]
    return [
        ListPage(k, paths[k - 1], found, links, total)
        if k == 1
        else ListPage(k, paths[k - 1], found, unnumbered, None)
        for k, found in enumerate(pages, start=1)
    ]


def _by_year(groups: list[tuple[str, IssueGroup]]) -> list[YearGroup]:
    """Issue groups (newest first, each with its year) as the years they are in."""
    years: list[YearGroup] = []
    for year, group in groups:
        if not years or years[-1].year != year:
            years.append(YearGroup(year, []))
        years[-1].issues.append(group)
    return years


def _year_links(pages: list[tuple[str, list[YearGroup]]]) -> list[YearLink]:
    """Each year once, newest first: a year cut across two pages is counted whole and linked
    on the first of them."""
    counts: dict[str, int] = {}
    starts: dict[str, tuple[str, str]] = {}
    for path, years in pages:
        for year in years:
            counts[year.year] = counts.get(year.year, 0) + year.count
            starts.setdefault(year.year, (path, year.anchor))
    return [YearLink(year, counts[year], *starts[year]) for year in counts]
