"""Third-party modules loaded on first use.

A command that never needs one does not pay for loading it: pypinyin's phrase tables take a
third of a second to load and rjieba's dictionary a fifth, and a build with nothing to do, or
``check``, never romanizes a name or cuts a text. ``lazy_module("x")`` stands where
``import x`` would, at the top of a module.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Collection
from types import ModuleType
from typing import Any

_STAND_INS: dict[str, _StandIn] = {}


class _StandIn(ModuleType):
    """Stands for a module until one of its attributes is read, then imports it.

    Not the standard library's ``LazyLoader``: before Python 3.12 a second thread reading an
    attribute while the first one runs the module's code finds it half made. Here the import
    system's own lock on the module makes the second thread wait for the first's import.
    """

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self.__name__)
        # Later reads find every attribute here and never come back to __getattr__.
        self.__dict__.update(vars(module))
        return getattr(module, attr)


def lazy_module(name: str) -> ModuleType:
    """A stand-in for ``name``, imported when one of its attributes is first read. A module
    that is not installed fails here, where it is named, not at its first use."""
    if name not in _STAND_INS:
        if importlib.util.find_spec(name) is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        _STAND_INS[name] = _StandIn(name)
    return _STAND_INS[name]


def load_now(leaving: Collection[str] = ()) -> None:
    """Import every module that has a stand-in, but those named in ``leaving`` (which the
    caller knows it will not use). A build calls this before it forks its workers: each
    would otherwise import the same modules again (pypinyin, numpy and rjieba cost a worker
    about half a second), and so would every worker of the next build in a process that
    builds again (``serve``)."""
    for name, stand_in in list(_STAND_INS.items()):
        if name not in leaving:
            load(stand_in)


def load(stand_in: ModuleType) -> None:
    """Import the module ``stand_in`` stands for now: before forking workers that would each
    import it. Once: what was set on the stand-in since (a test's stand-in function) stays."""
    if "__file__" not in vars(stand_in):
        stand_in.__dict__.update(vars(importlib.import_module(stand_in.__name__)))
