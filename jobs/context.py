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

        return tuple(e for e in snapshot.load(session) if running(e))


def start(runtime: Runtime, client: WebClient, *, now: datetime, dry_run: bool = False,
          share: Share = EVERYTHING) -> SweepContext:
    """A context for one run at `now`, its runtime reading the run's clock."""
    return SweepContext(replace(runtime, clock=run_clock(now)), client, now, dry_run, share)
