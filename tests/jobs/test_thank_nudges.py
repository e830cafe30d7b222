"""Thank-you nudges: one a week per engagement, a Send thanks button that posts in the channel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.models import Task, Thanks
from bot.db.session import transaction
from bot.slack import ids
from jobs import thank_nudges
from jobs.context import start as tick
from tests.jobs.conftest import MARIA, OWNER, PROJECT, add_engagement

TUESDAY_TEN = datetime(2027, 3, 9, 10, tzinfo=UTC)


def sweep(runtime, client, now):  # type: ignore[no-untyped-def]
    return list(thank_nudges.sweep(tick(runtime, client, now=now)))


def test_thirty_days_without_thanks_nudges_once_a_week(runtime, client, emulator):
    add_engagement(runtime)
    [line] = sweep(runtime, client, TUESDAY_TEN)
    assert "(silence)" in line and "2027-W10" in line
    assert sweep(runtime, client, TUESDAY_TEN + timedelta(days=2)) == []
    assert len(sweep(runtime, client, TUESDAY_TEN + timedelta(days=7))) == 1


def test_an_on_time_task_is_the_reason_and_send_thanks_posts_in_the_channel(runtime, client, emulator, slack):
    [engagement_id] = add_engagement(runtime)
    with transaction(runtime.sessions) as session:
        session.add(Thanks(team_id="T1", engagement_id=engagement_id, from_user=OWNER, to_user=MARIA, reason="x",
                           channel_id=PROJECT, created_at=TUESDAY_TEN - timedelta(days=3)))
    assert sweep(runtime, client, TUESDAY_TEN) == []  # thanked recently, nothing new
    with transaction(runtime.sessions) as session:
        session.add(Task(engagement_id=engagement_id, number=1, title="Homepage", status="done",
                         done_at=TUESDAY_TEN - timedelta(hours=1), due_on=TUESDAY_TEN.date(),
                         created_at=TUESDAY_TEN, updated_at=TUESDAY_TEN))
    [line] = sweep(runtime, client, TUESDAY_TEN)
    assert "(task)" in line
    [nudge] = emulator.messages(emulator.dm_channel(OWNER))
    slack.click(ids.SEND_THANKS, user=OWNER, message=nudge)
    assert emulator.wait_for(lambda: emulator.messages(PROJECT))
    [post] = emulator.messages(PROJECT)
    assert f"<@{MARIA}>" in post["text"] and "on time" in post["text"]
    with runtime.sessions() as session:
        assert session.query(Thanks).count() == 2
