"""Dates typed in commands, resolved against the speaker's today."""

from __future__ import annotations

from datetime import date, timedelta
from time import perf_counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.dates import DATE_EXAMPLE, parse_date, parse_date_range, take_date
from bot.text.errors import ParseError
from tests.text.strategies import PATHOLOGICAL, awkward_text

WED = date(2026, 12, 16)  # a Wednesday
FRI = date(2026, 12, 18)
SAT = date(2026, 12, 19)
SUN = date(2026, 12, 20)
MON = date(2026, 12, 14)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("2026-12-20", WED, date(2026, 12, 20)),
        ("2026-1-5", WED, date(2026, 1, 5)),
        ("  2024-02-29 ", WED, date(2024, 2, 29)),
        ("today", WED, WED),
        ("TODAY", WED, WED),
        ("tomorrow", WED, date(2026, 12, 17)),
        ("Tomorrow", date(2026, 12, 31), date(2027, 1, 1)),
        ("tmrw", WED, date(2026, 12, 17)),
        ("yesterday", WED, date(2026, 12, 15)),
        ("Yesterday", date(2027, 1, 1), date(2026, 12, 31)),
        # A bare weekday: the next such day strictly after today.
        ("friday", WED, FRI),
        ("fri", WED, FRI),
        ("FRIDAY", WED, FRI),
        ("thu", WED, date(2026, 12, 17)),
        ("wednesday", WED, date(2026, 12, 23)),
        ("tuesday", WED, date(2026, 12, 22)),
        ("friday", FRI, date(2026, 12, 25)),
        ("friday", SAT, date(2026, 12, 25)),
        ("monday", SUN, date(2026, 12, 21)),
        ("sunday", MON, SUN),
        # next <weekday>: that weekday in the Monday-to-Sunday week after today's.
        ("next friday", WED, date(2026, 12, 25)),
        ("next fri", WED, date(2026, 12, 25)),
        ("Next  Friday", WED, date(2026, 12, 25)),
        ("next monday", WED, date(2026, 12, 21)),
        ("next wednesday", WED, date(2026, 12, 23)),
        ("next friday", FRI, date(2026, 12, 25)),
        ("next friday", SAT, date(2026, 12, 25)),
        ("next monday", SUN, date(2026, 12, 21)),
        ("next sunday", MON, date(2026, 12, 27)),
        ("next sunday", SUN, date(2026, 12, 27)),
        # in N units
        ("in 3 days", WED, date(2026, 12, 19)),
        ("in 1 day", WED, date(2026, 12, 17)),
        ("in 3d", WED, date(2026, 12, 19)),
        ("in 2 weeks", WED, date(2026, 12, 30)),
        ("in 2w", WED, date(2026, 12, 30)),
        ("in a week", WED, date(2026, 12, 23)),
        ("in one week", WED, date(2026, 12, 23)),
        ("IN 1 MONTH", WED, date(2027, 1, 16)),
        ("in 1 month", date(2026, 1, 31), date(2026, 2, 28)),
        ("in 1 month", date(2028, 1, 31), date(2028, 2, 29)),
        ("in 13 months", date(2026, 12, 31), date(2028, 1, 31)),
        ("in 2 mo", date(2026, 3, 31), date(2026, 5, 31)),
    ],
)
def test_parse_date(text, today, expected):
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "31/12",
        "12/20/2026",
        "2026-02-30",
        "2026-13-01",
        "20261220",
        "2026-W51-1",
        "next",
        "next week",
        "next tomorrow",
        "in",
        "in 3",
        "in days",
        "in 0 days",
        "in -3 days",
        "in 3 fortnights",
        "in 99999 days",
        "in 121 months",
        "friday extra",
        "fri.",
        "٢٠٢٦-١٢-٢٠",
        "in ٣ days",
        "2026-12-20T10:00",
        "😀",
    ],
)
def test_parse_date_rejects(text):
    with pytest.raises(ParseError) as caught:
        parse_date(text, today=WED)
    assert caught.value.example == DATE_EXAMPLE


