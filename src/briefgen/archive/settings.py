"""The editor's settings of the whole archive: the glossary (English names of sections and
tags, search aliases; ``briefings/glossary.yaml``) and the site settings (titles, address,
section aliases; ``briefings/site.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefgen.files import GLOSSARY_NAME, SITE_NAME
from briefgen.records import load_editor_file
from briefgen.schema import ALIASES, PAIR, WEB_URL
from briefgen.schema import kind as of_kind


@dataclass(frozen=True, slots=True)
class Glossary:
    """Editor-owned English names for sections and tags, and search aliases
    (briefings/glossary.yaml)."""

    sections: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    #: A name → other names of the same thing; a query for any finds them all.
    aliases: dict[str, list[str]] = field(default_factory=dict, metadata=of_kind(ALIASES))
    #: Pairs search must not treat as aliases, though the archive's text suggests it.
    not_aliases: list[tuple[str, str]] = field(default_factory=list, metadata=of_kind(PAIR))

    def english(self, kind: str, name: str) -> str | None:
        table = self.sections if kind == "section" else self.tags if kind == "tag" else {}
        return table.get(name)


DEFAULT_TITLE_ZH = "科技政策快报档案"
DEFAULT_TITLE_EN = "S&T Policy Briefings Archive"


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """Editor-owned site settings (briefings/site.yaml)."""

    title_zh: str = DEFAULT_TITLE_ZH
    title_en: str = DEFAULT_TITLE_EN
    #: Where the site is published (https://host/archive/); feeds and the sitemap need it.
    base_url: str | None = field(default=None, metadata=of_kind(WEB_URL))
    #: Printed section names and the section they are listed under (研究进展 → 前沿研究).
    section_aliases: dict[str, str] = field(default_factory=dict)


def load_glossary(folder: Path) -> Glossary:
    return Glossary(**load_editor_file(folder / GLOSSARY_NAME, Glossary, "glossary"))


def load_settings(folder: Path) -> SiteSettings:
    data = load_editor_file(folder / SITE_NAME, SiteSettings, "site settings")
    base = data.get("base_url")
    if base is not None and not base.endswith("/"):
        base = f"{base}/"
    return SiteSettings(
        title_zh=data.get("title_zh") or DEFAULT_TITLE_ZH,
        title_en=data.get("title_en") or DEFAULT_TITLE_EN,
        base_url=base,
        section_aliases=data.get("section_aliases") or {},
    )
