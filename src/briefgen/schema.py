"""The record schema, read off the record dataclasses: the one owner of field names and kinds.

A field's name, whether it is required (no default), may be null (``X | None``) or is a list
(``list[X]``) come from the dataclass; what its text must look like comes from its type
(``str``, ``int``, ``bool``, ``dict``, another record) or, where a string is more than text,
from ``kind(...)`` in the field's metadata (a date, an id, a URL, a long text).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, NamedTuple

#: Kinds a string field can have beyond plain one-line text.
DATE, ID, URL, WEB_URL, LONG = "date", "id", "url", "web_url", "long"
#: A mapping of a name to one or more other names; a list item that is a pair of names.
ALIASES, PAIR = "aliases", "pair"
_KIND_KEY = "briefgen.kind"


def kind(name: str) -> dict[str, str]:
    """Field metadata: ``field(default=None, metadata=kind(DATE))``."""
    return {_KIND_KEY: name}


class FieldSpec(NamedTuple):
    kind: str  # str, int, bool, table, record, or one of the string kinds above
    required: bool
    nullable: bool
    is_list: bool
    #: For ``kind == "record"``: the dataclass each value is.
    record: type | None = None


@cache
def field_specs(cls: type) -> dict[str, FieldSpec]:
    """Every field of the record dataclass ``cls``, in order, as the loader checks it."""
    hints = typing.get_type_hints(cls)
    specs: dict[str, FieldSpec] = {}
    for field in dataclasses.fields(cls):
        annotation, nullable = _unwrap_optional(hints[field.name])
        is_list = typing.get_origin(annotation) is list
        if is_list:
            (annotation,) = typing.get_args(annotation)
        required = (
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        record = annotation if dataclasses.is_dataclass(annotation) else None
        specs[field.name] = FieldSpec(
            field.metadata.get(_KIND_KEY) or _kind_of(annotation),
            required,
            nullable,
            is_list,
            record if isinstance(record, type) else None,
        )
    return specs


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _kind_of(annotation: Any) -> str:
    if dataclasses.is_dataclass(annotation):
        return "record"
    origin = typing.get_origin(annotation) or annotation
    kinds = {str: "str", int: "int", bool: "bool", dict: "table"}
    if origin not in kinds:
        raise TypeError(f"no record kind for {annotation!r}")
    return kinds[origin]
