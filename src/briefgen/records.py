"""The article record model and its YAML form: save, load, validate with file:line errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import RecordError

#: First line of every record file briefgen writes; the hash covers the rest of the file, so a
#: later parse can tell a file it wrote itself from one an editor has changed.
HEADER_PREFIX = "# briefgen records; edit freely. content-sha256: "


@dataclass(frozen=True, slots=True)
class Footnote:
    """One cited source of an article, numbered 1..k in the order its markers appear."""

    n: int
    url: str | None = None
    #: Citation text (authors, journal, a description) when the footnote is more than a URL.
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article of an issue, as the editors own it."""

    id: str
    section: str | None = None
    title: str
    title_en: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    #: Full dates mentioned in the body, ISO 8601, in order of first mention.
    dates: list[str] = field(default_factory=list)
    editor_note: str | None = None
    #: Markdown; footnote markers are ``[^n]`` referring to ``footnotes``.
    body: str = ""
    footnotes: list[Footnote] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list)
    original_title: str | None = None
    #: First and last line of the article in the source file.
    lines: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IssueMeta:
    """Where an issue came from and what it is."""

    id: str
    source: str
    source_sha256: str
    publication: str | None = None
    number: str | None = None
    date: str | None = None
    date_inferred: bool = False
    title_en: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    issue: IssueMeta
    articles: list[Article]


# --------------------------------------------------------------------------- saving


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, so an editor sees the body as it reads."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def _footnote_dict(note: Footnote) -> dict[str, Any]:
    return {"n": note.n, "url": note.url, "title": note.title}


def issue_to_yaml(issue: Issue) -> str:
    """The record file text, header line included."""
    data = {
        "issue": asdict(issue.issue),
        "articles": [
            {**asdict(a), "footnotes": [_footnote_dict(f) for f in a.footnotes]}
            for a in issue.articles
        ],
    }
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, indent=2
    )
    return f"{HEADER_PREFIX}{content_hash(body)}\n{body}"


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def is_unedited(text: str) -> bool:
    """True when a record file is exactly as briefgen wrote it (no editor has touched it)."""
    first, _, rest = text.partition("\n")
    if not first.startswith(HEADER_PREFIX):
        return False
    return first[len(HEADER_PREFIX) :].strip() == content_hash(rest)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a record file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# --------------------------------------------------------------------------- loading


