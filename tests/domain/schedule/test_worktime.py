"""Working days, windows and overlaps, checked at their edges with instants written out by hand.

Offsets used below (from the IANA database, in November 2026): Bogota UTC-5 (no DST), London UTC+0,
Manila UTC+8, Auckland UTC+13 (NZDT). New York springs forward on 2026-03-08 at 02:00 EST.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from bot.db.models import Person, TimeOff
from bot.domain.schedule import worktime

MONDAY = date(2026, 11, 2)


def person(tz: str, *, country: str | None = None, days: str = "12345", start: time = time(9),
           end: time = time(17), off: tuple[tuple[date, date], ...] = ()) -> Person:
    """A transient person (never flushed): worktime only reads these attributes."""
    who = Person(team_id="T0", user_id="U0", tz=tz, country=country, work_days=days, work_start=start, work_end=end)
    who.time_off = [TimeOff(start_on=a, end_on=b) for a, b in off]
    return who


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_zone_and_local_clock() -> None:
    assert worktime.zone("America/Bogota").key == "America/Bogota"
    seen = worktime.local_now(utc(2026, 11, 2, 3, 30), "America/Bogota")
    assert (seen.year, seen.month, seen.day, seen.hour, seen.minute) == (2026, 11, 1, 22, 30)
    assert seen.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(("instant", "tz", "expected"), [
    (utc(2026, 11, 2, 3, 30), "America/Bogota", date(2026, 11, 1)),  # still Sunday evening there
    (utc(2026, 11, 2, 5, 0), "America/Bogota", date(2026, 11, 2)),  # midnight exactly
    (utc(2026, 11, 2, 4, 59), "America/Bogota", date(2026, 11, 1)),
    (utc(2026, 11, 2, 11, 0), "Pacific/Auckland", date(2026, 11, 3)),
    (utc(2026, 11, 2, 10, 59), "Pacific/Auckland", date(2026, 11, 2)),
])
def test_local_today_turns_at_local_midnight(instant: datetime, tz: str, expected: date) -> None:
    assert worktime.local_today(instant, tz) == expected


def test_at_local_is_the_wall_clock_instant() -> None:
    assert worktime.at_local(MONDAY, time(10), "America/Bogota") == utc(2026, 11, 2, 15, 0)
    assert worktime.at_local(MONDAY, time(10), "Pacific/Auckland") == utc(2026, 11, 1, 21, 0)


def test_at_local_in_a_spring_forward_gap_moves_forward_by_the_gap() -> None:
    instant = worktime.at_local(date(2026, 3, 8), time(2, 30), "America/New_York")
    assert instant.astimezone(UTC) == utc(2026, 3, 8, 7, 30)  # 03:30 EDT


def test_holiday_name() -> None:
    assert worktime.holiday_name("US", date(2026, 12, 25)) == "Christmas Day"
    assert worktime.holiday_name("CO", date(2026, 12, 8)) == "Immaculate Conception"
    assert worktime.holiday_name("US", date(2026, 12, 23)) is None
    assert worktime.holiday_name(None, date(2026, 12, 25)) is None
    assert worktime.holiday_name("", date(2026, 12, 25)) is None
    assert worktime.holiday_name("XX", date(2026, 12, 25)) is None  # no calendar for it: not an error


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 2), True),  # Monday
    (date(2026, 11, 6), True),  # Friday
    (date(2026, 11, 7), False),  # Saturday
    (date(2026, 11, 8), False),  # Sunday
])
def test_works_on_follows_the_work_days(day: date, expected: bool) -> None:
    assert worktime.works_on(person("Europe/London"), day) is expected


def test_works_on_other_work_days() -> None:
    weekend = person("Europe/London", days="67")
    assert worktime.works_on(weekend, date(2026, 11, 7)) is True
    assert worktime.works_on(weekend, date(2026, 11, 2)) is False


def test_works_on_skips_public_holidays() -> None:
    american = person("America/New_York", country="US")
    assert worktime.works_on(american, date(2026, 12, 25)) is False  # a Friday
    assert worktime.works_on(american, date(2026, 12, 24)) is True
    assert worktime.works_on(person("America/New_York"), date(2026, 12, 25)) is True


def test_works_on_time_off_includes_both_ends() -> None:
    away = person("Europe/London", off=((date(2026, 11, 3), date(2026, 11, 5)),))
    assert worktime.works_on(away, date(2026, 11, 2)) is True
    assert worktime.works_on(away, date(2026, 11, 3)) is False
    assert worktime.works_on(away, date(2026, 11, 4)) is False
    assert worktime.works_on(away, date(2026, 11, 5)) is False
    assert worktime.works_on(away, date(2026, 11, 6)) is True


def test_working_window() -> None:
    assert worktime.working_window(person("America/Bogota"), MONDAY) == (utc(2026, 11, 2, 14), utc(2026, 11, 2, 22))


def test_overlap_same_day() -> None:
    # Bogota 14:00-22:00 UTC, London 09:00-17:00 UTC.
    found = worktime.overlap_hours(person("America/Bogota"), person("Europe/London"), MONDAY)
    assert found == (utc(2026, 11, 2, 14), utc(2026, 11, 2, 17))
    assert worktime.overlap_hours(person("Europe/London"), person("America/Bogota"), MONDAY) == found


def test_overlap_with_the_next_local_day_across_the_date_line() -> None:
    # Bogota Monday 14:00-22:00 UTC; Auckland Tuesday 09:00-17:00 NZDT is Monday 20:00 - Tuesday 04:00 UTC.
    found = worktime.overlap_hours(person("America/Bogota"), person("Pacific/Auckland"), MONDAY)
    assert found == (utc(2026, 11, 2, 20), utc(2026, 11, 2, 22))


def test_overlap_with_the_previous_local_day_across_the_date_line() -> None:
    # Auckland Monday 09:00-17:00 is Sunday 20:00 - Monday 04:00 UTC; Bogota Sunday is 14:00-22:00 UTC.
    found = worktime.overlap_hours(person("Pacific/Auckland"), person("America/Bogota"), MONDAY)
    assert found == (utc(2026, 11, 1, 20), utc(2026, 11, 1, 22))


def test_no_overlap() -> None:
    # Manila 01:00-09:00 UTC against Bogota 14:00-22:00 UTC, on any neighbouring day.
    assert worktime.overlap_hours(person("Asia/Manila"), person("America/Bogota"), MONDAY) is None


def test_windows_that_only_touch_do_not_overlap() -> None:
    early, late = person("Europe/London"), person("Europe/London", start=time(17), end=time(20))
    assert worktime.overlap_hours(early, late, MONDAY) is None
    shifted = person("Europe/London", start=time(16, 59), end=time(20))
    assert worktime.overlap_hours(early, shifted, MONDAY) == (utc(2026, 11, 2, 16, 59), utc(2026, 11, 2, 17))


@pytest.mark.parametrize(("tz", "label"), [
    ("America/Bogota", "Bogota"),
    ("America/New_York", "New York"),
    ("America/Argentina/Buenos_Aires", "Buenos Aires"),
    ("UTC", "UTC"),
])
def test_city(tz: str, label: str) -> None:
    assert worktime.city(tz) == label


def test_format_local_says_the_zone() -> None:
    instant = utc(2026, 11, 2, 15, 5)
    assert worktime.format_local(instant, "America/Bogota") == "10:05 Bogota"
    assert worktime.format_local(instant, "America/Bogota", with_day=True) == "Mon 10:05 Bogota"
    assert worktime.format_local(instant, "America/New_York") == "10:05 New York"
    late = datetime(2026, 11, 2, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 04:30 UTC on Tuesday
    assert worktime.format_local(late, "Europe/London", with_day=True) == "Tue 04:30 London"


def test_of_two_shared_windows_the_earlier_is_given() -> None:
    # London 01:00-23:00 UTC on Monday; Bogota 17:00-23:00 local is 22:00-04:00 UTC, so Sunday's evening
    # (till Monday 04:00 UTC) and Monday's (from 22:00 UTC) both overlap London's Monday.
    long_day = person("Europe/London", start=time(1), end=time(23))
    evenings = person("America/Bogota", start=time(17), end=time(23))
    assert worktime.overlap_hours(long_day, evenings, MONDAY) == (utc(2026, 11, 2, 1), utc(2026, 11, 2, 4))


def test_an_upcoming_time_past_the_coming_six_days_names_its_date() -> None:
    """Seen on Monday 2 Nov 2026: Sunday 8 Nov is the coming Sunday; Monday 9 Nov needs its date."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 2, 15, tzinfo=UTC)
    assert worktime.format_upcoming(datetime(2026, 11, 8, 15, tzinfo=UTC), "Europe/London", now) == "Sun 15:00 London"
    assert worktime.format_upcoming(datetime(2026, 11, 9, 15, tzinfo=UTC), "Europe/London", now) == \
        "Mon 09 Nov 15:00 London"


def test_the_united_kingdom_keeps_englands_bank_holidays() -> None:
    """Europe/London defaults to GB, whose calendar without a region held only the UK-wide days: people in
    London were prompted on Easter Monday and the August bank holiday, and marked as missing them.
    England's days (which Wales and Northern Ireland keep too) are the default; Christmas stays."""
    assert worktime.holiday_name("GB", date(2026, 4, 6)) == "Easter Monday"
    assert worktime.holiday_name("GB", date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert worktime.holiday_name("GB", date(2026, 12, 25)) == "Christmas Day"
    assert worktime.holiday_name("GB", date(2026, 4, 7)) is None
    from tests.support.duties import person
    assert not worktime.works_on(person("U0LDN", "Europe/London", country="GB"), date(2027, 3, 29))  # Easter Monday
