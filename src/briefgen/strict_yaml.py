"""YAML as editors write it, read strictly: every file problem is a RecordError with its line.

Record files, glossary, site settings and issue metadata are small documents of mappings, lists
and text. What YAML offers beyond that only opens doors: anchors and aliases expand a short file
into a huge one (and were walked once per reference), deep nesting exhausts the stack, implicit
timestamps turn ``2024-02-30`` into a ValueError. So this reader composes the node tree itself,
from the parser's events, and refuses all of these with a message that says what to write
instead. Nodes keep their line marks, so the schema code can point at the line at fault.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import BaseResolver, Resolver

from briefgen.errors import RecordError

#: Deeper than any file briefgen reads (records need five levels) but far from the stack's end.
MAX_DEPTH = 24
#: YAML's own rule for the characters a document may hold (PyYAML's reader uses the same).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

#: libyaml's parser when PyYAML has it: the same events and marks, much faster.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Resolver(BaseResolver):
    """YAML 1.1's implicit types except timestamps: dates stay text and the schema checks them."""


for _first, _resolvers in Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag != _TIMESTAMP:
            _Resolver.add_implicit_resolver(_tag, _regexp, [_first])


def read_text(path: Path, limit: int, what: str) -> str:
    """The file's text: at most ``limit`` bytes of UTF-8 without control characters."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise RecordError(
                path,
                None,
                f"{what} is {size:,} bytes; the limit is {limit:,}. Split it or remove what "
                "does not belong in it",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise RecordError(path, None, f"cannot read {what}: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordError(
            path, line, f"{what} is not UTF-8 text ({exc.reason}); re-save it as UTF-8"
        ) from exc
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise RecordError(
            path,
            line,
            f"control character U+{ord(bad.group()):04X} is not allowed in YAML; delete it "
            '(write "\\t" or "\\n" inside double quotes if you meant a tab or a line break)',
        )
    return text


def compose(text: str, path: Path) -> yaml.Node | None:
    """The document's node tree (None when empty); RecordError on any YAML problem."""
    try:
        return _compose_events(yaml.parse(text, Loader=_PARSER), path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or "syntax error"
        raise RecordError(path, line, f"YAML syntax error: {detail}") from exc
    except yaml.YAMLError as exc:
        # Reader errors carry a position, not a mark.
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        raise RecordError(path, line, f"YAML error: {exc}") from exc


#: Parser events as libyaml gives them; the stubs know less of them than they hold
#: (tags, marks, flow style), so they are read untyped.
_Event = Any


def _refuse(path: Path, event: _Event, message: str) -> RecordError:
    return RecordError(path, event.start_mark.line + 1, message)


def _compose_events(events: object, path: Path) -> yaml.Node | None:
    """Build nodes from parser events with an explicit stack: no recursion, bounded depth."""
    resolver = _Resolver()
    root: yaml.Node | None = None
    stack: list[yaml.CollectionNode] = []
    documents = 0
    for event in events:  # type: ignore[attr-defined]
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refuse(path, event, "only one YAML document per file; remove this '---'")
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(
                path, event, "YAML aliases (*name) are not allowed; write the value out in full"
            )
        if isinstance(event, yaml.CollectionEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # stream and document ends
        node = _node(event, resolver, path)
        if stack:
            _attach(stack[-1], node)
        else:
            root = node
        if isinstance(node, yaml.CollectionNode):
            if len(stack) >= MAX_DEPTH:
                raise _refuse(path, event, f"nested deeper than {MAX_DEPTH} levels")
            stack.append(node)
    return root


def _node(event: _Event, resolver: _Resolver, path: Path) -> yaml.Node:
    if event.anchor is not None:
        raise _refuse(
            path,
            event,
            f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full",
        )
    tag = event.tag
    if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
        raise _refuse(path, event, f"YAML tag {tag!r} is not allowed; write plain values")
    start, end = event.start_mark, event.end_mark
    if isinstance(event, yaml.ScalarEvent):
        if tag is None or tag == "!":
            tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        return yaml.ScalarNode(tag, event.value, start, end, style=event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        tag = tag or resolver.resolve(yaml.SequenceNode, None, event.implicit)
        return yaml.SequenceNode(tag, [], start, end, flow_style=event.flow_style)
    tag = tag or resolver.resolve(yaml.MappingNode, None, event.implicit)
    return yaml.MappingNode(tag, [], start, end, flow_style=event.flow_style)


def _attach(parent: yaml.CollectionNode, node: yaml.Node) -> None:
    """Append to a sequence, or fill in a mapping's (key, value) pairs as they arrive."""
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif parent.value and parent.value[-1][1] is None:
        parent.value[-1] = (parent.value[-1][0], node)
    else:
        parent.value.append((node, None))
