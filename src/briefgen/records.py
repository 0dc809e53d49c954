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
from briefgen.schema import ALIASES, DATE, ID, LONG, PAIR, URL, field_specs
from briefgen.schema import kind as of_kind
from briefgen.strict_yaml import compose, read_text

#: First line of every record file briefgen writes; the hash covers the rest of the file, so a
#: later parse can tell a file it wrote itself from one an editor has changed.
HEADER_PREFIX = "# briefgen records; edit freely. content-sha256: "


@dataclass(frozen=True, slots=True)
class Footnote:
    """One cited source of an article, numbered 1..k in the order its markers appear."""

    n: int
    url: str | None = field(default=None, metadata=of_kind(URL))
    #: Citation text (authors, journal, a description) when the footnote is more than a URL.
    title: str | None = field(default=None, metadata=of_kind(LONG))


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article of an issue, as the editors own it."""

    id: str = field(metadata=of_kind(ID))
    section: str | None = None
    title: str
    title_en: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    #: Full dates mentioned in the body, ISO 8601, in order of first mention.
    dates: list[str] = field(default_factory=list, metadata=of_kind(DATE))
    #: The article's news date (ISO 8601): the day of the news it reports, not a deadline.
    date: str | None = field(default=None, metadata=of_kind(DATE))
    #: True when briefgen read ``date`` from the text rather than an editor setting it.
    date_inferred: bool = False
    editor_note: str | None = field(default=None, metadata=of_kind(LONG))
    #: Markdown; footnote markers are ``[^n]`` referring to ``footnotes``.
    body: str = field(default="", metadata=of_kind(LONG))
    footnotes: list[Footnote] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list, metadata=of_kind(URL))
    original_title: str | None = None
    #: First and last line of the article in the source file.
    lines: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IssueMeta:
    """Where an issue came from and what it is."""

    id: str = field(metadata=of_kind(ID))
    source: str
    source_sha256: str
    publication: str | None = None
    number: str | None = None
    date: str | None = field(default=None, metadata=of_kind(DATE))
    date_inferred: bool = False
    title_en: str | None = None
    #: The house layout the source was read in (``ingest/layouts.py``), as parsing found it.
    layout: str | None = None
    #: The issuing institution, when the issue shows one (a watermark, a masthead).
    publisher: str | None = None
    #: Where each value came from: one of ``METADATA_SOURCES``, or None when there is no value.
    publication_from: str | None = None
    number_from: str | None = None
    date_from: str | None = None
    publisher_from: str | None = None


#: Where an issue's metadata can come from, the first that has a value winning: the editor's
#: ``meta.yaml``; a PDF's masthead or running header/footer; the running header/footer (or
#: the watermark) of a text; the issue's file or folder name; inference from its articles.
METADATA_SOURCES = (
    "meta.yaml",
    "pdf masthead",
    "running header",
    "watermark",
    "file name",
    "inferred",
)


@dataclass(frozen=True, slots=True)
class Issue:
    issue: IssueMeta
    articles: list[Article]


@dataclass(frozen=True, slots=True)
class EditorMeta:
    """An issue's editor-owned metadata file (``meta.yaml``): whatever it says wins."""

    publication: str | None = None
    number: str | None = None
    date: str | None = field(default=None, metadata=of_kind(DATE))
    title_en: str | None = None
    #: The issuing institution.
    publisher: str | None = None


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
#: Ids become file and folder names in the site: Latin letters, digits, CJK ideographs (a
#: folder may be named 2024-07-第7期), ".", "_" and "-" only, and at most ``_ID_BYTES`` bytes.
_ID = re.compile(r"^[A-Za-z0-9\u3400-\u9fff][A-Za-z0-9\u3400-\u9fff._-]{0,99}$")
_ID_BYTES = 120
_WEB_URL = re.compile(r"^https?://\S+$")

#: Size limits: far above any real briefing, low enough that a broken file fails fast.
MAX_RECORD_FILE_BYTES = 16 * 1024 * 1024
MAX_EDITOR_FILE_BYTES = 1024 * 1024
#: A body (or editor's note) longer than this is not one article.
MAX_BODY_CHARS = 300_000
#: Titles, names, tags, sources: one line of text each.
MAX_LINE_CHARS = 2_000


