"""The article record model and its YAML form: save, load, validate with file:line errors."""

from __future__ import annotations

import hashlib
import operator
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import yaml

try:
    from yaml import CSafeDumper as _LibyamlDumper
except ImportError:  # PyYAML built without libyaml: the pure-Python emitter writes all
    _LibyamlDumper = None  # type: ignore[assignment, misc]

from briefgen.errors import RecordError
from briefgen.schema import DATE, ID, LONG, URL
from briefgen.schema import kind as of_kind
from briefgen.strict_yaml import compose, read_text
from briefgen.yaml_schema import (
    MAX_EDITOR_FILE_BYTES,
    MAX_RECORD_FILE_BYTES,
    Problems,
    convert,
    is_null,
    mapping_of,
)

#: First line of every record file briefgen writes; the hash covers the rest of the file, so a
#: later parse can tell a file it wrote itself from one an editor has changed.
HEADER_PREFIX = "# briefgen records; edit freely. content-sha256: "

T = TypeVar("T")


def _quick_pickling(cls: type[T]) -> type[T]:
    """``cls`` (a frozen dataclass with slots) pickled as the tuple of its fields' values. The
    dataclass's own ``__setstate__`` asks for the class's fields on every object: a build
    reading 20,000 articles back from the cache spent a third of its unpickling there, where
    it works alone on one core."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names)
    setattr_ = object.__setattr__

    def getstate(self: T) -> tuple[Any, ...]:
        found = values(self)
        return found if len(names) > 1 else (found,)

    def setstate(self: T, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            setattr_(self, name, value)

    cls.__getstate__ = getstate  # type: ignore[assignment]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


@_quick_pickling
@dataclass(frozen=True, slots=True)
class Footnote:
    """One cited source of an article, numbered 1..k in the order its markers appear."""

    n: int
    url: str | None = field(default=None, metadata=of_kind(URL))
    #: Citation text (authors, journal, a description) when the footnote is more than a URL.
    title: str | None = field(default=None, metadata=of_kind(LONG))


@_quick_pickling
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
    #: Tesseract's confidence (0-100) in the article's text, when it was read by OCR.
    ocr_confidence: int | None = None


@_quick_pickling
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
    #: True when pages of the source were scans read by OCR: proofread before trusting it.
    ocr: bool = False


#: Where an issue's metadata can come from, the first that has a value winning: the editor's
#: ``meta.yaml``; a PDF's masthead or running header/footer; a text's masthead (its opening
#: lines), its running header/footer (or its watermark); the issue's file or folder name;
#: inference from its articles.
METADATA_SOURCES = (
    "meta.yaml",
    "pdf masthead",
    "text masthead",
    "running header",
    "watermark",
    "file name",
    "inferred",
)


@_quick_pickling
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
    #: Read the source's scanned pages by OCR, as ``briefgen parse --ocr`` does.
    ocr: bool = False


# --------------------------------------------------------------------------- saving


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, so an editor sees the body as it reads."""


def _represent_str(dumper: yaml.representer.SafeRepresenter, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)

#: What ``yaml.dump`` is given for every record file: no line folding, keys in field order.
_DUMP_OPTIONS: dict[str, Any] = {
    "allow_unicode": True,
    "sort_keys": False,
    "width": 100000,
    "indent": 2,
}


if _LibyamlDumper is not None:

    class _FastDumper(_LibyamlDumper):
        """``_Dumper`` on libyaml's emitter: the same bytes, some six times faster (the
        Python emitter was a third of ``briefgen parse``)."""

    _FastDumper.add_representer(str, _represent_str)

