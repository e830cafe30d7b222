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
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.delivery import ledger_keys
from bot.domain.schedule import worktime
from bot.domain.shapes import Cadence

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


def is_slot_day(engagement: Cadence, day: date) -> bool:
    """Whether the engagement prompts on a contractor-local date: cadence, dates and the contractor's calendar."""
    if engagement.status != "active" or not engagement.start_on <= day <= engagement.deadline:
        return False
    if str(day.isoweekday()) not in engagement.checkin_days:
        return False
    return worktime.works_on(engagement.contractor.person, day)


def slots_between(engagement: Cadence, start: datetime, end: datetime) -> Iterator[Slot]:
    """Slots with start < due_at <= end, oldest first."""
    for day, due_at in _instants(engagement.contractor.person.tz, engagement.checkin_time, start, end):
        if is_slot_day(engagement, day):
            yield Slot(engagement.id, day, due_at)


def next_slot(engagement: Cadence, now: datetime, horizon: timedelta = timedelta(days=31)) -> Slot | None:
    """The next slot the contractor will really be prompted for: after `now`, skipping days off, holidays
    and time off, none past the deadline (the cadence alone would name a day nobody is asked)."""
    return next(slots_between(engagement, now, now + horizon), None)


def due_for_all(engagements: Iterable[Cadence], now: datetime, grace: timedelta = GRACE,
                since: datetime | None = None) -> tuple[list[Slot], list[Slot]]:
    """(due, stale) slots of many engagements, computed in memory from rows already loaded.

    `since`: the instant of the last sweep that recorded every stale slot. Slots that went stale before it
    were recorded then, so the look-back starts there (a minute, not two days, between two sweeps);
    None (or a mark later than `now`, a run back in time) looks back the whole LOOKBACK.
    """
    items = list(engagements)
    stale_from = now - grace - LOOKBACK
    if since is not None and since <= now:
        stale_from = max(stale_from, since - grace)
    return slots_in(items, now - grace, now), slots_in(items, stale_from, now - grace)


def slots_in(engagements: Iterable[Cadence], start: datetime, end: datetime) -> list[Slot]:
    """`slots_between(e, start, end)` for every engagement, in the order given, each one's oldest first.

    The instants depend on the contractor's zone and the check-in time alone, so they are computed once
    per (zone, time) and only the engagements whose time falls in the window are looked at one by one:
    a sweep each minute over 100,000 engagements in a few dozen zones does a few dozen zone conversions,
    not 400,000.
    """
    found: list[Slot] = []
    instants: dict[tuple[str, time], list[tuple[date, datetime]]] = {}
    for engagement in engagements:
        tz = engagement.contractor.person.tz
        group = (tz, engagement.checkin_time)
        candidates = instants.get(group)
        if candidates is None:
            candidates = instants[group] = list(_instants(tz, engagement.checkin_time, start, end))
        # Oldest first: _instants gives each (zone, time)'s instants in date order.
        found.extend(Slot(engagement.id, day, due_at) for day, due_at in candidates if is_slot_day(engagement, day))
    return found


def _instants(tz: str, at: time, start: datetime, end: datetime) -> Iterator[tuple[date, datetime]]:
    """(local date, UTC instant) of the wall time `at` in `tz` with start < instant <= end.

    The local dates scanned are widened by a day on each side because a slot's local date and its UTC
    date differ across the date line. Instants are normalised to UTC: aware datetimes in a gap or fold
    never compare equal across zones (PEP 495).
    """
    day = worktime.local_today(start, tz) - timedelta(days=1)
    last = worktime.local_today(end, tz) + timedelta(days=1)
    while day <= last:
        due_at = worktime.at_local(day, at, tz).astimezone(UTC)
        if start < due_at <= end:
            yield day, due_at
        day += timedelta(days=1)
