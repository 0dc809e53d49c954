"""Third-party modules loaded on first use.

A command that never needs one does not pay for loading it: pypinyin's phrase tables take a
third of a second to load, and a build with nothing to do, or ``check``, never romanizes a
name. ``lazy_module("x")`` stands where ``import x`` would, at the top of a module.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name`` as ``import name`` gives it, executed when one of its attributes is first read
    (the standard library's ``LazyLoader``, as its documentation shows it)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
