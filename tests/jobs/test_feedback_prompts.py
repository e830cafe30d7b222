"""Feedback prompts: owner DMs every other week and after a task is done; ratings, comment, sharing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.models import Feedback, Task
from bot.db.session import transaction
from bot.slack import ids
from jobs import feedback_prompts
from jobs.context import start as tick
from tests.jobs.conftest import MARIA, OWNER, PROJECT, add_engagement

TUESDAY_TEN = datetime(2027, 3, 9, 10, tzinfo=UTC)  # 10:00 London, the owner's working hours


def sweep(runtime, client, now):  # type: ignore[no-untyped-def]
    return list(feedback_prompts.sweep(tick(runtime, client, now=now)))


def finish_task(runtime, engagement_id: int, done_at: datetime) -> None:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        session.add(Task(engagement_id=engagement_id, number=1, title="Homepage", status="done", done_at=done_at,
                         due_on=done_at.date(), created_at=done_at, updated_at=done_at))


def test_periodic_prompt_once_per_period_without_a_catch_up_burst(runtime, client, emulator):
    add_engagement(runtime)
    assert len(sweep(runtime, client, TUESDAY_TEN)) == 1  # started 2027-01-01: latest period only
    assert sweep(runtime, client, TUESDAY_TEN + timedelta(minutes=1)) == []
    assert sweep(runtime, client, TUESDAY_TEN + timedelta(days=7)) == []
    [line] = sweep(runtime, client, TUESDAY_TEN + timedelta(days=14))
    assert "feedback:1:every:" in line
    assert len(emulator.messages(emulator.dm_channel(OWNER))) == 2 and emulator.messages(PROJECT) == []


def test_a_done_task_prompts_in_the_owners_hours(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    sweep(runtime, client, TUESDAY_TEN)
    finish_task(runtime, engagement_id, TUESDAY_TEN + timedelta(hours=10))  # 20:00 London
    assert sweep(runtime, client, TUESDAY_TEN + timedelta(hours=11)) == []
    [line] = sweep(runtime, client, TUESDAY_TEN + timedelta(days=1))
    assert ":done:" in line and "(task)" in line


def test_ratings_comment_and_share(runtime, client, emulator, slack):
    add_engagement(runtime)
    sweep(runtime, client, TUESDAY_TEN)
    [prompt] = emulator.messages(emulator.dm_channel(OWNER))
    assert sum(b["type"] == "actions" for b in prompt["blocks"]) == 4 and "Snooze 2 h" in str(prompt["blocks"])
    slack.click(f"{ids.RATE_FEEDBACK}_quality_5", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: emulator.calls_to("chat.update"))
    slack.click(f"{ids.RATE_FEEDBACK}_timeliness_3", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: len(emulator.calls_to("chat.update")) == 2)
    slack.post_message(OWNER, emulator.dm_channel(OWNER), "Great homepage", thread_ts=prompt["ts"],
                       files=["review.pdf"])  # a comment with a file attached is still the comment
    assert emulator.wait_for(lambda: emulator.calls_to("reactions.add"))
    with runtime.sessions() as session:
        [row] = session.query(Feedback).all()
        assert (row.quality, row.timeliness, row.communication, row.comment) == (5, 3, None, "Great homepage")
    assert "✓ 5" in str(emulator.messages(emulator.dm_channel(OWNER))[0]["blocks"])
    [comment_message] = emulator.messages(emulator.dm_channel(OWNER), thread_ts=prompt["ts"])

    def comment() -> str:
        with runtime.sessions() as session:
            return session.query(Feedback).one().comment

    # Each event is acknowledged at once and handled after: wait for what each one leaves behind.
    slack.edit_message(OWNER, emulator.dm_channel(OWNER), comment_message["ts"], "Great homepage, fast too")
    assert emulator.wait_for(lambda: comment() == "Great homepage, fast too")
    slack.post_message(OWNER, emulator.dm_channel(OWNER), "Loved the demo", thread_ts=prompt["ts"])
    assert emulator.wait_for(lambda: comment() == "Great homepage, fast too\nLoved the demo")
    slack.click(ids.SHARE_FEEDBACK, user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: emulator.messages(emulator.dm_channel(MARIA)))
    [shared] = emulator.messages(emulator.dm_channel(MARIA))
    assert "Quality 5/5" in shared["blocks"][0]["text"]["text"] and "Great homepage" in str(shared["blocks"])
    with runtime.sessions() as session:
        assert session.query(Feedback).one().shared_at is not None
    assert emulator.messages(PROJECT) == []