def test_parse_date_error_names_what_was_typed():
    with pytest.raises(ParseError) as caught:
        parse_date("31/12", today=WED)
    assert caught.value.message == "I couldn't read the date “31/12”."


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("tomorrow", date.max),
        ("friday", date.max),
        ("in 3 weeks", date(9999, 12, 20)),
        ("in 2 months", date(9999, 12, 1)),
    ],
)
def test_parse_date_at_the_end_of_the_calendar_is_a_parse_error(text, today):
    with pytest.raises(ParseError):
        parse_date(text, today=today)


@pytest.mark.parametrize(
    ("tokens", "start", "expected", "end"),
    [
        (["due", "friday", "x"], 1, FRI, 2),
        (["due", "next", "friday", "x"], 1, date(2026, 12, 25), 3),
        (["next", "x"], 0, None, None),
        (["in", "3", "days", "@maria"], 0, date(2026, 12, 19), 3),
        (["in", "3d", "@maria"], 0, date(2026, 12, 19), 2),
        (["2026-12-20"], 0, date(2026, 12, 20), 1),
        (["next friday"], 0, date(2026, 12, 25), 1),
        (["tomorrow", "in", "3", "days"], 0, date(2026, 12, 17), 1),
    ],
)
def test_take_date(tokens, start, expected, end):
    if expected is None:
        with pytest.raises(ParseError):
            take_date(tokens, start, today=WED)
    else:
        assert take_date(tokens, start, today=WED) == (expected, end)


@pytest.mark.parametrize(
    ("tokens", "start"), [([], 0), (["friday"], 1), (["friday"], -1), (["in", "3"], 0)]
)
def test_take_date_rejects_missing_or_short_input(tokens, start):
    with pytest.raises(ParseError):
        take_date(tokens, start, today=WED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-24..2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("2026-12-24...2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("2026-12-24 to 2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("2026-12-24 TO 2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("2026-12-24–2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("2026-12-24 - 2027-01-02", (date(2026, 12, 24), date(2027, 1, 2))),
        ("today..friday", (WED, FRI)),
        ("tomorrow to next friday", (date(2026, 12, 17), date(2026, 12, 25))),
        ("2026-12-24..2026-12-24", (date(2026, 12, 24), date(2026, 12, 24))),
        ("2026-12-24", (date(2026, 12, 24), date(2026, 12, 24))),
    ],
)
def test_parse_date_range(text, expected):
    assert parse_date_range(text, today=WED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2027-01-02..2026-12-24",
        "..2026-12-24",
        "2026-12-24..",
        "2026-12-24..x",
        "",
        "a to b",
        "friday..today",
    ],
)
def test_parse_date_range_rejects(text):
    with pytest.raises(ParseError):
        parse_date_range(text, today=WED)


def test_parse_date_range_says_end_before_start():
    with pytest.raises(ParseError, match=r"ends \(2026-12-24\) before it starts \(2027-01-02\)"):
        parse_date_range("2027-01-02..2026-12-24", today=WED)


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_weekday_rules_hold_for_every_day(today, name):
    try:
        bare = parse_date(name, today=today)
        following = parse_date(f"next {name}", today=today)
    except ParseError:
        assert today > date(9999, 12, 17)
        return
    assert 1 <= (bare - today).days <= 7
    assert bare.strftime("%a").lower() == name
    assert following.strftime("%a").lower() == name
    this_monday = today - timedelta(days=today.weekday())
    assert this_monday + timedelta(days=7) <= following < this_monday + timedelta(days=14)


@settings(max_examples=200, deadline=None)
@given(awkward_text, st.dates())
def test_parse_date_raises_only_parse_error(text, today):
    try:
        result = parse_date(text, today=today)
    except ParseError:
        return
    assert isinstance(result, date)


@settings(max_examples=200, deadline=None)
@given(awkward_text, st.dates())
def test_parse_date_range_raises_only_parse_error(text, today):
    try:
        start, end = parse_date_range(text, today=today)
    except ParseError:
        return
    assert start <= end


