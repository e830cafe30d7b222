"""The text grammar of /availability: anyone's own zone, working days and hours, country and time off.

The options and their validation are /contractor's (bot.text.schedule, bot.text.dates); the
examples are dated from the speaker's today, so an example never suggests days already past.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.roster.availability import WorkPattern
from bot.slack.grammar.common import first_word, with_example
from bot.text import schedule
from bot.text.dates import parse_date_range
from bot.text.errors import ParseError, shown
from bot.text.tokens import split_args, tokenize

SET_EXAMPLE = "/availability hours=09:00-17:00 days=mon-fri country=GB tz=Europe/London"
KEYS = {"tz", "hours", "days", "country"}


@dataclass(frozen=True)
class AvailabilityCommand:
    """A parsed /availability: show, help, set (a pattern) or away (a date range)."""

    action: str
    pattern: WorkPattern | None = None
    away: tuple[date, date] | None = None


def away_example(today: date) -> str:
    """`/availability away` two weeks from today, for a week."""
    start = today + timedelta(days=14)
    return f"/availability away {start.isoformat()}..{(start + timedelta(days=7)).isoformat()}"


def parse(text: str, *, today: date) -> AvailabilityCommand:
    """Read /availability text; empty shows the speaker's availability."""
    action, rest = first_word(text)
    if not action:
        return AvailabilityCommand("show")
    if action in ("help", "show"):
        if rest:
            raise ParseError(f"`/availability {action}` takes nothing after it.", "/availability")
        return AvailabilityCommand(action)
    if action == "away":
        return AvailabilityCommand("away", away=parse_away(rest, today=today))
    return AvailabilityCommand("set", pattern=parse_pattern(tokenize(text)))


def parse_away(text: str, *, today: date) -> tuple[date, date]:
    """A range of days off that has not ended yet."""
    example = away_example(today)
    if not text.strip():
        raise ParseError("Give the days off as a range of dates.", example)
    start, end = with_example(lambda: parse_date_range(text.strip(), today=today), example)
    if end < today:
        raise ParseError(f"That time off ended on {end.isoformat()}, before today ({today.isoformat()}).", example)
    return start, end


def parse_pattern(tokens: list[str]) -> WorkPattern:
    """hours=, days=, tz= and country=, each validated as /contractor validates them."""
    args = with_example(lambda: split_args(tokens, keys=KEYS), SET_EXAMPLE)
    if args.positional:
        raise ParseError(f"I don't understand {shown(' '.join(args.positional))}. Set hours=, days=, tz= or "
                         "country=, or use away or help.", SET_EXAMPLE)
    options = args.options
    return WorkPattern(
        tz=with_example(lambda: schedule.parse_timezone(options["tz"]), SET_EXAMPLE) if "tz" in options else None,
        days=with_example(lambda: schedule.parse_days(options["days"]), SET_EXAMPLE) if "days" in options else None,
        hours=with_example(lambda: schedule.parse_hours(options["hours"]), SET_EXAMPLE)
        if "hours" in options else None,
        country=with_example(lambda: schedule.parse_country(options["country"]), SET_EXAMPLE)
        if "country" in options else None,
    )
