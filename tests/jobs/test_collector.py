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


def test_a_run_freezes_what_its_snapshot_read_until_the_last_run_ends():
    """The snapshot is walked by no collection of the run once read; everything goes back to the collector
    when the last of the overlapping runs ends. Outside a run nothing is frozen."""
    gc.unfreeze()
    collector.freeze()
    assert gc.get_freeze_count() == 0
    first, second = collector.run(), collector.run()
    first.__enter__()
    second.__enter__()
    collector.freeze()
    assert gc.get_freeze_count() > 0
    first.__exit__(None, None, None)
    assert gc.get_freeze_count() > 0  # the second run still holds its snapshot
    second.__exit__(None, None, None)
    assert gc.get_freeze_count() == 0


def test_the_duties_run_with_their_snapshot_frozen_and_leave_nothing_frozen(runtime, client):
    from datetime import UTC, datetime

    from sqlalchemy import event

    from jobs import run_due
    from tests.jobs.conftest import add_engagement

    add_engagement(runtime)
    seen: list[int] = []
    listener = lambda *_args: seen.append(gc.get_freeze_count())  # noqa: E731
    event.listen(runtime.engine, "before_cursor_execute", listener)
    try:
        list(run_due(runtime, client, now=datetime(2027, 3, 8, 2, tzinfo=UTC)))
    finally:
        event.remove(runtime.engine, "before_cursor_execute", listener)
    assert seen[0] == 0 and max(seen) > 0  # frozen once the snapshot was read, for the sweeps after it
    assert gc.get_freeze_count() == 0