#: Text libyaml's emitter writes byte for byte as the Python one does (tests/test_records_dump.py
#: compares them on random text): tab, line ends, printable ASCII and the printable Basic
#: Multilingual Plane less U+FEFF. The two differ on astral characters, which libyaml
#: escapes, on U+0085, U+2028 and U+2029, on controls, and where a line passes ``width``.
_SAME_IN_LIBYAML = re.compile("[\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_SAME_IN_LIBYAML_LENGTH = _DUMP_OPTIONS["width"] // 2


def _strings(data: object) -> Iterator[str]:
    """Every string of a record file's data, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)


def _dump(data: dict[str, Any]) -> str:
    """The YAML text of a record file's data, on libyaml where it writes the same bytes."""
    if _LibyamlDumper is not None and all(
        len(text) <= _SAME_IN_LIBYAML_LENGTH and _SAME_IN_LIBYAML.fullmatch(text)
        for text in _strings(data)
    ):
        text: str = yaml.dump(data, Dumper=_FastDumper, **_DUMP_OPTIONS)
        # libyaml ends the document with "..." after a kept-newlines literal block ("|+").
        if not text.endswith("\n...\n"):
            return text
    slow: str = yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)
    return slow


def _footnote_dict(note: Footnote) -> dict[str, Any]:
    return {"n": note.n, "url": note.url, "title": note.title}


def _without_ocr_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """A record's fields less the OCR ones where nothing was read by OCR: records of text
    sources stay as they were before OCR existed."""
    defaults = {"ocr": False, "ocr_confidence": None}
    return {
        name: value
        for name, value in data.items()
        if not (name in defaults and value is defaults[name])
    }


def issue_to_yaml(issue: Issue) -> str:
    """The record file text, header line included."""
    data = {
        "issue": _without_ocr_defaults(asdict(issue.issue)),
        "articles": [
            _without_ocr_defaults(
                {**asdict(a), "footnotes": [_footnote_dict(f) for f in a.footnotes]}
            )
            for a in issue.articles
        ],
    }
    body = _dump(data)
    return f"{HEADER_PREFIX}{content_hash(body)}\n{body}"


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record_file_digest(path: Path) -> str:
    """A digest of a record file's bytes, read a block at a time; "" for a file that cannot be
    read or is over the size limit (reading it then reports the problem)."""
    try:
        if path.stat().st_size > MAX_RECORD_FILE_BYTES:
            return ""
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return ""


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


def read_record_file(path: Path) -> tuple[Issue | None, list[RecordError]]:
    """The issue of a valid record file, or every problem of an invalid one (each with its
    line): ``load_issue`` and ``validate_file`` in one reading."""
    return _load(path)


def validate_text(text: str, path: Path) -> list[RecordError]:
    """Every problem ``check`` would find in ``text`` written at ``path``."""
    size = len(text.encode("utf-8"))
    if size > MAX_RECORD_FILE_BYTES:
        limit = f"{MAX_RECORD_FILE_BYTES:,}"
        return [RecordError(path, None, f"record file is {size:,} bytes; the limit is {limit}")]
    return _load(path, text)[1]


def _load(path: Path, text: str | None = None) -> tuple[Issue | None, list[RecordError]]:
    problems = Problems(path)
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
    top = mapping_of(root, "the file", problems)
    if top is None:
        return None, problems.errors
    meta_node = top.get("issue")
    articles_node = top.get("articles")
    if meta_node is None:
        problems.add(root, "the file has no 'issue:' mapping")
    if articles_node is None:
        problems.add(root, "the file has no 'articles:' list")
    meta = convert(meta_node, IssueMeta, "issue", problems) if meta_node else None
    articles: list[Article] = []
    seen_ids: dict[str, int] = {}
    if articles_node is not None:
        if not isinstance(articles_node, yaml.SequenceNode):
            problems.add(articles_node, "'articles' must be a list of articles")
        else:
            for i, node in enumerate(articles_node.value):
                converted = convert(node, Article, f"articles[{i}]", problems)
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
    if root is None or is_null(root):
        return {}
    problems = Problems(path)
    converted = convert(root, record, what, problems)
    if problems.errors:
        raise problems.errors[0]
    assert converted is not None
    return converted
