"""Counting in a person's working hours: SLAs that pause overnight, weekends, holidays and time off."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.db.models import Person
from bot.domain.schedule import worktime

# Far enough to cross a long holiday plus time off; a person with no working days at all
# would otherwise loop forever.
HORIZON_DAYS = 60


def in_working_hours(person: Person, instant: datetime) -> bool:
    """Whether `instant` falls inside the person's working hours on one of their working days."""
    day = worktime.local_today(instant, person.tz)
    if not worktime.works_on(person, day):
        return False
    start, end = worktime.working_window(person, day)
    return start <= instant < end


def next_working_instant(person: Person, instant: datetime) -> datetime:
    """`instant` if the person is at work then, else the start of their next working window."""
    day = worktime.local_today(instant, person.tz)
    for offset in range(HORIZON_DAYS):
        current = day + timedelta(days=offset)
        if not worktime.works_on(person, current):
            continue
        start, end = worktime.working_window(person, current)
        if instant < end:
            return max(instant, start)
    return instant


def add_working_hours(person: Person, start: datetime, hours: float) -> datetime:
    """The instant `hours` of the person's working time after `start` (time off the clock is skipped)."""
    remaining = timedelta(hours=hours)
    day = worktime.local_today(start, person.tz)
    for offset in range(HORIZON_DAYS):
        current = day + timedelta(days=offset)
        if not worktime.works_on(person, current):
            continue
        window_start, window_end = worktime.working_window(person, current)
        begin = max(start, window_start)
        if begin >= window_end:
            continue
        if remaining <= window_end - begin:
            return begin + remaining
        remaining -= window_end - begin
    return start + timedelta(hours=hours)
