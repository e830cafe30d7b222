"""Dates as people type them, resolved against `today` in the speaker's own time zone.

Rules: a bare weekday ("friday", "fri") is the next such day after today (never today itself,
so "friday" said on a Friday means a week later); "next friday" is the same day one week
further on when that day falls in the current Monday-to-Sunday week, else the bare form.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.text.errors import ParseError

EXAMPLE = "2026-12-20, today, tomorrow, friday, next friday, in 3 days, in 2 weeks"
WEEKDAYS = {name: n for n, names in enumerate(
    (("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
     ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")), 1) for name in names}
IN_FORM = re.compile(r"^in (\d{1,3}) (day|days|week|weeks)$")


def local_today(now_utc: datetime, tz: str) -> date:
    """The date on the wall calendar of `tz` at the instant `now_utc`."""
    return now_utc.astimezone(ZoneInfo(tz)).date()


def parse_date(text: str, *, today: date) -> date:
    """One date from ISO or relative words."""
    words = " ".join(text.lower().split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
        try:
            return date.fromisoformat(words)
        except ValueError:
            raise ParseError(f"“{text[:20]}” is not a real date.", EXAMPLE) from None
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if words in WEEKDAYS:
        return _next_weekday(today, WEEKDAYS[words])
    if words.startswith("next ") and words[5:] in WEEKDAYS:
        bare = _next_weekday(today, WEEKDAYS[words[5:]])
        same_week = bare - timedelta(days=bare.isoweekday() - 1) == today - timedelta(days=today.isoweekday() - 1)
        return bare + timedelta(days=7) if same_week else bare
    match = IN_FORM.match(words)
    if match:
        count = int(match.group(1))
        return today + timedelta(days=count * (7 if match.group(2).startswith("week") else 1))
    raise ParseError(f"I couldn't read the date “{text[:30]}”.", EXAMPLE)


def _next_weekday(today: date, weekday: int) -> date:
    ahead = (weekday - today.isoweekday()) % 7 or 7
    return today + timedelta(days=ahead)


def take_date(tokens: list[str], start: int, *, today: date) -> tuple[date, int]:
    """Read a date of one to three words from tokens[start:]; returns (date, next index)."""
    for length in (3, 2, 1):
        words = tokens[start : start + length]
        if len(words) < length:
            continue
        try:
            return parse_date(" ".join(words), today=today), start + length
        except ParseError:
            continue
    shown = tokens[start] if start < len(tokens) else "nothing"
    raise ParseError(f"I couldn't read the date “{shown[:30]}”.", EXAMPLE)


def parse_date_range(text: str, *, today: date) -> tuple[date, date]:
    """`2026-12-24..2027-01-02` (or `A to B`), inclusive; the end may not precede the start."""
    parts = re.split(r"\.\.|\s+to\s+", text.strip(), maxsplit=1)
    if len(parts) != 2:
        raise ParseError("Give a range like 2026-12-24..2027-01-02.", "2026-12-24..2027-01-02")
    start, end = (parse_date(p, today=today) for p in parts)
    if end < start:
        raise ParseError("The range ends before it starts.", "2026-12-24..2027-01-02")
    return start, end
