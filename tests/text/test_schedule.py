"""Working hours, days, cadences, durations, time zones and countries."""

from __future__ import annotations

import zoneinfo
from datetime import time
from time import perf_counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import schedule
from bot.text.errors import ParseError
from bot.text.schedule import (
    default_country_for_timezone,
    parse_cadence,
    parse_clock,
    parse_country,
    parse_days,
    parse_duration_hours,
    parse_hours,
    parse_timezone,
)
from tests.text.strategies import PATHOLOGICAL, awkward_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00-17:00", (time(9), time(17))),
        ("9-17", (time(9), time(17))),
        ("9:30-17:30", (time(9, 30), time(17, 30))),
        (" 09:00 - 17:00 ", (time(9), time(17))),
        ("9am-5pm", (time(9), time(17))),
        ("9:30AM-5:30PM", (time(9, 30), time(17, 30))),
        ("12pm-1pm", (time(12), time(13))),
        ("12am-8am", (time(0), time(8))),
        ("0-23:59", (time(0), time(23, 59))),
        ("8h30-17h", (time(8, 30), time(17))),
        ("9 to 17", (time(9), time(17))),
        ("9–17", (time(9), time(17))),
    ],
)
def test_parse_hours(text, expected):
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("22:00-06:00", "Overnight"),
        ("17-9", "Overnight"),
        ("9-9", "start before"),
        ("9-24", "isn't a time"),
        ("9:60-17", "isn't a time"),
        ("13pm-14pm", "1 to 12"),
        ("0am-5am", "1 to 12"),
        ("9", "couldn't read"),
        ("", "couldn't read"),
        ("nine-five", "couldn't read"),
        ("0900-1700", "couldn't read"),
        ("9:5-17", "couldn't read"),
        ("٩-١٧", "couldn't read"),
    ],
)
def test_parse_hours_rejects(text, fragment):
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_hours(text)
    assert caught.value.example == "09:00-17:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10)),
        ("7", time(7)),
        ("7pm", time(19)),
        ("7 p", time(19)),
        ("23.45", time(23, 45)),
    ],
)
def test_parse_clock(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", (1, 2, 3, 4, 5)),
        ("MON-FRI", (1, 2, 3, 4, 5)),
        ("mon - fri", (1, 2, 3, 4, 5)),
        ("monday to friday", (1, 2, 3, 4, 5)),
        ("mon..fri", (1, 2, 3, 4, 5)),
        ("mon,wed,fri", (1, 3, 5)),
        ("fri,wed,mon,mon", (1, 3, 5)),
        ("mon, wed and fri", (1, 3, 5)),
        ("mon wed fri", (1, 3, 5)),
        ("sat-sun", (6, 7)),
        ("fri-mon", (1, 5, 6, 7)),
        ("sun-sat", (1, 2, 3, 4, 5, 6, 7)),
        ("wed-wed", (3,)),
        ("tues,thurs", (2, 4)),
        ("mondays", (1,)),
        ("weekdays", (1, 2, 3, 4, 5)),
        ("weekends", (6, 7)),
        ("everyday", (1, 2, 3, 4, 5, 6, 7)),
        ("every day", (1, 2, 3, 4, 5, 6, 7)),
        ("daily", (1, 2, 3, 4, 5)),
        ("mon-wed,sat", (1, 2, 3, 6)),
        ("weekdays,sat", (1, 2, 3, 4, 5, 6)),
    ],
)
def test_parse_days(text, expected):
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    "text", ["", " , ", "funday", "mon-", "-fri", "mon-fri-sat", "1-5", "mo", "m,t"]
)
def test_parse_days_rejects(text):
    with pytest.raises(ParseError) as caught:
        parse_days(text)
    assert caught.value.example == "mon-fri"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon,thu@10:00", ((1, 4), time(10))),
        ("daily@09:30", ((1, 2, 3, 4, 5), time(9, 30))),
        ("everyday@9", ((1, 2, 3, 4, 5, 6, 7), time(9))),
        ("weekdays@4pm", ((1, 2, 3, 4, 5), time(16))),
        ("fri-mon@08:15", ((1, 5, 6, 7), time(8, 15))),
        ("mon,thu 10:00", ((1, 4), time(10))),
        ("mon, thu at 10am", ((1, 4), time(10))),
    ],
)
def test_parse_cadence(text, expected):
    assert parse_cadence(text) == expected


