"""A person's own availability: zone, working days and hours, holiday country and time off.

Owners and contractors alike set these for themselves (/availability); /contractor sets them for a
contractor. Whatever is set here by hand is marked explicit, so Slack's zone changes (user_change)
no longer overwrite it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from bot.db.models import Person, TimeOff
from bot.domain.errors import DomainError
from bot.text.schedule import default_country_for_timezone


@dataclass(frozen=True)
class WorkPattern:
    """Optional overrides of where and when someone works (None: leave as it is)."""

    tz: str | None = None
    days: tuple[int, ...] | None = None
    hours: tuple[time, time] | None = None
    country: str | None = None

    def is_empty(self) -> bool:
        """Nothing to change."""
        return self.tz is None and self.days is None and self.hours is None and self.country is None


def apply(person: Person, pattern: WorkPattern, now: datetime | None = None) -> None:
    """Set what the pattern gives, marking the zone and country as set by hand.

    A new zone brings its country along unless a country is given or was set by hand before.
    """
    if pattern.tz:
        person.tz = pattern.tz
        person.tz_explicit = True
        if not pattern.country and not person.country_explicit:
            person.country = default_country_for_timezone(pattern.tz)
    if pattern.days:
        person.work_days = "".join(str(d) for d in pattern.days)
    if pattern.hours:
        person.work_start, person.work_end = pattern.hours
    if pattern.country:
        person.country = pattern.country
        person.country_explicit = True
    if now is not None:
        person.updated_at = now


def add_time_off(session: Session, *, person: Person, start: date, end: date, example: str, note: str = "") -> TimeOff:
    """Days off (inclusive, in the person's calendar): no prompt or owner DM lands on them."""
    if end < start:
        raise DomainError("Time off must end on or after it starts.", example)
    entry = TimeOff(person_id=person.id, start_on=start, end_on=end, note=note)
    person.time_off.append(entry)
    session.flush()
    return entry
