"""How long each stage of a build took, in CPU and wall seconds, logged at debug level.

``briefgen -v build`` prints them; ``bench/build_bench.py`` reads them to split a build's CPU
seconds by stage and by process. Every process times itself: forked workers log their own.
"""

from __future__ import annotations

import logging
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("briefgen.timing")


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Log ``stage``'s CPU seconds (this process), wall seconds and this process's peak RSS."""
    cpu, wall = time.process_time(), time.perf_counter()
    yield
    log.debug(
        "stage %s: %.2f s CPU, %.2f s wall, peak %.0f MB",
        stage,
        time.process_time() - cpu,
        time.perf_counter() - wall,
        peak_mb(resource.RUSAGE_SELF),
    )


def peak_mb(who: int) -> float:
    """The peak RSS of this process (RUSAGE_SELF) or of its largest reaped child, in MB."""
    return resource.getrusage(who).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of every child process reaped so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def log_children(pool: str, cpu_before: float) -> None:
    """Log what the worker processes of ``pool`` (reaped since ``cpu_before``) took."""
    log.debug(
        "workers %s: %.2f s CPU, children's peak so far %.0f MB",
        pool,
        children_cpu() - cpu_before,
        peak_mb(resource.RUSAGE_CHILDREN),
    )
