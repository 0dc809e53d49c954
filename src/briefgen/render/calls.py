"""The context templates render in: Jinja's, with a shorter way through a plain call.

Every call a template makes (``ctx.url(…)``, a macro, ``_(…)``) goes through
``Context.call``, which asks the callable whether it wants the context, the evaluation context
or the environment passed first: three ``hasattr`` a call, each one missing attribute an
exception raised and caught inside. A page makes some two hundred calls, and at 20,000
articles that asking was about a tenth of the page workers' CPU. A Python function or method
without Jinja's marker, or a macro, wants nothing passed: it is called at once, as
``Context.call`` would call it. Anything else goes the whole way.
"""

from __future__ import annotations

from types import FunctionType, MethodType
from typing import Any

from jinja2.runtime import Context, Macro

#: What ``jinja2.pass_context`` and its kin set on a function.
_MARKER = "jinja_pass_arg"


class DirectCalls(Context):
    """``Context`` whose ``call`` takes plain callables straight to the call."""

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        # Positional-only, as Jinja's: a template's keyword named "self" or "obj" is the
        # callable's.
        if not _plain(obj):
            return super().call(obj, *args, **kwargs)
        # Jinja adds these for callables that take the context; a plain one never sees them.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def _plain(obj: object) -> bool:
    """Whether ``Context.call`` would pass ``obj`` nothing first: a function or a method of one
    without the marker (a function's attributes are its ``__dict__``; a bound method reads its
    function's), or a macro (whose class has no marker)."""
    kind = type(obj)
    if kind is MethodType:
        function = obj.__func__  # type: ignore[attr-defined]
        return type(function) is FunctionType and _MARKER not in function.__dict__
    if kind is FunctionType:
        return _MARKER not in obj.__dict__
    return kind is Macro
