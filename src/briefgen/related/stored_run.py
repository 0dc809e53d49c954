"""The related articles' last run (``LastRun``) in the cache as a base and what changed since.

At 20,000 articles the run is 34 MB pickled, a quarter of a second of CPU to pickle again
after every title fixed by hand, which changes a few of its words and lists. So the run is
kept as a base, written whole once, and a small head entry holding the base's name and every
value that changed since it (``Changes``); a build writes the head alone until the changes
grow to a good part of the base (an added issue weighs every article again), then a new base.

What changed is found by identity: a run made from the last one (``related_again``) shares
every value it did not make again with it (its dicts and list are copies, their changed
values new objects, never the last run's changed in place).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field, fields, replace
from typing import Any

from briefgen.cache import Cache, key
from briefgen.related.last_run import LastRun

_NAMESPACE = "related"
#: Bases apart from heads: the one head of a code version is found by its entry alone.
_BASES = "related-base"
#: The run's dicts, kept key by key.
_DICTS = ("results", "frequency", "containing", "postings")
#: A new base is written once the changes hold more than this share of the base's values.
_REBASE_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Changes:
    """A run as its base entry (``base``) with ``values`` changed: the run's small fields
    whole, and for each of its dicts the keys changed or added and those removed, and the
    articles whose kept words changed, by their place."""

    base: str
    values: dict[str, Any]
    changed: dict[str, dict[Any, Any]] = field(default_factory=dict)
    removed: dict[str, set[Any]] = field(default_factory=dict)
    kept: dict[int, Any] = field(default_factory=dict)

    def size(self) -> int:
        return (
            sum(map(len, self.changed.values()))
            + sum(map(len, self.removed.values()))
            + len(self.kept)
        )


@dataclass(slots=True)
class StoredRun:
    """The run read from the cache (``read``), with how it was stored, for ``head``."""

    cache: Cache
    entry: str
    last: LastRun | None = None
    changes: Changes | None = None

    @classmethod
    def read(cls, cache: Cache, entry: str) -> StoredRun:
        """The run kept under ``entry``; none when there is none, or its base is gone."""
        stored = cls(cache, entry)
        head = _loaded(cache.get_bytes(_NAMESPACE, entry))
        if isinstance(head, Changes):
            base = _loaded(cache.get_bytes(_BASES, head.base))
            if isinstance(base, LastRun):
                stored.last, stored.changes = _applied(base, head), head
        elif isinstance(head, LastRun):
            stored.last = head
        return stored

    def head(self, this: LastRun) -> bytes:
        """The head entry that keeps ``this`` (to be put under ``entry``): naming the base
        read when ``this`` was made from the run read and the changes since that base are
        few, else a new base, written now."""
        changes = self._changes(this)
        if changes is None or changes.size() > _REBASE_SHARE * _values(this):
            data = pickle.dumps(this, pickle.HIGHEST_PROTOCOL)
            base = key("related base", self.entry, hashlib.sha256(data).hexdigest())
            self.cache.put_bytes(_BASES, base, data)
            changes = Changes(base, _small(this))
        return pickle.dumps(changes, pickle.HIGHEST_PROTOCOL)

    def _changes(self, this: LastRun) -> Changes | None:
        """The changes from the base to ``this``: those to the run read, and those from it
        to ``this``; None when ``this`` was not made from a run read with a base."""
        last, before = self.last, self.changes
        if last is None or before is None or len(last.kept) != len(this.kept):
            return None
        changed = {name: dict(values) for name, values in before.changed.items()}
        removed = {name: set(keys) for name, keys in before.removed.items()}
        for name in _DICTS:
            _dict_changes(
                getattr(last, name),
                getattr(this, name),
                changed.setdefault(name, {}),
                removed.setdefault(name, set()),
            )
        kept = dict(before.kept)
        pairs = enumerate(zip(last.kept, this.kept, strict=True))
        kept.update((k, words) for k, (was, words) in pairs if was is not words)
        return Changes(before.base, _small(this), changed, removed, kept)


def _dict_changes(
    old: dict[Any, Any], new: dict[Any, Any], changed: dict[Any, Any], removed: set[Any]
) -> None:
    """``changed`` and ``removed`` (the changes from a base to ``old``) made the changes
    from that base to ``new``."""
    for k, value in new.items():
        if old.get(k, _ABSENT) is not value:
            changed[k] = value
            removed.discard(k)
    for k in old.keys() - new.keys():
        changed.pop(k, None)
        removed.add(k)


_ABSENT = object()


def _small(run: LastRun) -> dict[str, Any]:
    """The run's fields kept whole in every head: all but its dicts and kept words."""
    return {
        f.name: getattr(run, f.name)
        for f in fields(LastRun)
        if f.name not in _DICTS and f.name != "kept"
    }


def _values(run: LastRun) -> int:
    return sum(len(getattr(run, name)) for name in _DICTS) + len(run.kept)


def _applied(base: LastRun, changes: Changes) -> LastRun:
    """``base`` (just read: its dicts and list are changed in place) with ``changes``."""
    for name in _DICTS:
        values = getattr(base, name)
        values.update(changes.changed.get(name, {}))
        for k in changes.removed.get(name, ()):
            values.pop(k, None)
    for k, kept in changes.kept.items():
        base.kept[k] = kept
    return replace(base, **changes.values)


def _loaded(data: bytes | None) -> object:
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError, AttributeError):
        return None
