"""Jumping the sandbox clock: move it in 15-minute steps and run the due sweeps at each step.

Sweeps look for what is due *at* `now` (a check-in slot within its grace window, a payment past
its date, a follow-up inside someone's working hours), so one sweep at the target would skip what
fell due on the way. A step every 15 minutes sees what the minute-by-minute scheduler would have
seen. Jumps longer than a day step every two hours: the narrowest window the sweeps use is the
3-hour grace of a check-in slot, and one pass of all sweeps costs 0.1-0.2 s on SQLite. Long jumps
replay only their last MAX_REPLAY: the bot would skip older slots as stale anyway.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.instance import SandboxInstance
from jobs import run_due

logger = logging.getLogger(__name__)

STEP = timedelta(minutes=15)
LONG_STEP = timedelta(hours=2)
MAX_REPLAY = timedelta(days=15)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "15 Feb", "Mon 15 Feb 2027 09:30", "15/2 9:30", "15/02/2027": day first, as every date on the page.
_DAY_MONTH = re.compile(
    r"^(?:[a-z]{3,9},?\s+)?(?P<day>\d{1,2})(?:\s+(?P<name>[a-z]{3,9})\.?|/(?P<num>\d{1,2}))"
    r"(?:[\s/,]+(?P<year>\d{4}))?(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2})[:.h](?P<minute>\d{2}))?$"
)
EXAMPLE = "15 Feb 09:00"


class PastMoment(ValueError):
    """A jump to a moment the sandbox has already passed: its clock only moves forward."""


def jump_to(sandbox: SandboxInstance, target: datetime) -> list[str]:
    """Move the clock to `target`, running the sweeps along the way; returns what was sent."""
    sent: list[str] = []
    with sandbox.jump_lock:
        start = sandbox.clock()
        if target <= start:
            return sent
        step_at = max(start, target - MAX_REPLAY)
        step = STEP if target - start <= timedelta(days=1) else LONG_STEP
        while step_at < target:
            step_at = min(step_at + step, target)
            now = sandbox.clock.set(step_at)
            sent.extend(run_due(sandbox.runtime, sandbox.client, now=now))
    logger.info("jumped to %s; sent %d messages", target.isoformat(), len(sent))
    return sent


def next_monday_nine(now: datetime, tz: str) -> datetime:
    """The next Monday 09:00 in zone `tz` strictly after `now`."""
    local = now.astimezone(ZoneInfo(tz))
    days = (7 - local.weekday()) % 7 or 7
    monday = (local + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    if local.weekday() == 0 and local.hour < 9:
        monday = local.replace(hour=9, minute=0, second=0, microsecond=0)
    return monday


def parse_moment(text: str, now: datetime, tz: str) -> datetime:
    """A typed moment in zone `tz`, day before month ("15 Feb 09:00"; ISO also works).

    The year defaults to the sandbox's current one and the time to 09:00, the start of a
    working day. Anything else is a ValueError whose message shows an example.
    """
    zone = ZoneInfo(tz)
    cleaned = " ".join(text.strip().lower().split())
    try:
        instant = datetime.fromisoformat(cleaned.upper() if "t" in cleaned[:11] else cleaned)
    except ValueError:
        instant = None
    if instant is not None:
        return instant if instant.tzinfo else instant.replace(tzinfo=zone)
    match = _DAY_MONTH.match(cleaned)
    month = None
    if match and match["name"]:
        month = next((n for n, m in enumerate(MONTHS, 1) if match["name"].startswith(m)), None)
    elif match:
        month = int(match["num"])
    if match is None or month is None:
        raise ValueError(f"I could not read “{text.strip()}” as a day: type it day first, e.g. {EXAMPLE}")
    year = int(match["year"]) if match["year"] else now.astimezone(zone).year
    hour, minute = (int(match["hour"]), int(match["minute"])) if match["hour"] else (9, 0)
    try:
        return datetime(year, month, int(match["day"]), hour, minute, tzinfo=zone)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is no date on the calendar: try e.g. {EXAMPLE}") from None


def describe(instant: datetime, tz: str) -> str:
    """'Tue 2 Feb 2027, 09:00' in zone `tz`: the day-month order the whole page uses."""
    local = instant.astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"


def target_of(preset: str, now: datetime, tz: str, at: str | None = None) -> datetime:
    """The instant a jump button means: "+1h", "+1d", "+1w", "monday" or "at" (a typed moment).

    A moment that is not after `now` raises PastMoment: the clock never goes back (the bot's
    ledger and the emulator's history already hold what happened), only Reset starts over.
    """
    steps = {"+1h": timedelta(hours=1), "+1d": timedelta(days=1), "+1w": timedelta(weeks=1)}
    if preset in steps:
        return now + steps[preset]
    if preset == "monday":
        return next_monday_nine(now, tz)
    if preset == "at":
        if not at or not at.strip():
            raise ValueError(f"Type a day to jump to first, day before month, e.g. {EXAMPLE}")
        instant = parse_moment(at, now, tz)
        if instant <= now:
            raise PastMoment(
                f"Time only moves forward in the sandbox: it is already {describe(now, tz)} here, "
                f"so {describe(instant, tz)} has passed. Pick a later moment, or press Reset to "
                "start again from the beginning."
            )
        return instant
    raise ValueError(f"unknown jump {preset!r}")
