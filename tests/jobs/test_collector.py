"""The collector pause: counted across overlapping runs, and the collector's own state given back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from jobs import collector, schedule
from jobs.schedule import MINUTE, Duty


@contextmanager
def collector_on() -> Iterator[None]:
    """The collector on before the block and after it, whatever the block did to it."""
    gc.enable()
    try:
        yield
    finally:
        gc.enable()


def test_overlapping_runs_resume_collection_only_when_the_last_ends():
    with collector_on():
        first, second = collector.paused(), collector.paused()
        first.__enter__()
        assert not gc.isenabled()
        second.__enter__()
        first.__exit__(None, None, None)
        assert not gc.isenabled()  # the second run is still going
        second.__exit__(None, None, None)
        assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off():
    with collector_on():
        gc.disable()
        with collector.paused():
            pass
        assert not gc.isenabled()


def test_runs_in_threads_share_the_pause():
    inside, release = threading.Barrier(3), threading.Event()

    def run() -> None:
        with collector.paused():
            inside.wait()
            release.wait()

    with collector_on():
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        inside.wait()
        assert not gc.isenabled()
        release.set()
        for thread in threads:
            thread.join()
        assert gc.isenabled()


def test_a_scheduled_run_and_run_due_sweep_with_the_collector_paused(monkeypatch, runtime, client):  # type: ignore[no-untyped-def]
    seen: list[bool] = []

    def sweep(ctx):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        yield from ()

    sweep.__module__ = "jobs.probe"
    monkeypatch.setattr(schedule, "DUTIES", (Duty("probe", (sweep,), MINUTE),))
    now = datetime(2027, 3, 8, 9, tzinfo=UTC)
    with collector_on():
        assert list(schedule.run_due(runtime, client, now=now)) == []
        schedule.run_duty(schedule.DUTIES[0], runtime, client, now=now)
        assert seen == [False, False] and gc.isenabled()
