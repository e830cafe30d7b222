"""Soak: nobody answers for a simulated week (quick) or month (slow); counts match a calculation by hand.

The expected counts come from the rules as the product states them, not from the code: a prompt
at 10:00 Manila each working day, a reminder 4 working hours later, the owner alerted after 8
working hours of silence, within the owner's London working hours (both Mon-Fri 9-17).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.emulator.server import SlackEmulator
from bot.slack.app import make_client
from tests.faults.simulation import add_contractors, posted_keys, simulate
from tests.support.duties import Clock, migrated_runtime

MANILA, LONDON = ZoneInfo("Asia/Manila"), ZoneInfo("Europe/London")
START = datetime(2027, 3, 8, tzinfo=UTC)  # Monday


def working(instant: datetime, zone: ZoneInfo) -> bool:
    local = instant.astimezone(zone)
    return local.isoweekday() <= 5 and 9 <= local.hour < 17


def expected(end: datetime, step: timedelta) -> Counter[str]:
    """Per engagement: prompts, reminders and owner alerts the sweeps at each step should send by `end`."""
    counts: Counter[str] = Counter()
    sweeps = [START + step * i for i in range(int((end - START) / step) + 1)]
    day = START.astimezone(MANILA).date() - timedelta(days=1)
    while day <= end.astimezone(MANILA).date():
        prompt = datetime(day.year, day.month, day.day, 10, tzinfo=MANILA)
        if day.isoweekday() <= 5 and START <= prompt <= end:
            counts["checkin"] += 1
            counts["reminder"] += any(s >= prompt + timedelta(hours=4) and working(s, MANILA) for s in sweeps)
            following = day + timedelta(days=1)
            while following.isoweekday() > 5:
                following += timedelta(days=1)
            silence = datetime(following.year, following.month, following.day, 10, tzinfo=MANILA)  # 7 h + 1 h
            counts["owner-alert"] += any(s >= silence and working(s, LONDON) and s - prompt <= timedelta(days=14)
                                         for s in sweeps)
        day += timedelta(days=1)
    return counts


def soak(tmp_path, emulator: SlackEmulator, engagements: int, days: int) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(START)
    runtime = migrated_runtime(f"sqlite:///{tmp_path / 'soak.db'}", clock, emulator.api_url)
    try:
        add_contractors(runtime, emulator, engagements)
        end, step = START + timedelta(days=days), timedelta(hours=1)
        simulate(runtime, make_client(runtime), clock, START, end, step)
    finally:
        runtime.engine.dispose()
    keys = posted_keys(emulator)
    assert [key for key, n in keys.items() if n > 1] == []
    by_duty = Counter(key.split(":")[0] for key in keys)
    per_engagement = expected(end, step)
    assert {duty: by_duty[duty] for duty in per_engagement} == {
        duty: n * engagements for duty, n in per_engagement.items()}


def test_a_quiet_week_for_twenty_engagements(tmp_path, emulator: SlackEmulator) -> None:
    soak(tmp_path, emulator, engagements=20, days=7)


@pytest.mark.slow
@pytest.mark.timeout(600)  # 720 hourly ticks of every sweep: about 140 s on 2 cores
def test_a_quiet_month_for_two_hundred_engagements(tmp_path, emulator: SlackEmulator) -> None:
    soak(tmp_path, emulator, engagements=200, days=30)
