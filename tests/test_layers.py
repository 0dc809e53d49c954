"""The pipeline as the imports show it: ingest → records → archive → render and search →
build → cli. No module imports a later stage, render and search do not import each other,
only the command line reads sources (ingest), and no import hides inside a function, where
it would hide a cycle (README, "Layout of the code")."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefgen"

#: Each stage's modules, by the dotted name's first part under ``briefgen`` (a package is
#: one stage). Earlier stages come first; a module may import its own stage and earlier ones.
#: The records come before ingest here: they are the typed model ingest writes and every
#: later stage reads, so ingest imports them, never the other way round.
STAGES: list[tuple[str, set[str]]] = [
    # What every stage uses: errors, YAML reading, files' roles, the cache, logging.
    (
        "base",
        {
            "__init__",
            "errors",
            "strict_yaml",
            "files",
            "cache",
            "timing",
            "lazy",
            "resources",
            "cedict",
            "jobs",
        },
    ),
    # The typed records: what ingest writes and every later stage reads.
    ("records", {"records", "schema", "yaml_schema", "body", "i18n", "progress"}),
    ("ingest", {"ingest"}),
    (
        "archive",
        {
            "archive",
            "site_paths",
            "labels",
            "listing",
            "english",
            "topics",
            "related",
            "related_words",
            "analysis",
        },
    ),
    ("render", {"render"}),
    ("search", {"search"}),
    ("build", {"build", "build_stamp", "heap", "processes", "record_loading", "site_folder"}),
    ("cli", {"cli", "commands", "serve", "starter", "livereload"}),
]
#: Stages that run side by side, neither importing the other.
SIBLINGS = {frozenset({"render", "search"})}
#: Who may import the sources' readers: ingest itself and the commands that run it.
READ_SOURCES = {"ingest", "cli"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative).is_dir()


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The briefgen modules ``node`` imports (``from x import y`` names x.y when y is one)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("briefgen")]
    base = node.module or ""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        parent = package[: len(package) - node.level + 1]
        base = ".".join(parent + ([node.module] if node.module else []))
    if not base.startswith("briefgen"):
        return []
    named = [f"{base}.{a.name}" for a in node.names]
    return [n for n in named if _is_module(n)] or [base]


def _stage(module: str) -> str:
    first = module.split(".")[1] if "." in module else "__init__"
    for stage, firsts in STAGES:
        if first in firsts:
            return stage
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


@cache
def _imports() -> list[tuple[str, str, int, bool]]:
    """(importer, imported, line, inside a function) for every briefgen import."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, inside in _import_statements(tree.body, inside=False):
            for name in _imported(module, path, node):
                found.append((module, name, node.lineno, inside))
    return found


def _import_statements(
    body: list[ast.stmt], *, inside: bool
) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement in ``body`` and the blocks nested in it, and whether it is
    inside a function. Only statements are visited: an import is one, and walking every
    expression of the package as well took this module half a second of CPU."""
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement, inside
        in_function = inside or isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.stmt):
                yield from _import_statements([child], inside=in_function)
            elif isinstance(child, ast.excepthandler | ast.match_case):
                yield from _import_statements(child.body, inside=in_function)


RANK = {stage: rank for rank, (stage, _) in enumerate(STAGES)}


def _breaks(importer: str, imported: str) -> str | None:
    """Why ``importer`` may not import ``imported``, or None."""
    into, of = _stage(importer), _stage(imported)
    if frozenset({into, of}) in SIBLINGS and into != of:
        return f"{into} and {of} run side by side"
    if of == "ingest" and into not in READ_SOURCES:
        return "only the command line reads sources"
    if RANK[of] > RANK[into]:
        return f"{into} comes before {of}"
    return None


def test_every_module_belongs_to_a_stage() -> None:
    for path in PACKAGE.rglob("*.py"):
        _stage(_module_name(path))


def test_no_stage_imports_a_later_one() -> None:
    imports = _imports()
    assert len(imports) > 200  # the walk found the package's imports
    wrong = [
        f"{importer}:{line} imports {imported}: {why}"
        for importer, imported, line, _ in imports
        if (why := _breaks(importer, imported))
    ]
    assert wrong == []


def test_no_import_hides_in_a_function() -> None:
    hidden = [f"{m}:{line} imports {n}" for m, n, line, inside in _imports() if inside]
    assert hidden == []


@pytest.mark.parametrize(
    ("importer", "imported", "why"),
    [
        ("briefgen.search.index", "briefgen.render.page", "search and render run side by side"),
        ("briefgen.archive", "briefgen.build", "archive comes before build"),
        ("briefgen.render.pages", "briefgen.ingest.pdf", "only the command line reads sources"),
        ("briefgen.records", "briefgen.archive", "records comes before archive"),
    ],
)
def test_the_rule_names_what_breaks_it(importer: str, imported: str, why: str) -> None:
    assert _breaks(importer, imported) == why


def test_the_rule_allows_what_the_pipeline_does() -> None:
    assert _breaks("briefgen.ingest.text", "briefgen.records") is None  # what ingest writes
    assert _breaks("briefgen.commands.parse", "briefgen.ingest") is None
    assert _breaks("briefgen.build", "briefgen.search") is None
