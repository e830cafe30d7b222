"""The cyclic garbage collector, paused while duties run: a run builds and drops hundreds of thousands of
acyclic rows, and each pass of the collector over them found nothing to free.

At 100,000 engagements a run's rows (~300,000 tuples) set the collector off again and again, each pass
walking the whole heap: ~15 % of a tick's CPU, more the larger the heap. Reference counting still frees
everything a run drops the moment it is dropped; the collector only finds cycles, and whatever cycles a
run leaves are collected when the last run in the process ends. Duties run side by side in the
scheduler's threads, so the pause is counted: the collector resumes when the last of them leaves.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_runs = 0
_resume = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection until every run inside `paused` has ended (then as before)."""
    global _runs, _resume
    with _lock:
        if _runs == 0:
            _resume = gc.isenabled()
            gc.disable()
        _runs += 1
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0 and _resume:
                gc.enable()
