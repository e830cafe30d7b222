"""The sandbox clock and the jump buttons' arithmetic."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.sandbox.clock import SandboxClock
from bot.sandbox.timetravel import PastMoment, next_monday_nine, target_of

START = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # a Monday


def test_clock_starts_where_asked_and_only_moves_forward() -> None:
    clock = SandboxClock(START)
    assert abs(clock() - START) < timedelta(seconds=1)
    clock.advance(timedelta(days=2))
    assert abs(clock() - (START + timedelta(days=2))) < timedelta(seconds=1)
    clock.set(START)  # the past is ignored: the bot's ledger assumes time never goes back
    assert clock() > START + timedelta(days=1)


def test_real_message_times_map_back_to_the_sandbox_time_they_were_sent_at() -> None:
    clock = SandboxClock(START)
    before = time.time()
    time.sleep(0.01)
    clock.advance(timedelta(days=7))
    after = time.time()
    assert abs(clock.at(before) - START) < timedelta(seconds=1)
    assert abs(clock.at(after) - (START + timedelta(days=7))) < timedelta(seconds=1)


def test_next_monday_nine_is_in_the_persons_zone() -> None:
    tuesday = datetime(2027, 2, 2, 12, 0, tzinfo=UTC)
    assert next_monday_nine(tuesday, "Europe/London") == datetime(2027, 2, 8, 9, 0, tzinfo=UTC)
    manila = next_monday_nine(tuesday, "Asia/Manila")
    assert manila.isoformat() == "2027-02-08T09:00:00+08:00"
    early_monday = datetime(2027, 2, 1, 7, 0, tzinfo=UTC)
    assert next_monday_nine(early_monday, "Europe/London").day == 1


def test_jump_targets() -> None:
    assert target_of("+1h", START, "UTC") == START + timedelta(hours=1)
    assert target_of("+1d", START, "UTC") == START + timedelta(days=1)
    assert target_of("+1w", START, "UTC") == START + timedelta(weeks=1)
    bogota = target_of("at", START, "America/Bogota", "2027-02-03T10:00")
    assert bogota.isoformat() == "2027-02-03T10:00:00-05:00"


def test_typed_moments_are_read_day_first_in_the_persons_zone() -> None:
    london = "Europe/London"
    for typed in ("3 Feb 10:30", "Wed 3 Feb 2027 10:30", "3/2 10:30", "3 february, 10:30"):
        assert target_of("at", START, london, typed) == datetime(2027, 2, 3, 10, 30, tzinfo=UTC), typed
    assert target_of("at", START, london, "3 Feb") == datetime(2027, 2, 3, 9, 0, tzinfo=UTC)  # a day's start
    with pytest.raises(ValueError, match="day first, e.g. 15 Feb 09:00"):
        target_of("at", START, london, "next blue moon")
    with pytest.raises(ValueError, match="no date on the calendar"):
        target_of("at", START, london, "31 Feb")


def test_a_moment_in_the_past_says_time_only_moves_forward() -> None:
    with pytest.raises(PastMoment) as past:
        target_of("at", START, "Europe/London", "1 Feb 08:00")
    assert "only moves forward" in str(past.value) and "Mon 1 Feb 2027, 09:00" in str(past.value)
    assert "Reset" in str(past.value)
    with pytest.raises(PastMoment):
        target_of("at", START, "Europe/London", "2027-02-01T09:00")  # now is not later than now