def is_valid_id(text: str) -> bool:
    """An issue or article id that is safe as a file name (see ``_ID``)."""
    return bool(_ID.match(text)) and ".." not in text and len(text.encode()) <= _ID_BYTES


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
    limit = MAX_BODY_CHARS if kind == "long" else MAX_LINE_CHARS
    if len(text) > limit:
        problems.add(node, f"{where} is {len(text):,} characters long; the limit is {limit:,}")
        return None
    if kind == "url" and not re.match(r"^(https?|ftp)://\S+$", text):
        problems.add(node, f"{where} must be an http(s) URL without spaces, got {text!r}")
        return None
    if kind == "web_url" and not _WEB_URL.match(text):
        problems.add(node, f"{where} must start with http:// or https://, got {text!r}")
        return None
    if kind == "id" and not is_valid_id(text):
        problems.add(
            node,
            f"{where} must be 1-100 letters, digits, CJK ideographs, '.', '_' or '-' (at most "
            f"{_ID_BYTES} bytes), starting with a letter, digit or ideograph and without '..' "
            f"(it names files of the site), got {_short(text)!r}",
        )
        return None
    return text


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _convert(
    node: yaml.Node, record: type, where: str, problems: _Problems
) -> dict[str, Any] | None:
    """The fields of one ``record`` dataclass from a mapping node, checked against its schema."""
    spec = field_specs(record)
    mapping = _mapping(node, where, problems)
    if mapping is None:
        return None
    out: dict[str, Any] = {}
    for key, unknown_node in mapping.items():
        if key not in spec:
            known = ", ".join(spec)
            problems.add(unknown_node, f"{where}: unknown field {key!r} (known fields: {known})")
    for name, (kind, required, nullable, is_list, inner) in spec.items():
        value_node = mapping.get(name)
        if value_node is None:
            if required:
                problems.add(node, f"{where}: required field {name!r} is missing")
            continue
        if _is_null(value_node):
            if nullable:
                out[name] = None
            elif not required:
                continue  # left empty: the field's default applies
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
                if inner is not None:
                    value = _record(item, inner, item_where, problems)
                elif kind == PAIR:
                    value = _pair(item, item_where, problems)
                else:
                    value = _scalar(item, kind, item_where, problems)
                if value is not None:
                    items.append(value)
            out[name] = items
        else:
            label = f"{where}: {name!r}"
            single: Any = (
                _table(value_node, label, problems, many=kind == ALIASES)
                if kind in ("table", ALIASES)
                else _scalar(value_node, kind, label, problems)
            )
            if single is not None:
                out[name] = single
    return out


def _record(node: yaml.Node, record: type, where: str, problems: _Problems) -> Any:
    """A nested record (a footnote), or None when it has problems (they are recorded)."""
    converted = _convert(node, record, where, problems)
    required = {n for n, spec in field_specs(record).items() if spec.required}
    if converted is None or not required <= converted.keys():
        return None
    return record(**converted)


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


def validate_text(text: str, path: Path) -> list[RecordError]:
    """Every problem ``check`` would find in ``text`` written at ``path``."""
    size = len(text.encode("utf-8"))
    if size > MAX_RECORD_FILE_BYTES:
        limit = f"{MAX_RECORD_FILE_BYTES:,}"
        return [RecordError(path, None, f"record file is {size:,} bytes; the limit is {limit}")]
    return _load(path, text)[1]


def _load(path: Path, text: str | None = None) -> tuple[Issue | None, list[RecordError]]:
    problems = _Problems(path)
    try:
        if text is None:
            text = read_text(path, MAX_RECORD_FILE_BYTES, "record file")
        root = compose(text, path)
    except RecordError as exc:
        return None, [exc]
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
    meta = _convert(meta_node, IssueMeta, "issue", problems) if meta_node else None
    articles: list[Article] = []
    seen_ids: dict[str, int] = {}
    if articles_node is not None:
        if not isinstance(articles_node, yaml.SequenceNode):
            problems.add(articles_node, "'articles' must be a list of articles")
        else:
            for i, node in enumerate(articles_node.value):
                converted = _convert(node, Article, f"articles[{i}]", problems)
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


# --------------------------------------------------------------------------- editor files


#: Issue metadata an editor writes beside a source (``meta.yaml``): it wins over the parser.
def load_editor_file(path: Path, record: type, what: str) -> dict[str, Any]:
    """An editor-owned YAML mapping checked against the schema of the dataclass ``record``
    ({} when the file is absent).

    The same schema code as record files, so whatever ``parse`` writes from it, ``check``
    accepts. Raises the first problem as a RecordError with its line.
    """
    if not path.exists():
        return {}
    root = compose(read_text(path, MAX_EDITOR_FILE_BYTES, what), path)
    if root is None or _is_null(root):
        return {}
    problems = _Problems(path)
    converted = _convert(root, record, what, problems)
    if problems.errors:
        raise problems.errors[0]
    assert converted is not None
    return converted


def _table(
    node: yaml.Node, where: str, problems: _Problems, many: bool = False
) -> dict[str, Any] | None:
    """A mapping of names to names, such as the glossary's sections; with ``many``, each
    name maps to one name or a list of them (given as a list)."""
    mapping = _mapping(node, where, problems)
    if mapping is None:
        return None
    table: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node, "str", f"{where}: a name", problems)
        label = f"{where}: {key!r}"
        value: Any
        if many and isinstance(value_node, yaml.SequenceNode):
            names = [_scalar(item, "str", label, problems) for item in value_node.value]
            value = None if None in names else names
        else:
            value = _scalar(value_node, "str", label, problems)
            value = [value] if many and value is not None else value
        if key is not None and value is not None:
            table[key] = value
    return table


def _pair(node: yaml.Node, where: str, problems: _Problems) -> tuple[str, str] | None:
    """``[name, other name]``."""
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        problems.add(node, f"{where} must be a pair of names: [name, other name]")
        return None
    first, second = (_scalar(item, "str", where, problems) for item in node.value)
    return (first, second) if first is not None and second is not None else None