@pytest.mark.parametrize(
    "text", ["mon,thu", "@10:00", "mon@", "funday@10", "mon@25:00", "", "daily@noon"]
)
def test_parse_cadence_rejects(text):
    with pytest.raises(ParseError) as caught:
        parse_cadence(text)
    assert caught.value.example == "mon,thu@10:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", 24),
        ("36", 36),
        ("2d", 48),
        ("1", 1),
        ("720h", 720),
        ("30d", 720),
        ("48 hours", 48),
        ("1w", 168),
        ("3 days", 72),
        ("12H", 12),
    ],
)
def test_parse_duration_hours(text, expected):
    assert parse_duration_hours(text) == expected


@pytest.mark.parametrize(
    "text", ["0", "0h", "721", "31d", "5w", "", "h", "1.5d", "-3h", "24m", "99999999h", "٣h"]
)
def test_parse_duration_hours_rejects(text):
    with pytest.raises(ParseError) as caught:
        parse_duration_hours(text)
    assert caught.value.example == "24h"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("America/Bogota", "America/Bogota"),
        ("america/bogota", "America/Bogota"),
        ("  ASIA/MANILA ", "Asia/Manila"),
        ("America/New York", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("Etc/GMT+5", "Etc/GMT+5"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_parse_timezone(text, expected):
    assert parse_timezone(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("UTC+8", "offset"),
        ("utc-05:00", "offset"),
        ("GMT+5:30", "offset"),
        ("+08:00", "offset"),
        ("-5", "offset"),
        ("Mars/Olympus", "don't know"),
        ("Bogota", "don't know"),
        ("../../etc/passwd", "don't know"),
        ("/usr/share/zoneinfo/UTC", "don't know"),
        ("", "expected a time zone"),
    ],
)
def test_parse_timezone_rejects(text, fragment):
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_timezone(text)
    assert caught.value.example == "tz=America/Bogota"


def test_every_known_zone_round_trips():
    for name in sorted(zoneinfo.available_timezones()):
        assert parse_timezone(name.lower()) == name


@pytest.mark.parametrize(
    ("text", "expected"), [("CO", "CO"), ("ph", "PH"), (" de ", "DE"), ("UK", "GB"), ("us", "US")]
)
def test_parse_country(text, expected):
    assert parse_country(text) == expected


@pytest.mark.parametrize("text", ["", "C", "COL", "C0", "ZZ", "Colombia", "😀😀"])
def test_parse_country_rejects(text):
    with pytest.raises(ParseError) as caught:
        parse_country(text)
    assert caught.value.example == "country=CO"


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("America/Bogota", "CO"),
        ("Asia/Manila", "PH"),
        ("Europe/Berlin", "DE"),
        ("America/New_York", "US"),
        ("Europe/London", "GB"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),
        ("america/bogota", "CO"),
        ("US/Pacific", "US"),
        ("UTC", None),
        ("Etc/GMT+5", None),
        ("Mars/Olympus", None),
        ("", None),
    ],
)
def test_default_country_for_timezone(tz, expected):
    assert default_country_for_timezone(tz) == expected


def test_default_country_falls_back_to_the_builtin_table(monkeypatch):
    monkeypatch.setattr(schedule, "_tab_sources", lambda filename: [])
    schedule._zone_countries.cache_clear()
    schedule._links.cache_clear()
    try:
        assert default_country_for_timezone("America/Bogota") == "CO"
        assert default_country_for_timezone("Asia/Calcutta") == "IN"
        assert default_country_for_timezone("Africa/Abidjan") is None
    finally:
        schedule._zone_countries.cache_clear()
        schedule._links.cache_clear()


def test_default_country_covers_every_zone_of_zone_tab():
    assert default_country_for_timezone("Africa/Abidjan") == "CI"
    assert default_country_for_timezone("Pacific/Auckland") == "NZ"


PARSERS = [
    parse_hours,
    parse_days,
    parse_cadence,
    parse_duration_hours,
    parse_timezone,
    parse_country,
    parse_clock,
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PARSERS), awkward_text)
def test_schedule_parsers_raise_only_parse_error(parse, text):
    try:
        parse(text)
    except ParseError:
        pass


@settings(max_examples=150, deadline=None)
@given(awkward_text)
def test_parse_days_results_are_sorted_unique_iso_weekdays(text):
    try:
        days = parse_days(text)
    except ParseError:
        return
    assert days == tuple(sorted(set(days)))
    assert all(1 <= day <= 7 for day in days)


@settings(max_examples=100, deadline=None)
@given(awkward_text)
def test_default_country_never_raises(text):
    result = default_country_for_timezone(text)
    assert result is None or len(result) == 2


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_hostile_input_is_refused_quickly(text):
    started = perf_counter()
    for parse in PARSERS:
        with pytest.raises(ParseError):
            parse(text)
    assert default_country_for_timezone(text) is None
    assert perf_counter() - started < 3  # minutes if a regex backtracks; generous for busy CI
