"""How many processes a stage of briefgen may keep busy at once: ``--jobs N`` on the command
line, else the BRIEFGEN_JOBS environment variable, else the cores this process may run on.
Each pool stays within its own size as well (``PAGE_WORKERS``, ``PARSE_WORKERS`` …).

At one job nothing is forked: every stage runs in the process that was started, as where the
platform cannot fork. That is for a one-core runner, a container held to one CPU, or a
program that already keeps every core busy with processes of its own (the tests: see
BRIEFGEN_JOBS in tests/conftest.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager

VARIABLE = "BRIEFGEN_JOBS"

#: The jobs the running command was given (``given``); None: none given. One value for the
#: process, not a context variable: the threads a command starts (``serve``'s rebuilds, a
#: build's thread pools) start in contexts of their own and would not see it.
_given: int | None = None


class JobsValueError(ValueError):
    """A number of jobs that is not a whole number from 1."""


def parse_jobs(text: str, where: str = "--jobs") -> int:
    """``text`` as a number of jobs; JobsValueError naming ``where`` it was set."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise JobsValueError(f"{where} must be a whole number from 1, not {text!r}")
    return count


def jobs() -> int:
    """The jobs of the running command, else of the environment, else the cores this process
    may run on (its CPU affinity, where the platform tells it: a container's cpuset)."""
    if _given is not None:
        return _given
    text = os.environ.get(VARIABLE)
    if text is not None:
        return parse_jobs(text, VARIABLE)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers(most: int) -> int:
    """How many processes a pool of up to ``most`` may fork now: none at one job, or where
    the platform cannot fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0
    count = jobs()
    return 0 if count == 1 else min(most, count)


@contextmanager
def given(count: int | None) -> Iterator[None]:
    """``count`` jobs while the block runs (None: as the environment says), then as before."""
    global _given
    if count is None:
        yield
        return
    before, _given = _given, count
    try:
        yield
    finally:
        _given = before
