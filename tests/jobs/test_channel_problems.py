"""When Slack refuses an engagement's messages because its channel is closed to the bot, the owner hears of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.models import Engagement
from bot.domain.delivery import ledger
from jobs import channel_problems, run_due
from tests.jobs.conftest import OWNER, PROJECT, add_engagement
from tests.support.shown import shown

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila: Maria's check-in prompt; 02:00 in London
LONDON_NINE = datetime(2027, 3, 8, 9, tzinfo=UTC)  # the owner's working day begins


def tick(runtime, client, clock, now: datetime) -> list[str]:  # type: ignore[no-untyped-def]
    """Every sweep runs (as each minute); the duties of what went out, but the owner's Monday-morning others."""
    clock.now = now
    lines = [line.split()[0] for line in run_due(runtime, client, now=now)]
    return [duty for duty in lines if duty in (channel_problems.DUTY, "checkin_prompt")]


def notes(emulator) -> list[str]:  # type: ignore[no-untyped-def]
    """What the owner was told about channels (their other DMs left out)."""
    return [shown(m) for m in emulator.messages(emulator.dm_channel(OWNER))
            if m["metadata"]["event_payload"]["key"].startswith(channel_problems.DUTY)]


def test_an_archived_channel_is_reported_to_the_owner_once_a_day_in_their_hours(runtime, client, emulator, clock):
    add_engagement(runtime)
    emulator.archive_channel(PROJECT)
    assert tick(runtime, client, clock, MONDAY_TEN) == []  # refused, and 02:00 is no time to tell the owner
    with runtime.sessions() as session:
        assert ledger.refused(session, errors={"is_archived"}, since=MONDAY_TEN) == {PROJECT: {"is_archived"}}
    assert tick(runtime, client, clock, LONDON_NINE) == [channel_problems.DUTY]
    [note] = notes(emulator)
    assert f"<#{PROJECT}> is archived" in note and "Unarchive" in note and "Home tab" in note
    assert tick(runtime, client, clock, LONDON_NINE + timedelta(hours=3)) == []  # once that day
    assert emulator.messages(PROJECT) == []  # nothing about it where the agency may read


def test_unarchived_in_time_the_waiting_prompt_goes_out_and_nothing_more_is_said(runtime, client, emulator, clock):
    add_engagement(runtime)
    emulator.archive_channel(PROJECT)
    tick(runtime, client, clock, MONDAY_TEN)
    emulator.archive_channel(PROJECT, archived=False)
    assert tick(runtime, client, clock, MONDAY_TEN + timedelta(minutes=1)) == ["checkin_prompt"]
    assert len(emulator.messages(PROJECT)) == 1
    assert tick(runtime, client, clock, LONDON_NINE) == [] and notes(emulator) == []


def test_a_private_channel_the_bot_was_removed_from_asks_for_an_invite(runtime, client, emulator, clock):
    add_engagement(runtime)
    emulator.add_channel("G0PRIVATE", name="private-site", is_private=True, members=[OWNER])
    with runtime.sessions.begin() as session:
        session.query(Engagement).update({"channel_id": "G0PRIVATE"})
    emulator.remove_member("G0PRIVATE", emulator.bot_user_id)
    tick(runtime, client, clock, MONDAY_TEN)
    assert tick(runtime, client, clock, LONDON_NINE) == [channel_problems.DUTY]
    [note] = notes(emulator)
    assert "can't find <#G0PRIVATE>" in note and "/invite @Tandem" in note


def test_other_refusals_are_not_reported(runtime, client, emulator, clock):
    add_engagement(runtime)
    emulator.fail_next("chat.postMessage", status=200, error="msg_too_long")
    tick(runtime, client, clock, MONDAY_TEN)
    with runtime.sessions() as session:
        assert ledger.get(session, "checkin:1:2027-03-08").last_error == "msg_too_long"
    assert tick(runtime, client, clock, LONDON_NINE) == [] and notes(emulator) == []


def test_a_paused_engagement_is_not_reported(runtime, client, emulator, clock):
    add_engagement(runtime)
    emulator.archive_channel(PROJECT)
    tick(runtime, client, clock, MONDAY_TEN)
    with runtime.sessions.begin() as session:
        session.query(Engagement).update({"status": "paused"})
    assert tick(runtime, client, clock, LONDON_NINE) == [] and notes(emulator) == []