@settings(max_examples=200, deadline=None)
@given(st.lists(awkward_text, max_size=5), st.integers(-2, 6), st.dates())
def test_take_date_raises_only_parse_error(tokens, start, today):
    try:
        _, end = take_date(tokens, start, today=today)
    except ParseError:
        return
    assert start < end <= len(tokens)


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_hostile_input_is_refused_quickly(text):
    started = perf_counter()
    for parse in (parse_date, parse_date_range):
        with pytest.raises(ParseError):
            parse(text, today=WED)
    with pytest.raises(ParseError):
        take_date(text.split(), 0, today=WED)
    assert perf_counter() - started < 3  # minutes if a regex backtracks; generous for busy CI


# --- Every alias and every refusal, with the messages people read ---------------------------------
UNIT_ALIASES = {
    "d": 1, "day": 1, "days": 1,
    "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
}
MONTH_ALIASES = ["mo", "mos", "month", "months"]


@pytest.mark.parametrize(("unit", "days"), sorted(UNIT_ALIASES.items()))
def test_every_day_and_week_alias(unit, days):
    assert parse_date(f"in 2 {unit}", today=WED) == WED + timedelta(days=2 * days)
    assert parse_date(f"in 2{unit}", today=WED) == WED + timedelta(days=2 * days)
    assert parse_date(f"in 2 {unit.upper()}", today=WED) == WED + timedelta(days=2 * days)


@pytest.mark.parametrize("unit", MONTH_ALIASES)
def test_every_month_alias(unit):
    assert parse_date(f"in 2 {unit}", today=WED) == date(2027, 2, 16)


@pytest.mark.parametrize(("word", "count"), [("a", 1), ("an", 1), ("one", 1), ("two", 2), ("three", 3)])
def test_counts_in_words(word, count):
    assert parse_date(f"in {word} days", today=WED) == WED + timedelta(days=count)
    assert parse_date(f"in {word} weeks", today=WED) == WED + timedelta(weeks=count)


@pytest.mark.parametrize("word", ["tomorrow", "tmrw", "tmr", "TMR", "Tomorrow"])
def test_every_tomorrow(word):
    assert parse_date(word, today=WED) == date(2026, 12, 17)


def test_yesterday_and_today():
    assert parse_date("yesterday", today=WED) == date(2026, 12, 15)
    assert parse_date("today", today=WED) == WED


@pytest.mark.parametrize(("unit", "limit", "furthest"), [
    ("days", 3660, date(2026, 12, 16) + timedelta(days=3660)),
    ("weeks", 520, date(2026, 12, 16) + timedelta(weeks=520)),
    ("months", 120, date(2036, 12, 16)),
])
def test_the_furthest_count_of_each_unit_and_one_more(unit, limit, furthest):
    assert parse_date(f"in {limit} {unit}", today=WED) == furthest
    with pytest.raises(ParseError) as caught:
        parse_date(f"in {limit + 1} {unit}", today=WED)
    assert caught.value.message == f"“in {limit + 1} {unit}” is too far away; pick a nearer date."


def test_in_one_day_is_the_nearest_and_zero_is_refused():
    assert parse_date("in 1 day", today=WED) == date(2026, 12, 17)
    with pytest.raises(ParseError) as caught:
        parse_date("in 0 days", today=WED)
    assert caught.value.message == "“in 0 days” is too far away; pick a nearer date."


@pytest.mark.parametrize(("today", "expected"), [
    (date(2027, 1, 31), date(2027, 2, 28)),
    (date(2028, 1, 31), date(2028, 2, 29)),
    (date(2026, 12, 31), date(2027, 1, 31)),
    (date(2026, 11, 30), date(2026, 12, 30)),
])
def test_a_month_later_keeps_the_day_clamped_to_the_month(today, expected):
    assert parse_date("in 1 month", today=today) == expected


def test_months_beyond_year_9999_are_refused():
    assert parse_date("in 1 month", today=date(9999, 11, 30)) == date(9999, 12, 30)
    with pytest.raises(ParseError) as caught:
        parse_date("in 1 month", today=date(9999, 12, 1))
    assert caught.value.message == "That date is beyond the end of the calendar."


