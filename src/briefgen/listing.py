"""Long lists of articles (a section, tag, topic or author) grouped by year and issue, and cut
into pages of about ``PAGE_SIZE`` articles at issue boundaries."""

from __future__ import annotations

from dataclasses import dataclass

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
    """A year in a long list's year index: its whole count, and where it starts."""

    year: str
    count: int
    path: str  # the first page the year is on
    anchor: str


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a long list: its path and the years (or parts of years) on it."""

    number: int  # 1 for the first page
    path: str
    years: list[YearGroup]
    #: Every year of the whole list, once, for the index every page shows.
    year_links: list[YearLink]


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
    """Pages of at least one issue and about ``size`` articles, never splitting an issue."""
    pages: list[list[YearGroup]] = [[]]
    filled = 0
    for year in years:
        for group in year.issues:
            if filled and filled + len(group.entries) > size:
                pages.append([])
                filled = 0
            current = pages[-1]
            if not current or current[-1].year != year.year:
                current.append(YearGroup(year.year, []))
            current[-1].issues.append(group)
            filled += len(group.entries)
    paths = [page_path(path, k) for k in range(1, len(pages) + 1)]
    links = _year_links(list(zip(paths, pages, strict=True)))
    return [ListPage(k, paths[k - 1], found, links) for k, found in enumerate(pages, start=1)]


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
