"""The run's context: one snapshot per run, handed to whoever is given the context (threads too), one clock."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.runtime import Runtime
from jobs import context, snapshot
from jobs.context import SweepContext

NOW = datetime(2027, 3, 8, 2, tzinfo=UTC)


def fake_rows(*deadlines: date, tz: str = "Asia/Manila") -> tuple[snapshot.EngagementView, ...]:
    """Rows for the context's filter: only `deadline` and the owner's zone are read."""
    owner = snapshot.PersonView(1, "T1", "U0OWNER", "o", tz, None, "12345", time_of(9), time_of(17), False, False)
    contractor = snapshot.ContractorView(1, "T1", 1, "", "active", "", owner)
    return tuple(snapshot.EngagementView(
        i, "T1", 1, 1, f"C{i}", "t", date(2027, 1, 1), deadline, None, None, "14", time_of(10), 8, 14, 14,
        False, False, "", "active", None, None, None, owner, contractor) for i, deadline in enumerate(deadlines))


def time_of(hour: int):  # type: ignore[no-untyped-def]
    from datetime import time as clock_time

    return clock_time(hour)


@pytest.fixture
def reads(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    counted: list[int] = []

    def load(session, teams=None):  # type: ignore[no-untyped-def]
        counted.append(1)
        return fake_rows(date(2027, 12, 31))

    monkeypatch.setattr(snapshot, "load", load)
    return counted


def a_context(now: datetime = NOW) -> SweepContext:
    return SweepContext(runtime=None, client=None, now=now)  # type: ignore[arg-type]  # active() reads neither


def test_a_run_reads_the_engagements_once_and_another_run_reads_its_own(reads):
    ctx = a_context()
    first = ctx.active(None)  # type: ignore[arg-type]
    assert ctx.active(None) is first and len(reads) == 1  # type: ignore[arg-type]
    assert a_context().active(None) is not first and len(reads) == 2  # type: ignore[arg-type]


def test_threads_given_the_context_share_its_snapshot_and_read_it_once(reads):
    ctx, seen = a_context(), []
    threads = [threading.Thread(target=lambda: seen.append(ctx.active(None))) for _ in range(8)]  # type: ignore[arg-type]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and len({id(rows) for rows in seen}) == 1


def test_engagements_past_their_deadline_in_the_owners_zone_are_left_out(monkeypatch):
    # NOW is 10:00 on Monday 8 March in Manila, but still Sunday the 7th (21:00) in New York.
    monkeypatch.setattr(snapshot, "load", lambda session, teams=None: fake_rows(date(2027, 3, 7), date(2027, 3, 8)))
    assert [e.deadline.day for e in a_context().active(None)] == [8]  # type: ignore[arg-type]
    monkeypatch.setattr(snapshot, "load",
                        lambda session, teams=None: fake_rows(date(2027, 3, 7), date(2027, 3, 8),
                                                              tz="America/New_York"))
    assert [e.deadline.day for e in a_context().active(None)] == [7, 8]  # type: ignore[arg-type]


def test_the_runs_clock_starts_at_now_and_moves_with_the_run(monkeypatch):
    runtime = Runtime(settings=None, engine=None, sessions=None,  # type: ignore[arg-type]
                      clock=lambda: datetime(2031, 1, 1, tzinfo=UTC))
    ctx = context.start(runtime, None, now=NOW)  # type: ignore[arg-type]
    first = ctx.clock()
    time.sleep(0.02)
    second = ctx.runtime.clock()
    assert NOW <= first < second < NOW + timedelta(seconds=5)  # never the wall clock, nor the runtime's own
    assert runtime.clock() == datetime(2031, 1, 1, tzinfo=UTC)  # the caller's runtime is left alone


def shared_context(recent: context.Recent, now: datetime = NOW) -> SweepContext:
    return SweepContext(runtime=None, client=None, now=now, recent=recent)  # type: ignore[arg-type]


def test_duties_the_scheduler_starts_together_share_one_read(reads):
    recent, seen = context.Recent(), []
    threads = [threading.Thread(target=lambda: seen.append(shared_context(recent).active(None)))  # type: ignore[arg-type]
               for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1 and len(seen) == 16
    shared_context(recent, NOW + timedelta(seconds=10)).active(None)  # type: ignore[arg-type]
    assert len(reads) == 1  # a duty ten seconds later still shares it


def test_a_run_later_on_its_own_clock_or_the_wall_clock_reads_afresh(reads):
    recent = context.Recent(within=timedelta(seconds=15))
    shared_context(recent).active(None)  # type: ignore[arg-type]
    shared_context(recent, NOW + timedelta(minutes=1)).active(None)  # type: ignore[arg-type]  # a simulated minute on
    assert len(reads) == 2
    shared_context(recent, NOW).active(None)  # type: ignore[arg-type]  # and back: still another instant
    assert len(reads) == 3
    quick = context.Recent(within=timedelta(milliseconds=20))
    shared_context(quick).active(None)  # type: ignore[arg-type]
    time.sleep(0.05)
    shared_context(quick).active(None)  # type: ignore[arg-type]  # the same instant, but read too long ago
    assert len(reads) == 5


def test_each_run_filters_the_shared_read_with_its_own_today(monkeypatch):
    monkeypatch.setattr(snapshot, "load", lambda session, teams=None: fake_rows(date(2027, 3, 7), date(2027, 3, 8)))
    recent = context.Recent(within=timedelta(days=2))
    assert [e.deadline.day for e in shared_context(recent).active(None)] == [8]  # type: ignore[arg-type]
    earlier = shared_context(recent, NOW - timedelta(days=1)).active(None)  # type: ignore[arg-type]
    assert [e.deadline.day for e in earlier] == [7, 8]
