"""Check-in slots: when an engagement's prompts are due, computed in the contractor's own zone.

We never ask APScheduler's CronTrigger for these (it skips days and loops around DST changes);
each slot is a contractor-local date plus the engagement's wall-clock time, turned into an
instant with zoneinfo, and the delivery ledger makes each one happen once.

DST: a wall time inside a spring-forward gap maps forward by the gap (02:30 -> 03:30 on the
new offset); a wall time inside a fall-back fold uses its first occurrence (fold=0), so a
repeated hour never yields two slots. Both come from `worktime.at_local`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.db.models import Engagement
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import worktime

DUTY = "checkin_prompt"
# Slots missed for up to this long (a restart, a slow sweep) are still prompted; older ones are skipped.
GRACE = timedelta(hours=3)
# How far back a sweep looks for slots it must mark skipped after a long outage.
LOOKBACK = timedelta(days=2)


@dataclass(frozen=True)
class Slot:
    """One check-in prompt: which engagement, which contractor-local day, and the instant it is due."""

    engagement_id: int
    local_date: date
    due_at: datetime

    @property
    def key(self) -> str:
        """The ledger key: deterministic, so every worker and every retry agrees on it."""
        return key_for(self.engagement_id, self.local_date)


def key_for(engagement_id: int, local_date: date) -> str:
    """`checkin:<engagement>:<contractor-local date>`."""
    return ledger_keys.slot(ledger_keys.CHECKIN, engagement_id, local_date)


def parse_key(key: str) -> tuple[int, date]:
    """(engagement id, local date) back from a check-in key (or a key built the same way)."""
    return ledger_keys.slot_of(key)


def is_slot_day(engagement: Engagement, day: date) -> bool:
    """Whether the engagement prompts on a contractor-local date: cadence, dates and the contractor's calendar."""
    if engagement.status != "active" or not engagement.start_on <= day <= engagement.deadline:
        return False
    if str(day.isoweekday()) not in engagement.checkin_days:
        return False
    return worktime.works_on(engagement.contractor.person, day)


def slots_between(engagement: Engagement, start: datetime, end: datetime) -> Iterator[Slot]:
    """Slots with start < due_at <= end, oldest first.

    The local dates scanned are widened by a day on each side because a slot's local date and
    its UTC date differ across the date line.
    """
    tz = engagement.contractor.person.tz
    day = worktime.local_today(start, tz) - timedelta(days=1)
    last = worktime.local_today(end, tz) + timedelta(days=1)
    while day <= last:
        if is_slot_day(engagement, day):
            # Normalised to UTC: aware datetimes in a gap or fold never compare equal across zones (PEP 495).
            due_at = worktime.at_local(day, engagement.checkin_time, tz).astimezone(UTC)
            if start < due_at <= end:
                yield Slot(engagement.id, day, due_at)
        day += timedelta(days=1)


def next_slot(engagement: Engagement, now: datetime, horizon: timedelta = timedelta(days=31)) -> Slot | None:
    """The next slot the contractor will really be prompted for: after `now`, skipping days off, holidays
    and time off, none past the deadline (the cadence alone would name a day nobody is asked)."""
    return next(slots_between(engagement, now, now + horizon), None)


def due(engagement: Engagement, now: datetime, grace: timedelta = GRACE) -> list[Slot]:
    """Slots to prompt now: due at or before `now`, within the grace window."""
    return list(slots_between(engagement, now - grace, now))


def stale(engagement: Engagement, now: datetime, grace: timedelta = GRACE,
          lookback: timedelta = LOOKBACK) -> list[Slot]:
    """Slots missed beyond the grace window (recorded as skipped, never sent as a burst)."""
    return list(slots_between(engagement, now - grace - lookback, now - grace))


def due_for_all(engagements: Iterable[Engagement], now: datetime,
                grace: timedelta = GRACE) -> tuple[list[Slot], list[Slot]]:
    """(due, stale) slots of many engagements, computed in memory from rows already loaded."""
    due_slots: list[Slot] = []
    stale_slots: list[Slot] = []
    for engagement in engagements:
        due_slots.extend(due(engagement, now, grace))
        stale_slots.extend(stale(engagement, now, grace))
    return due_slots, stale_slots
