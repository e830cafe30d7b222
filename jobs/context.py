"""What one run of the duties works with, passed to every sweep as its one parameter.

A run has one instant and one clock: `now` is the instant the duties decide for, and
`runtime.clock` (replaced by `run_clock(now)`) is what every claim, lease and `sent_at` stamp of the
run reads, so `tandem jobs run-due --now X` records X's time line, never the wall clock's, while a
lease still counts from its own attempt in a long run. The active engagements are read once per
context, the first time a sweep asks, and kept on the context itself: no hidden state, nothing to
leak between runs, and the delivery threads see what they are handed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.schedule import work_hours, worktime
from bot.domain.shapes import WorkingPerson
from bot.runtime import Runtime
from jobs import snapshot
from jobs.share import EVERYTHING, Share
from jobs.snapshot import EngagementView


def run_clock(now: datetime) -> Callable[[], datetime]:
    """`now`, moving on with the run's own elapsed time."""
    started = time.monotonic()
    return lambda: now + timedelta(seconds=time.monotonic() - started)


class Recent:
    """The active engagements as last read, shared by the runs that start within `within` of that read.

    The scheduler fires duties together, each in a context of its own: every minute four of them, every
    quarter of an hour all sixteen, in threads side by side. Each reading the set for itself cost the
    read's time and memory that many times over (at 100,000 engagements, ~1.5 s and ~90 MB each). Runs
    that start together share one read, as the duties of one `run-due` always have; a run that starts
    later, in time or on the run's own clock (a simulated week moves `now` by hours in milliseconds),
    reads afresh. The set is held by whoever last read it, one at a time.
    """

    def __init__(self, within: timedelta = timedelta(seconds=15)) -> None:
        self._lock = threading.Lock()
        self._within = within
        # (monotonic time of the read, the run's `now`, the rows), once read.
        self._last: tuple[float, datetime, tuple[EngagementView, ...]] | None = None

    def get(self, now: datetime, read: Callable[[], tuple[EngagementView, ...]]) -> tuple[EngagementView, ...]:
        """The rows read for a run near `now`, or `read()`'s."""
        with self._lock:
            last = self._last
            if last is not None and time.monotonic() - last[0] <= self._within.total_seconds() \
                    and abs(now - last[1]) <= self._within:
                return last[2]
            self._last = None
            del last  # nothing holds the old set while the new one is built
            rows = read()
            self._last = (time.monotonic(), now, rows)
            return rows


class _Once:
    """The snapshot, read by the first sweep that asks (several duty threads may ask at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rows: tuple[EngagementView, ...] | None = None

    def get(self, read: Callable[[], tuple[EngagementView, ...]]) -> tuple[EngagementView, ...]:
        with self._lock:
            if self.rows is None:
                self.rows = read()
            return self.rows


@dataclass(frozen=True)
class SweepContext:
    """One run: the runtime (its clock the run's), the delivery client, the instant, dry run, the share.

    `share` says which workspaces' messages this worker delivers when several share one PostgreSQL
    (jobs.share): everything, on SQLite or alone.
    """

    runtime: Runtime
    client: WebClient
    now: datetime
    dry_run: bool = False
    share: Share = EVERYTHING
    recent: Recent | None = field(default=None, repr=False, compare=False)
    _snapshot: _Once = field(default_factory=_Once, repr=False, compare=False)
    _at_work: dict[tuple[object, ...], bool] = field(default_factory=dict, repr=False, compare=False)

    def clock(self) -> datetime:
        """The run's clock: `now` plus the time the run has taken."""
        return self.runtime.clock()

    def at_work(self, person: WorkingPerson) -> bool:
        """Whether `person` is inside their working hours at `now`, worked out once per calendar.

        The answer depends on the zone, working days and hours, holidays country and time off alone, and
        the run's rows share a few hundred calendars between 100,000 people; sweeps ask it of each.
        """
        calendar = (person.tz, person.work_days, person.work_start, person.work_end, person.country,
                    tuple(person.time_off))
        answer = self._at_work.get(calendar)
        if answer is None:
            answer = self._at_work[calendar] = work_hours.in_working_hours(person, self.now)
        return answer

    def active(self, session: Session) -> tuple[EngagementView, ...]:
        """The active engagements as of this run, read once (with `session`) and then shared by every sweep.

        Engagements past their deadline in their owner's zone are left out: the deadline review holds
        them, and with the duties on their own schedules a sweep may run before the review has.
        Within a run the rows are a snapshot: an engagement paused while the run sends is seen as
        paused by the next run.
        """
        return self._snapshot.get(lambda: self._read(session))

    def _read(self, session: Session) -> tuple[EngagementView, ...]:
        today: dict[str, date] = {}

        def running(engagement: EngagementView) -> bool:
            tz = engagement.owner.tz
            if tz not in today:
                today[tz] = worktime.local_today(self.now, tz)
            return today[tz] <= engagement.deadline

        rows = self.recent.get(self.now, lambda: snapshot.load(session)) if self.recent else snapshot.load(session)
        return tuple(e for e in rows if running(e))


def start(runtime: Runtime, client: WebClient, *, now: datetime, dry_run: bool = False,
          share: Share = EVERYTHING, recent: Recent | None = None) -> SweepContext:
    """A context for one run at `now`, its runtime reading the run's clock (`recent`: a read to share)."""
    return SweepContext(replace(runtime, clock=run_clock(now)), client, now, dry_run, share, recent)
