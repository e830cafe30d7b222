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
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.sandbox.instance import SandboxInstance
from jobs import run_due

logger = logging.getLogger(__name__)

STEP = timedelta(minutes=15)
LONG_STEP = timedelta(hours=2)
MAX_REPLAY = timedelta(days=15)


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
        sandbox.jumped_days += (target - start).total_seconds() / 86400
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


def target_of(preset: str, now: datetime, tz: str, at: str | None = None) -> datetime:
    """The instant a jump button means: "+1h", "+1d", "+1w", "monday" or "at" (local ISO time)."""
    steps = {"+1h": timedelta(hours=1), "+1d": timedelta(days=1), "+1w": timedelta(weeks=1)}
    if preset in steps:
        return now + steps[preset]
    if preset == "monday":
        return next_monday_nine(now, tz)
    if preset == "at":
        if not at:
            raise ValueError("pick a date and time to jump to first")
        instant = datetime.fromisoformat(at)
        return instant if instant.tzinfo else instant.replace(tzinfo=ZoneInfo(tz))
    raise ValueError(f"unknown jump {preset!r}")
