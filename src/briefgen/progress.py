"""Progress of long work (sources parsed, pages rendered, the search index) on a terminal.

Stages report to a ``Progress``; the base class reports nothing, so a stage never asks
whether anyone is watching. ``progress_for`` picks the terminal display only when a person
is: stderr is a terminal, not ``-q``, not CI, no ``NO_COLOR``, not a dumb terminal.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO, TypeVar

from briefgen.lazy import lazy_module

if TYPE_CHECKING:
    from rich import console as rich_console
    from rich import progress as rich_progress
    from rich.progress import TaskID
else:
    # Loaded when bars are first drawn: piped, quiet or in CI a command never draws any.
    rich_console = lazy_module("rich.console")
    rich_progress = lazy_module("rich.progress")

T = TypeVar("T")

#: Task names the stages report under.
PARSING = "Parsing sources"
PAGES = "Rendering pages"
SEARCH_INDEX = "Search index"
#: Redraw at most this often: a redraw per page would cost more than the page.
REDRAW_SECONDS = 0.1


class Progress:
    """Where a stage reports how far it is; this base reports nothing."""

    def begin(self, task: str, total: int) -> None:
        """A task of ``total`` steps starts."""

    def advance(self, task: str, steps: int = 1) -> None:
        """``steps`` more of ``task`` are done."""

    def track(self, items: Iterable[T], task: str, total: int) -> Iterator[T]:
        """``items``, counting each as done when the next is asked for (or the loop ends)."""
        self.begin(task, total)
        for item in items:
            yield item
            self.advance(task)


SILENT = Progress()


class TerminalProgress(Progress):
    """Bars drawn with rich on ``stream``; redrawn by the calls, no thread of its own.

    No drawing thread runs, so a stage may fork its second process at any time.
    """

    def __init__(self, stream: TextIO) -> None:
        self._bars = rich_progress.Progress(
            rich_progress.TextColumn("{task.description}"),
            rich_progress.BarColumn(),
            rich_progress.MofNCompleteColumn(),
            rich_progress.TimeElapsedColumn(),
            console=rich_console.Console(file=stream),
            auto_refresh=False,
        )
        self._stream = stream
        self._tasks: dict[str, TaskID] = {}
        self._drawn = 0.0

    def begin(self, task: str, total: int) -> None:
        self._tasks[task] = self._bars.add_task(task, total=total)
        self._draw(now=True)

    def advance(self, task: str, steps: int = 1) -> None:
        self._bars.advance(self._tasks[task], steps)
        self._draw(now=self._bars.tasks[self._tasks[task]].finished)

    def _draw(self, now: bool = False) -> None:
        clock = time.monotonic()
        if now or clock - self._drawn >= REDRAW_SECONDS:
            self._bars.refresh()
            self._drawn = clock

    @contextmanager
    def shown(self) -> Iterator[TerminalProgress]:
        """Draw the bars while the block runs; log lines go above them meanwhile."""
        self._bars.start()
        # rich puts a proxy in sys.stderr that prints above the bars; briefgen's log handler
        # holds the real stream, so point it at the proxy for as long as the bars are up.
        handlers = [
            h
            for h in logging.getLogger("briefgen").handlers
            if isinstance(h, logging.StreamHandler) and h.stream is self._stream
        ]
        previous = [h.setStream(sys.stderr) for h in handlers]
        try:
            yield self
        finally:
            for handler, stream in zip(handlers, previous, strict=True):
                handler.setStream(stream)
            self._bars.stop()


def shows_progress(quiet: bool, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether a person is watching ``stream``: the rule for every command."""
    if quiet or environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    if environ.get("CI", "").lower() not in ("", "0", "false"):
        return False
    return stream.isatty()


@contextmanager
def progress_for(quiet: bool, stream: TextIO | None = None) -> Iterator[Progress]:
    """The terminal display when a person watches ``stream`` (stderr), else ``SILENT``."""
    stream = stream or sys.stderr
    if not shows_progress(quiet, stream, os.environ):
        yield SILENT
        return
    with TerminalProgress(stream).shown() as progress:
        yield progress


def tracked(items: Sequence[T], task: str, quiet: bool) -> Iterator[T]:
    """``items``, with a bar on the terminal (see ``progress_for``) while the loop runs."""
    with progress_for(quiet) as progress:
        yield from progress.track(items, task, len(items))
