"""Weekday names shared by dates ("friday") and schedules ("mon-fri"): both take the same words."""

from __future__ import annotations

# ISO weekday numbers: Monday is 1, Sunday is 7.
WEEKDAY_NAMES: dict[str, int] = {
    "mon": 1,
    "monday": 1,
    "tue": 2,
    "tues": 2,
    "tuesday": 2,
    "wed": 3,
    "weds": 3,
    "wednesday": 3,
    "thu": 4,
    "thur": 4,
    "thurs": 4,
    "thursday": 4,
    "fri": 5,
    "friday": 5,
    "sat": 6,
    "saturday": 6,
    "sun": 7,
    "sunday": 7,
}


def weekday_number(word: str) -> int | None:
    """ISO weekday (1 = Monday) of a day name or abbreviation in any case, or None."""
    lowered = word.strip().lower()
    number = WEEKDAY_NAMES.get(lowered)
    if number is None and lowered.endswith("s"):
        number = WEEKDAY_NAMES.get(lowered[:-1])
    return number


def short_name(number: int) -> str:
    """The three-letter name of ISO weekday `number` (1 = mon), as people type it in checkins=."""
    return ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[number - 1]