@pytest.mark.parametrize(("today", "friday", "next_friday"), [
    (MON, 4, 11), (WED, 2, 9), (FRI, 7, 7), (SAT, 6, 6), (SUN, 5, 5),
])
def test_friday_and_next_friday_from_each_day(today, friday, next_friday):
    assert parse_date("friday", today=today) == today + timedelta(days=friday)
    assert parse_date("next friday", today=today) == today + timedelta(days=next_friday)


@pytest.mark.parametrize(("today", "days"), [(MON, 7), (SUN, 1), (SAT, 2)])
def test_monday_from_each_day(today, days):
    assert parse_date("monday", today=today) == today + timedelta(days=days)
    assert parse_date("next monday", today=today) == today + timedelta(days=days if today != MON else 7)


@pytest.mark.parametrize(("text", "message"), [
    ("", "I expected a date."),
    ("friday extra", "I couldn't read the date “friday extra”."),
    ("2026-02-30", "The date “2026-02-30” doesn't exist on the calendar."),
    ("31/12", "I couldn't read the date “31/12”."),
    ("in", "I couldn't read the date “in”."),
    ("in 3", "I couldn't read the date “in 3”."),
    ("in 3 fortnights", "I couldn't read the date “in 3 fortnights”."),
    ("in many days", "I couldn't read the date “in many days”."),
    ("in 3x", "I couldn't read the date “in 3x”."),
    ("in 12345 days", "I couldn't read the date “in 12345 days”."),
    ("next", "I couldn't read the date “next”."),
])
def test_each_date_refusal_says_why(text, message):
    with pytest.raises(ParseError) as caught:
        parse_date(text, today=WED)
    assert caught.value.message == message
    assert caught.value.example == "{today+14}, tomorrow, friday, next friday, in 3 days, in 2 weeks"


def test_the_end_of_the_calendar_message():
    with pytest.raises(ParseError) as caught:
        parse_date("tomorrow", today=date.max)
    assert caught.value.message == "That date is beyond the end of the calendar."


def test_take_date_out_of_range_message():
    for tokens, start in (([], 0), (["friday"], 1), (["friday"], -1)):
        with pytest.raises(ParseError) as caught:
            take_date(tokens, start, today=WED)
        assert caught.value.message == "I expected a date here."


def test_take_date_lengths():
    assert take_date(["in", "2", "weeks", "x"], 0, today=WED) == (date(2026, 12, 30), 3)
    assert take_date(["x", "in", "2w", "y"], 1, today=WED) == (date(2026, 12, 30), 3)
    assert take_date(["next", "monday", "x"], 0, today=WED) == (date(2026, 12, 21), 2)
    assert take_date(["in 2 weeks", "x"], 0, today=WED) == (date(2026, 12, 30), 1)


@pytest.mark.parametrize(("text", "message"), [
    ("2026-12-24..2026-12-26..2026-12-28", "I couldn't read the date “2026-12-26..2026-12-28”."),
    ("..2026-12-24", "I couldn't read the dates “..2026-12-24”; give a start and an end."),
    ("2026-12-24..", "I couldn't read the dates “2026-12-24..”; give a start and an end."),
    ("2027-01-02..2026-12-24", "The range ends (2026-12-24) before it starts (2027-01-02)."),
])
def test_each_range_refusal_says_why(text, message):
    with pytest.raises(ParseError) as caught:
        parse_date_range(text, today=WED)
    assert caught.value.message == message
    assert caught.value.example == ("{today+17}..{today+26}" if "2026-12-26" not in text else
                                    "{today+14}, tomorrow, friday, next friday, in 3 days, in 2 weeks")


@pytest.mark.parametrize("separator", ["..", "...", "…", "–", "—", " to ", " - ", " .. ", " – "])
def test_every_range_separator(separator):
    assert parse_date_range(f"2026-12-24{separator}2027-01-02", today=WED) == (date(2026, 12, 24), date(2027, 1, 2))
