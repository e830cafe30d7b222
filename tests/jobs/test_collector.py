"""The collector pause: counted across overlapping runs, and the collector's own state given back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from jobs import collector, snapshot


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


def test_the_snapshot_is_read_with_the_collector_paused(monkeypatch):  # type: ignore[no-untyped-def]
    seen: list[bool] = []
    monkeypatch.setattr(snapshot, "_load", lambda session, teams: seen.append(gc.isenabled()) or ())
    with collector_on():
        assert snapshot.load(None) == ()  # type: ignore[arg-type]  # _load is replaced
        assert seen == [False] and gc.isenabled()
