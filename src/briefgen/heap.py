"""The build's objects kept out of the garbage collector's passes.

A build makes millions of objects it keeps to its end (the archive, related articles, the
page list at 20,000 articles); each full pass of the collector walked all of them again, for
nothing. ``freeze`` takes what exists out of its passes (in this process and the workers it
forks); ``unfreeze`` gives them back once the build is done (``briefgen serve`` builds again
and again in one process).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze() -> None:
    """Keep the objects made so far out of the garbage collector's passes, in this process
    and the workers it forks: the build drops none of them before it ends."""
    gc.freeze()


def unfreeze() -> None:
    """Make what ``freeze`` kept out collectable again: the build is done."""
    gc.unfreeze()


@contextmanager
def uncollected() -> Iterator[None]:
    """No garbage collection while this process makes what the build keeps to its end (the
    related articles, the page list), then that frozen (``freeze``): the collector's passes
    walked everything made since the last freeze again and again, for nothing (at 20,000
    articles after a title fix, some 0.3 s of the related step and as much of the page list).
    The page workers forked after it collect as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        freeze()
        if enabled:
            gc.enable()
