"""YAML nodes to dataclass fields, checked against the schema (``schema.field_specs``).

Record files and every editor-owned file go through this one converter, so whatever ``parse``
writes, ``check`` accepts, and every problem of a file is reported with its line at once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import RecordError
from briefgen.schema import ALIASES, PAIR, field_specs


class Problems:
    """Collects every schema problem of one file, so an editor fixes them in one pass."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[RecordError] = []

    def add(self, node: yaml.Node, message: str) -> None:
        self.errors.append(RecordError(self.path, node.start_mark.line + 1, message))


def mapping_of(node: yaml.Node, where: str, problems: Problems) -> dict[str, yaml.Node] | None:
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


def _scalar(node: yaml.Node, kind: str, where: str, problems: Problems) -> Any:
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


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def convert(node: yaml.Node, record: type, where: str, problems: Problems) -> dict[str, Any] | None:
    """The fields of one ``record`` dataclass from a mapping node, checked against its schema."""
    spec = field_specs(record)
    mapping = mapping_of(node, where, problems)
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
        if is_null(value_node):
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


def _record(node: yaml.Node, record: type, where: str, problems: Problems) -> Any:
    """A nested record (a footnote), or None when it has problems (they are recorded)."""
    converted = convert(node, record, where, problems)
    required = {n for n, spec in field_specs(record).items() if spec.required}
    if converted is None or not required <= converted.keys():
        return None
    return record(**converted)


def _table(
    node: yaml.Node, where: str, problems: Problems, many: bool = False
) -> dict[str, Any] | None:
    """A mapping of names to names, such as the glossary's sections; with ``many``, each
    name maps to one name or a list of them (given as a list)."""
    mapping = mapping_of(node, where, problems)
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


def _pair(node: yaml.Node, where: str, problems: Problems) -> tuple[str, str] | None:
    """``[name, other name]``."""
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        problems.add(node, f"{where} must be a pair of names: [name, other name]")
        return None
    first, second = (_scalar(item, "str", where, problems) for item in node.value)
    return (first, second) if first is not None and second is not None else None
