"""Which file in ``briefings/`` is what: the one owner of every file name the tools use.

An issue lives either in a folder of its own (``<id>/source.pdf`` or ``<id>/source.txt``, with
``meta.yaml`` and ``records.yaml`` beside it) or as a lone file (``<id>.txt`` with
``<id>.meta.yaml`` and ``<id>.yaml``). The archive's own settings sit at the top of the
folder: ``glossary.yaml``, ``site.yaml``, ``topics.yaml``, ``entities.yaml`` and
``sources.yaml``. Every command asks this module,
so the parser, the checker and the site never disagree about what a file is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: The archive folder commands use when none is named.
DEFAULT_BRIEFINGS = Path("briefings")
SOURCE_SUFFIXES = (".txt", ".pdf")
#: The stem of a source that has a folder of its own.
SOURCE_STEM = "source"
META_NAME = "meta.yaml"
RECORDS_NAME = "records.yaml"
GLOSSARY_NAME = "glossary.yaml"
SITE_NAME = "site.yaml"
#: The editor's topic list: names and the words that assign articles to them.
TOPICS_NAME = "topics.yaml"
#: The editor's entities (organizations, companies, programmes) with their names and aliases.
ENTITIES_NAME = "entities.yaml"
#: The editor's map of cited web domains to the organizations behind them.
SOURCES_NAME = "sources.yaml"
#: Archive-wide editor files: YAML, but neither records nor issue metadata.
SETTINGS_NAMES = (GLOSSARY_NAME, SITE_NAME, TOPICS_NAME, ENTITIES_NAME, SOURCES_NAME)
_META_SUFFIX = ".meta.yaml"


def _in_own_folder(source: Path) -> bool:
    return source.stem == SOURCE_STEM


def is_source(path: Path) -> bool:
    return path.suffix.lower() in SOURCE_SUFFIXES and not path.name.startswith(".")


def is_meta(path: Path) -> bool:
    """An editor's metadata file: ``meta.yaml`` in an issue folder or ``<id>.meta.yaml``."""
    return path.name == META_NAME or path.name.endswith(_META_SUFFIX)


def is_record_file(path: Path) -> bool:
    return (
        path.suffix == ".yaml"
        and not path.name.startswith(".")
        and not is_meta(path)
        and path.name not in SETTINGS_NAMES
    )


def issue_id_for(source: Path) -> str:
    """``briefings/<id>/source.txt`` gives ``<id>``; any other file gives its stem."""
    return source.parent.name if _in_own_folder(source) else source.stem


def meta_path_for(source: Path) -> Path:
    """Where the editor's metadata for ``source`` lives (it may not exist)."""
    if _in_own_folder(source):
        return source.parent / META_NAME
    return source.with_name(source.stem + _META_SUFFIX)


def records_path_for(source: Path, out_dir: Path | None = None) -> Path:
    """Where the records parsed from ``source`` go: beside it, or ``out_dir/<id>.yaml``."""
    if out_dir is not None:
        return out_dir / f"{issue_id_for(source)}.yaml"
    if _in_own_folder(source):
        return source.parent / RECORDS_NAME
    return source.with_suffix(".yaml")


def find_sources(paths: Iterable[Path]) -> list[Path]:
    """Source files named directly, or found inside named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and is_source(p))
        else:
            found.append(path)
    return found


def find_record_files(paths: Iterable[Path]) -> list[Path]:
    """Record files named directly, or found inside named folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if p.is_file() and is_record_file(p))
        else:
            found.append(path)
    return found


def site_record_files(briefings: Path) -> list[Path]:
    """The record files the site is built from: one ``<id>/records.yaml`` per issue folder."""
    return sorted(briefings.glob(f"*/{RECORDS_NAME}"))
