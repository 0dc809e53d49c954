"""The editor's entity list (entities.yaml) and source map (sources.yaml): typed, with lines.

Both are read by the same strict YAML reader and schema code as the glossary; on top of the
schema, a name or domain claimed by two entries is refused with the line of the second, since
a mention could not be told to one or the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefgen.errors import RecordError
from briefgen.files import ENTITIES_NAME, SOURCES_NAME
from briefgen.records import load_editor_file
from briefgen.strict_yaml import compose, read_text
from briefgen.yaml_schema import MAX_EDITOR_FILE_BYTES, is_null

#: What an entity is; the index page groups them so.
ENTITY_KINDS = ("organization", "company", "programme", "place", "other")
#: A host name or the end of one: labels of letters, digits and hyphens.
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


@dataclass(frozen=True, slots=True)
class Entity:
    """An organization, company or programme the briefings follow, and every name it goes by."""

    zh: str
    en: str
    kind: str = "organization"
    #: Other names in the texts: short forms, acronyms, English names (商务部, DOC).
    aliases: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.zh, self.en, *self.aliases]


@dataclass(frozen=True, slots=True)
class EntityList:
    """``entities.yaml``: the schema its loader checks."""

    entities: list[Entity] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SourceOrganization:
    """The organization behind one or more web domains cited as sources."""

    zh: str
    en: str
    #: Host names or their ends (commerce.gov, europarl.europa.eu); the longest match wins.
    domains: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SourceMap:
    """``sources.yaml``: the schema its loader checks."""

    sources: list[SourceOrganization] = field(default_factory=list)


def load_entities(folder: Path) -> list[Entity]:
    """The entity list, or none when the archive has no entities file."""
    path = folder / ENTITIES_NAME
    entities: list[Entity] = load_editor_file(path, EntityList, "entities").get("entities", [])
    lines = _item_lines(path, "entities")
    claimed: dict[str, str] = {}
    for entity, line in zip(entities, lines, strict=False):
        if entity.kind not in ENTITY_KINDS:
            raise RecordError(
                path, line, f"entity {entity.zh!r}: kind must be one of {', '.join(ENTITY_KINDS)}"
            )
        for name in entity.names:
            _claim(path, line, claimed, name_key(name), entity.zh, "name")
    return entities


def load_source_map(folder: Path) -> list[SourceOrganization]:
    """The source map, or none when the archive has no sources file."""
    path = folder / SOURCES_NAME
    sources: list[SourceOrganization] = load_editor_file(path, SourceMap, "sources").get(
        "sources", []
    )
    lines = _item_lines(path, "sources")
    claimed: dict[str, str] = {}
    for source, line in zip(sources, lines, strict=False):
        if not source.domains:
            raise RecordError(path, line, f"source {source.zh!r}: list its domains")
        for domain in source.domains:
            if not _DOMAIN.match(domain):
                raise RecordError(
                    path, line, f"source {source.zh!r}: {domain!r} is not a domain (whitehouse.gov)"
                )
            _claim(path, line, claimed, domain, source.zh, "domain")
    return sources


def name_key(name: str) -> str:
    """How names are compared: case and the spaces around them do not count."""
    return " ".join(name.split()).casefold()


def _claim(path: Path, line: int, claimed: dict[str, str], key: str, owner: str, what: str) -> None:
    if not key:
        raise RecordError(path, line, f"{owner!r}: an empty {what}")
    if claimed.setdefault(key, owner) != owner:
        raise RecordError(
            path, line, f"{what} {key!r} of {owner!r} is already {claimed[key]!r}'s; keep one"
        )


def _item_lines(path: Path, key: str) -> Iterable[int]:
    """The 1-based line of each item of the file's top-level list ``key`` (schema-checked)."""
    if not path.exists():
        return []
    root = compose(read_text(path, MAX_EDITOR_FILE_BYTES, key), path)
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if key_node.value == key and not is_null(value_node):
            return [item.start_mark.line + 1 for item in value_node.value]
    return []