class _Problems:
    """Collects every schema problem of one file, so an editor fixes them in one pass."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[RecordError] = []

    def add(self, node: yaml.Node, message: str) -> None:
        self.errors.append(RecordError(self.path, node.start_mark.line + 1, message))


def _mapping(node: yaml.Node, where: str, problems: _Problems) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, f"{where} must be a mapping")
        return None
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        out[str(key.value)] = value
    return out


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


#: libyaml's composer when PyYAML has it: the same nodes and line marks, much faster.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(node: yaml.Node, kind: str, where: str, problems: _Problems) -> Any:
    """Convert a scalar node to ``kind`` (str, int, bool, date, url), or record why not."""
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, f"{where} must be a single value, not a list or mapping")
        return None
    if kind == "date" or node.tag == "tag:yaml.org,2002:str":
        value: Any = node.value
    else:
        try:
            value = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            value = node.value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(node, f"{where} must be a whole number, got {node.value!r}")
            return None
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            problems.add(node, f"{where} must be true or false, got {node.value!r}")
            return None
        return value
    if kind == "date":
        if not isinstance(value, str) or not _DATE.match(value):
            problems.add(node, f"{where} must be a date written YYYY-MM-DD, got {node.value!r}")
            return None
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            problems.add(node, f"{where} is not a real date: {value!r}")
            return None
        return value
    if value is None or not isinstance(value, str | int | float):
        problems.add(node, f"{where} must be text, got {node.value!r}")
        return None
    text = str(value) if not isinstance(value, str) else value
    if kind == "url" and not re.match(r"^(https?|ftp)://\S+$", text):
        problems.add(node, f"{where} must be an http(s) URL without spaces, got {text!r}")
        return None
    return text


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


#: field name -> (kind, required, nullable, is_list)
_ISSUE_FIELDS = {
    "id": ("str", True, False, False),
    "source": ("str", True, False, False),
    "source_sha256": ("str", True, False, False),
    "publication": ("str", False, True, False),
    "number": ("str", False, True, False),
    "date": ("date", False, True, False),
    "date_inferred": ("bool", False, False, False),
    "title_en": ("str", False, True, False),
}
_ARTICLE_FIELDS = {
    "id": ("str", True, False, False),
    "section": ("str", False, True, False),
    "title": ("str", True, False, False),
    "title_en": ("str", False, True, False),
    "tags": ("str", False, False, True),
    "authors": ("str", False, False, True),
    "dates": ("date", False, False, True),
    "editor_note": ("str", False, True, False),
    "body": ("str", False, False, False),
    "footnotes": ("footnote", False, False, True),
    "source_urls": ("url", False, False, True),
    "original_title": ("str", False, True, False),
    "lines": ("int", False, False, True),
}
_FOOTNOTE_FIELDS = {
    "n": ("int", True, False, False),
    "url": ("url", False, True, False),
    "title": ("str", False, True, False),
}


def _convert(
    node: yaml.Node, spec: dict[str, tuple[str, bool, bool, bool]], where: str, problems: _Problems
) -> dict[str, Any] | None:
    mapping = _mapping(node, where, problems)
    if mapping is None:
        return None
    out: dict[str, Any] = {}
    for key, unknown_node in mapping.items():
        if key not in spec:
            known = ", ".join(spec)
            problems.add(unknown_node, f"{where}: unknown field {key!r} (known fields: {known})")
    for name, (kind, required, nullable, is_list) in spec.items():
        value_node = mapping.get(name)
        if value_node is None:
            if required:
                problems.add(node, f"{where}: required field {name!r} is missing")
            continue
        if _is_null(value_node):
            if nullable:
                out[name] = None
            elif not required and is_list:
                out[name] = []
            else:
                problems.add(value_node, f"{where}: {name!r} must not be empty")
            continue
        if is_list:
            if not isinstance(value_node, yaml.SequenceNode):
                problems.add(value_node, f"{where}: {name!r} must be a list")
                continue
            items = []
            for i, item in enumerate(value_node.value):
                item_where = f"{where}.{name}[{i}]"
                if kind == "footnote":
                    converted = _convert(item, _FOOTNOTE_FIELDS, item_where, problems)
                    value = Footnote(**converted) if converted is not None else None
                else:
                    value = _scalar(item, kind, item_where, problems)
                if value is not None:
                    items.append(value)
            out[name] = items
        else:
            value = _scalar(value_node, kind, f"{where}: {name!r}", problems)
            if value is not None:
                out[name] = value
    return out


def load_issue(path: Path) -> Issue:
    """Read and validate a record file; raise the first problem (see ``validate_file`` for all)."""
    issue, errors = _load(path)
    if errors:
        raise errors[0]
    assert issue is not None
    return issue


def validate_file(path: Path) -> list[RecordError]:
    """Every problem of one record file, each with its line; empty when the file is valid."""
    return _load(path)[1]


def _load(path: Path) -> tuple[Issue | None, list[RecordError]]:
    problems = _Problems(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [RecordError(path, None, f"record file is not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [RecordError(path, None, f"cannot read record file: {exc.strerror}")]
    try:
        root = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or "syntax error"
        return None, [RecordError(path, line, f"YAML syntax error: {detail}")]
    if root is None:
        return None, [
            RecordError(path, 1, "record file is empty; expected 'issue:' and 'articles:'")
        ]
    top = _mapping(root, "the file", problems)
    if top is None:
        return None, problems.errors
    meta_node = top.get("issue")
    articles_node = top.get("articles")
    if meta_node is None:
        problems.add(root, "the file has no 'issue:' mapping")
    if articles_node is None:
        problems.add(root, "the file has no 'articles:' list")
    meta = _convert(meta_node, _ISSUE_FIELDS, "issue", problems) if meta_node else None
    articles: list[Article] = []
    seen_ids: dict[str, int] = {}
    if articles_node is not None:
        if not isinstance(articles_node, yaml.SequenceNode):
            problems.add(articles_node, "'articles' must be a list of articles")
        else:
            for i, node in enumerate(articles_node.value):
                converted = _convert(node, _ARTICLE_FIELDS, f"articles[{i}]", problems)
                if converted is None or not {"id", "title"} <= converted.keys():
                    continue
                if converted["id"] in seen_ids:
                    problems.add(
                        node,
                        f"articles[{i}]: id {converted['id']!r} is already used by "
                        f"articles[{seen_ids[converted['id']]}]; ids must be unique",
                    )
                seen_ids[converted["id"]] = i
                if not converted["title"].strip():
                    problems.add(node, f"articles[{i}]: 'title' must not be blank")
                articles.append(Article(**converted))
    if problems.errors or meta is None:
        return None, problems.errors
    return Issue(issue=IssueMeta(**meta), articles=articles), []


def read_yaml_mapping(path: Path, what: str = "a mapping") -> dict:
    """An editor-owned YAML file as a dict ({} when absent); RecordError with the line if bad."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RecordError(path, line, f"YAML syntax error: {exc.problem}") from exc
    if not isinstance(data, dict):
        raise RecordError(path, 1, f"expected {what}")
    return data
