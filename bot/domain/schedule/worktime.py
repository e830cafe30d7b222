"""Local time, working days and overlaps: the arithmetic behind "inside their working hours"."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from bot.domain.shapes import Calendar, WorkingPerson


def zone(tz: str) -> ZoneInfo:
    """A ZoneInfo for an IANA name (cached by zoneinfo itself)."""
    return ZoneInfo(tz)


def local_now(now: datetime, tz: str) -> datetime:
    """`now` (aware) seen on the wall clock of `tz`."""
    return now.astimezone(zone(tz))


@lru_cache(maxsize=4096)
def local_today(now: datetime, tz: str) -> date:
    """The calendar date in `tz` at the instant `now`.

    Cached: a sweep asks it of the same instant for every engagement (100,000 zone conversions a
    minute, a few dozen distinct). An aware datetime hashes and compares as its instant, which is all
    the answer depends on.
    """
    return local_now(now, tz).date()


def at_local(day: date, at: time, tz: str) -> datetime:
    """The instant of a wall-clock time on a date in `tz`.

    In a spring-forward gap the wall time does not exist; fold=0 maps it forward by the gap,
    which is what people expect ("10:00" never falls in the gap, but 02:30 may).
    """
    return datetime.combine(day, at, tzinfo=zone(tz))


# Countries whose calendar without a region leaves out days most of their people have off. The United
# Kingdom's holds only the UK-wide days: no Easter Monday, no August bank holiday, which England, Wales and
# Northern Ireland (over nine in ten of its people) all keep. Europe/London means GB, so England's is its default.
REGION_BY_COUNTRY = {"GB": "ENG"}


@lru_cache(maxsize=256)
def _holiday_calendar(country: str, year: int) -> holidays_lib.HolidayBase | None:
    try:
        return holidays_lib.country_holidays(country, subdiv=REGION_BY_COUNTRY.get(country), years=year)
    except NotImplementedError:
        return None


@lru_cache(maxsize=8192)
def holiday_name(country: str | None, day: date) -> str | None:
    """The public holiday on `day` in `country`, if any (cached: the library's lookup costs microseconds,
    and the sweeps ask it of the same few days for every engagement)."""
    if not country:
        return None
    calendar = _holiday_calendar(country, day.year)
    return calendar.get(day) if calendar is not None else None


def works_on(person: Calendar, day: date) -> bool:
    """Whether `day` (in the person's calendar) is a working day: weekday, no holiday, no time off."""
    if str(day.isoweekday()) not in person.work_days:
        return False
    if person.country and holiday_name(person.country, day):
        return False
    return not (person.time_off and any(off.start_on <= day <= off.end_on for off in person.time_off))


def working_window(person: WorkingPerson, day: date) -> tuple[datetime, datetime]:
    """The person's working hours on a date, as aware instants."""
    return at_local(day, person.work_start, person.tz), at_local(day, person.work_end, person.tz)


def overlap_hours(a: WorkingPerson, b: WorkingPerson, on: date) -> tuple[datetime, datetime] | None:
    """The shared working window of two people around a date, or None when they never overlap.

    Dates differ across zones, so each of b's windows on the neighbouring days is compared.
    """
    a_start, a_end = working_window(a, on)
    for delta in (-1, 0, 1):
        b_start, b_end = working_window(b, on + timedelta(days=delta))
        start, end = max(a_start, b_start), min(a_end, b_end)
        if start < end:
            return start, end
    return None


def city(tz: str) -> str:
    """A short human label for a zone: America/Bogota -> Bogota, America/New_York -> New York."""
    return tz.rsplit("/", 1)[-1].replace("_", " ")


def format_upcoming(instant: datetime, tz: str, now: datetime) -> str:
    """'Thu 15:00 London' within the coming six days, else 'Thu 24 Dec 15:00 London': a check-in two weeks
    away (time off, holidays) named only by its weekday reads as the coming one."""
    if (local_today(instant, tz) - local_today(now, tz)).days <= 6:
        return format_local(instant, tz, with_day=True)
    return f"{local_now(instant, tz):%a %d %b %H:%M} {city(tz)}"


def format_local(instant: datetime, tz: str, *, with_day: bool = False) -> str:
    """'10:00 Bogota' (or 'Mon 10:00 Bogota'): a time always says its zone."""
    local = local_now(instant, tz)
    text = local.strftime("%a %H:%M" if with_day else "%H:%M")
    return f"{text} {city(tz)}"
