"""The cyclic garbage collector, paused while a run reads its snapshot: 300,000 acyclic rows built at once.

At 100,000 engagements building the rows set the collector off again and again, each pass walking the
whole heap and finding nothing to free: half the read's time. Reference counting still frees whatever is
dropped meanwhile; the collector only finds cycles, and the few made meanwhile are found when it resumes.
Duties read side by side in the scheduler's threads, so the pause is counted: the collector resumes when
the last of them has read. (Pausing it for whole runs saved another 0.3 s of a 3.6 s tick but let the
cycles of 10,000 posts pile up: 7 MB more at the Monday worker's peak.)

Once read, the snapshot lives as long as the run, and every full collection of the run walked it again:
at 100,000 engagements that made the tick grow faster than the engagements (12.5x the time for 10x;
10x with the collector off). So a run freezes what is alive once its snapshot is read (`gc.freeze`):
later collections walk only what the run makes after, cycles among it included. The frozen objects go
back to the collector when the last run ends; reference counting frees them meanwhile as ever.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_runs = 0
_resume = False
_frozen_for = 0  # runs going on that may freeze


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


@contextmanager
def run() -> Iterator[None]:
    """One run of the duties: what `freeze` moved out of the collector's way comes back when the last run
    going on ends (duties run side by side in the scheduler's threads)."""
    global _frozen_for
    with _lock:
        _frozen_for += 1
    try:
        yield
    finally:
        with _lock:
            _frozen_for -= 1
            if _frozen_for == 0:
                gc.unfreeze()


def freeze() -> None:
    """Inside a run: leave everything alive now (the snapshot just read) out of the run's later collections."""
    with _lock:
        if _frozen_for:
            gc.freeze()
