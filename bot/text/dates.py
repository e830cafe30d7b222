"""Dates as people type them in Slack, resolved against the speaker's own today.

Rules (all case-insensitive):
- `2026-12-20`: an ISO date.
- `today`, `tomorrow` (also `tmrw`), `yesterday` (a payment already overdue; where a date must
  not be past, the caller says so).
- a bare weekday (`friday`, `fri`): the next such day strictly after today, 1 to 7 days ahead;
  so `friday` said on a Friday means a week later (say `today` for today).
- `next friday`: that weekday in the calendar week (Monday to Sunday) after this one. On a
  Wednesday, `friday` is in 2 days and `next friday` in 9; on a Saturday both mean the coming
  Friday, 6 days on.
- `in 3 days`, `in 2 weeks`, `in 1 month` (also `in a week`, `in 3d`, `in 2w`); months keep the day
  of the month, clamped to the month's end (Jan 31 + 1 month = Feb 28 or 29).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.text.errors import ParseError, bounded, shown
from bot.text.weekdays import weekday_number

DATE_EXAMPLE = "{today+14}, tomorrow, friday, next friday, in 3 days, in 2 weeks"
RANGE_EXAMPLE = "{today+17}..{today+26}"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_COUNT_UNIT = re.compile(r"(\d{1,4})([a-z]+)", re.ASCII)
# Applied to text whose whitespace is already collapsed to single spaces (no nested \s* runs).
_RANGE_SPLIT = re.compile(r" ?(?:\.\.\.?|…|–|—) ?| to | - ", re.IGNORECASE)
_UNITS = {
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "mo": "months",
    "mos": "months",
    "month": "months",
    "months": "months",
}
_LIMITS = {"days": 3660, "weeks": 520, "months": 120}
_WORD_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def parse_date(text: str, *, today: date) -> date:
    """One date from the whole text; see the module docstring for the relative forms."""
    words = bounded(text, what="a date", example=DATE_EXAMPLE).split()
    if not words:
        raise ParseError("I expected a date.", DATE_EXAMPLE)
    value, end = take_date(words, 0, today=today)
    if end != len(words):
        raise ParseError(f"I couldn't read the date {shown(text)}.", DATE_EXAMPLE)
    return value


def take_date(tokens: list[str], start: int, *, today: date) -> tuple[date, int]:
    """The date that starts at tokens[start] (one to three words) and the index just after it."""
    if not 0 <= start < len(tokens):
        raise ParseError("I expected a date here.", DATE_EXAMPLE)
    word = tokens[start].strip().lower()
    if len(word.split()) > 1:  # a quoted "next friday" arrives as one token
        return parse_date(word, today=today), start + 1
    following = [t.strip().lower() for t in tokens[start + 1 : start + 3]]
    if word == "in":
        return _take_in(tokens[start], following, today), start + 1 + _in_length(following)
    if word == "next" and following and (day := weekday_number(following[0])) is not None:
        return _shift(today, _next_week_weekday(today, day)), start + 2
    return _single(tokens[start], today), start + 1


def _single(token: str, today: date) -> date:
    """A one-word date: ISO, today, tomorrow, yesterday or a weekday."""
    word = token.strip().lower()
    if word == "today":
        return today
    if word in ("tomorrow", "tmrw", "tmr"):
        return _shift(today, 1)
    if word == "yesterday":
        return _shift(today, -1)
    day = weekday_number(word)
    if day is not None:
        return _shift(today, _upcoming_weekday(today, day))
    match = _ISO.fullmatch(word)
    if match:
        year, month, dom = (int(g) for g in match.groups())
        try:
            return date(year, month, dom)
        except ValueError:
            raise ParseError(
                f"The date {shown(token)} doesn't exist on the calendar.", DATE_EXAMPLE
            ) from None
    raise ParseError(f"I couldn't read the date {shown(token)}.", DATE_EXAMPLE)


def _upcoming_weekday(today: date, day: int) -> int:
    """Days until the next `day` strictly after today (1..7)."""
    return (day - today.isoweekday() - 1) % 7 + 1


def _next_week_weekday(today: date, day: int) -> int:
    """Days until `day` in the Monday-to-Sunday week after today's (1..13)."""
    return 7 - today.isoweekday() + day


def _in_length(following: list[str]) -> int:
    """How many words after `in` belong to the date: `3 days` is two, `3d` is one."""
    if following and _COUNT_UNIT.fullmatch(following[0]):
        return 1
    return 2


def _take_in(first: str, following: list[str], today: date) -> date:
    """`in N days|weeks|months` relative to today."""
    if following and (match := _COUNT_UNIT.fullmatch(following[0])):
        count_text, unit_word = match.groups()
    elif len(following) == 2:
        count_text, unit_word = following
    else:
        raise ParseError(
            f"I couldn't read the date {shown(' '.join([first, *following]))}.", DATE_EXAMPLE
        )
    count = _WORD_COUNTS.get(count_text)
    if count is None and count_text.isascii() and count_text.isdigit() and len(count_text) <= 4:
        count = int(count_text)
    unit = _UNITS.get(unit_word)
    if count is None or unit is None:
        raise ParseError(
            f"I couldn't read the date {shown(' '.join([first, *following]))}.", DATE_EXAMPLE
        )
    if not 1 <= count <= _LIMITS[unit]:
        raise ParseError(f"“in {count} {unit}” is too far away; pick a nearer date.", DATE_EXAMPLE)
    if unit == "days":
        return _shift(today, count)
    if unit == "weeks":
        return _shift(today, 7 * count)
    return _add_months(today, count)


def _shift(today: date, days: int) -> date:
    """today + days, as a ParseError rather than a crash at the end of the calendar."""
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise ParseError("That date is beyond the end of the calendar.", DATE_EXAMPLE) from None


def _add_months(today: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    year, month_index = divmod(today.year * 12 + today.month - 1 + months, 12)
    if year > 9999:
        raise ParseError("That date is beyond the end of the calendar.", DATE_EXAMPLE)
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(today.day, last_day))


def parse_date_range(text: str, *, today: date) -> tuple[date, date]:
    """`start..end` (also `start to end`, `start – end`); one date alone is a one-day range."""
    parts = _RANGE_SPLIT.split(
        bounded(text, what="a date range", example=RANGE_EXAMPLE), maxsplit=1
    )
    if len(parts) == 1:
        single = parse_date(parts[0], today=today)
        return single, single
    if not parts[0] or not parts[1]:
        raise ParseError(
            f"I couldn't read the dates {shown(text)}; give a start and an end.", RANGE_EXAMPLE
        )
    start, end = parse_date(parts[0], today=today), parse_date(parts[1], today=today)
    if end < start:
        raise ParseError(
            f"The range ends ({end.isoformat()}) before it starts ({start.isoformat()}).",
            RANGE_EXAMPLE,
        )
    return start, end
