"""What a build into a folder leaves for the next one there: the digests of what the site
was made from (``BuildInputs``), its stamp (``Stamp``: all a build with nothing to do reads)
and what it kept of its pages (``render.kept.LastBuild``)."""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import asdict, dataclass
from pathlib import Path

from briefgen.cache import Cache, code_digest, key
from briefgen.files import SETTINGS_NAMES, site_record_files
from briefgen.records import Issue, record_file_digest
from briefgen.render import kept as kept_module
from briefgen.render.kept import LastBuild


@dataclass(frozen=True, slots=True)
class BuildSummary:
    issues: int
    articles: int
    pages: int
    seconds: float
    #: Nothing the site depends on changed since the last build into the same folder.
    up_to_date: bool = False

    def __str__(self) -> str:
        state = " (up to date, nothing rendered)" if self.up_to_date else ""
        return (
            f"{self.issues} issue(s), {self.articles} article(s), {self.pages} page(s) "
            f"in {self.seconds:.1f} s{state}"
        )


@dataclass(frozen=True, slots=True)
class BuildInputs:
    """Digests of everything the site is made from."""

    #: What every page shares: glossary, settings, templates, catalogs, code.
    shared: str
    #: Each record file's digest.
    records: dict[Path, str]

    @classmethod
    def of(cls, briefings: Path, templates: Path) -> BuildInputs:
        package = Path(__file__).resolve().parent
        files = [briefings / name for name in SETTINGS_NAMES]
        files += sorted(p for p in templates.rglob("*") if p.is_file())
        files += sorted(package.rglob("*.py")) + sorted(package.rglob("*.po"))
        digest = hashlib.sha256()
        for path in files:
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"-")
        records = {path: record_file_digest(path) for path in site_record_files(briefings)}
        return cls(digest.hexdigest(), records)

    @property
    def digest(self) -> str:
        return key("inputs", self.shared, *self.records.values())

    def issue_digests(self, issues: list[Issue]) -> dict[str, str]:
        """Each issue's record file digest, by issue id (``issues`` in ``records`` order)."""
        return {i.issue.id: d for i, d in zip(issues, self.records.values(), strict=True)}


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last build into a folder was made from and made: all a build with nothing
    to do reads."""

    inputs: str
    shared: str
    issues: int
    articles: int
    pages: int

    @classmethod
    def read(cls, cache: Cache, entry: str) -> Stamp | None:
        stored = cache.get("site", entry)
        try:
            return cls(**stored) if isinstance(stored, dict) else None
        except TypeError:  # another code's stamp
            return None

    def summary(self, seconds: float) -> BuildSummary:
        return BuildSummary(self.issues, self.articles, self.pages, seconds, up_to_date=True)


#: The cache entry of what a build keeps of its pages is keyed by the code that reads it.
_LAST_BUILD = "site pages"


def last_build(
    stamp: Stamp | None, inputs: BuildInputs, cache: Cache, entry: str
) -> LastBuild | None:
    """What the last build kept of its pages, when it was made with what every page shares
    now and is of the build the stamp is of."""
    if stamp is None or stamp.shared != inputs.shared:
        return None
    stored = cache.get_bytes(_LAST_BUILD, key(entry, code_digest(kept_module)))
    last = pickle.loads(stored) if stored is not None else None
    if not isinstance(last, LastBuild) or last.inputs != stamp.inputs:
        return None
    return last


def keep_build(
    cache: Cache, entry: str, inputs: BuildInputs, summary: BuildSummary, last: LastBuild
) -> None:
    """The stamp, and apart what only a build that renders reads (a build with nothing to do
    reads the stamp alone). That is written first, so a stamp never goes with another
    build's pages."""
    stored = pickle.dumps(last, pickle.HIGHEST_PROTOCOL)
    cache.put_bytes(_LAST_BUILD, key(entry, code_digest(kept_module)), stored)
    stamp = Stamp(inputs.digest, inputs.shared, summary.issues, summary.articles, summary.pages)
    cache.put("site", entry, asdict(stamp))
