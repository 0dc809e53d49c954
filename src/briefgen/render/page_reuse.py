"""Pages taken from the previous site: which issues, articles and pages of it a build can
take as they are, and taking them (noted where the previous site stays, else linked)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.render.page import Page
from briefgen.site_paths import site_path


@dataclass(frozen=True, slots=True)
class PageReuse:
    """The previous site, and the issues whose pages in it can be taken as they are."""

    site: Path
    issues: frozenset[str]
    #: What each page of the previous site showed of other issues (``Page.shows``).
    shown: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The ``Page.facts`` of each page of the previous site about many issues.
    facts: dict[str, str] = field(default_factory=dict)
    #: The parts of changed issues that show as they did (``facts.shown_parts``): an
    #: article's page path, or an issue's folder for its label alone.
    parts: frozenset[str] = frozenset()
    #: Folders of the new site made so far (by this process).
    folders: set[str] = field(default_factory=set, compare=False)
    #: The previous site's files, when what the build takes from it stays where it is (the
    #: build puts what changed in its place): a file taken is then noted, not linked.
    existing: frozenset[str] | None = None
    #: The files taken and noted so far, by this process (``taken``).
    noted: list[str] = field(default_factory=list, compare=False)
    #: What pages show that was found ``unchanged`` so far, by this process.
    _unchanged: set[str] = field(default_factory=set, init=False, compare=False, repr=False)

    def take(self, page: Page, path: str, root: Path) -> bool:
        """Take ``path`` from the previous site to the same path under ``root`` (``_link``), if
        it can be reused: its issue (a page about many issues has none) or, for an article's
        page, its article, its facts and every issue or article it shows are unchanged, and it
        shows the same pages."""
        # A page that showed other pages and shows none now changed too: compare even when empty.
        if self.shown.get(page.path, ()) != page.shows or not self._all_unchanged(page.shows):
            return False
        if page.facts is not None and self.facts.get(page.path) != page.facts:
            return False
        if page.issue_id is None:
            return page.facts is not None and self._link(path, root)
        return self.take_file(page.issue_id, path, root, page.path)

    def unchanged(self, shown: str) -> bool:
        """Whether what a page shows of ``shown`` (a page of another issue, an article, or an
        issue's label) is as the last build showed it."""
        return shown_issue(shown) in self.issues or shown in self.parts

    def _all_unchanged(self, shows: tuple[str, ...]) -> bool:
        """Whether every one of ``shows`` is ``unchanged``. Tens of thousands of pages a build
        show the same few tens of thousands of articles and labels, each asked about again
        and again: those found unchanged are remembered, and a page showing only such is
        known at once."""
        known = self._unchanged
        if known.issuperset(shows):
            return True
        for shown in shows:
            if shown not in known:
                if not self.unchanged(shown):
                    return False
                known.add(shown)
        return True

    def take_file(self, issue_id: str | None, path: str, root: Path, part: str = "") -> bool:
        """Take ``path`` from the previous site to the same path under ``root`` (``_link``), if
        issue ``issue_id`` alone decides it and is unchanged, or it is a file of the article
        whose page is ``part`` and that article is unchanged."""
        if issue_id not in self.issues and part not in self.parts:
            return False
        return self._link(path, root)

    def _link(self, path: str, root: Path) -> bool:
        """Note the file as taken when the previous site stays (``existing``), else link it
        (or copy it) into ``root``; False when the previous site has no such file."""
        # Tens of thousands of files a build: paths as strings (pathlib's objects were most of
        # the time), a folder made once, and a missing source found by the link failing rather
        # than by asking first.
        if self.existing is not None:
            # A file the previous site has is inside it, by a path normal already (a path
            # spelled otherwise is not found: the page is rendered, its path checked then).
            if path not in self.existing:
                return False
            self.noted.append(path)
            return True
        normal = site_path(root, path)
        target = f"{root}/{normal}"
        folder = target.rpartition("/")[0]
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        source = f"{self.site}/{normal}"
        try:
            os.link(source, target)
        except FileNotFoundError:
            return False
        except OSError:
            if not os.path.isfile(source):
                return False
            shutil.copyfile(source, target)
        return True

    def taken(self) -> list[str]:
        """The files noted as taken (``existing``) since the last call, which forgets them:
        a worker hands them to the build chunk by chunk."""
        # The first ``count`` alone: where threads share this (no fork), another may be
        # noting one more meanwhile, at the end.
        count = len(self.noted)
        noted = self.noted[:count]
        del self.noted[:count]
        return noted


def shown_issue(path: str) -> str:
    """The issue of a page path ``issues/<id>/…``."""
    return path.split("/")[1]
