"""Snoozes: an owner's prompt comes back in its thread; a snoozed check-in pushes back its follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.models import Delivery, Engagement
from bot.db.session import transaction
from bot.domain.recognition import feedback
from bot.domain.roster import people
from bot.domain.schedule import prompt_snoozes, snoozes
from bot.slack import ids
from jobs import feedback_prompts, run_due
from jobs import prompt_snoozes as prompt_snooze_sweep
from jobs.context import start as tick
from tests.jobs.conftest import MARIA, OWNER, PROJECT, add_engagement

TUESDAY_TEN = datetime(2027, 3, 9, 10, tzinfo=UTC)  # 10:00 London, the owner's working hours
MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila


def test_an_owner_snoozes_a_feedback_prompt_and_it_comes_back_once_in_its_thread(runtime, client, emulator,
                                                                                    clock, slack):
    add_engagement(runtime)
    list(feedback_prompts.sweep(tick(runtime, client, now=TUESDAY_TEN)))
    dm = emulator.dm_channel(OWNER)
    [prompt] = emulator.messages(dm)
    clock.now = TUESDAY_TEN + timedelta(minutes=5)
    slack.click(ids.SNOOZE_PROMPT, user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: emulator.ephemerals(user=OWNER) or emulator.responses)
    back = TUESDAY_TEN + timedelta(hours=2, minutes=5)
    assert list(prompt_snooze_sweep.sweep(tick(runtime, client, now=back - timedelta(minutes=1)))) == []
    [line] = list(prompt_snooze_sweep.sweep(tick(runtime, client, now=back)))
    assert line.startswith(prompt_snoozes.NUDGE_DUTY)
    assert list(prompt_snooze_sweep.sweep(tick(runtime, client, now=back + timedelta(minutes=30)))) == []
    [nudge] = emulator.messages(dm, thread_ts=prompt["ts"])
    assert "Back from snooze" in nudge["text"] and len(emulator.messages(dm)) == 1  # in the thread only


def test_snoozing_an_owner_prompt_at_five_brings_it_back_next_morning_and_again_moves_it(runtime, client, emulator):
    add_engagement(runtime)
    list(feedback_prompts.sweep(tick(runtime, client, now=TUESDAY_TEN)))
    [prompt] = emulator.messages(emulator.dm_channel(OWNER))
    with runtime.sessions() as session:
        channel = session.query(Delivery).filter(Delivery.duty == feedback.DUTY).one().channel_id
    with transaction(runtime.sessions) as session:
        owner = people.get(session, team_id="T1", user_id=OWNER)
        until = prompt_snoozes.snooze(session, person=owner, channel_id=channel, prompt_ts=prompt["ts"],
                                      now=datetime(2027, 3, 9, 16, 30, tzinfo=UTC))
    assert until == datetime(2027, 3, 10, 9, tzinfo=UTC)  # 18:30 is after hours: 09:00 London next day
    with transaction(runtime.sessions) as session:
        owner = people.get(session, team_id="T1", user_id=OWNER)
        until = prompt_snoozes.snooze(session, person=owner, channel_id=channel, prompt_ts=prompt["ts"],
                                      now=datetime(2027, 3, 10, 9, 30, tzinfo=UTC))
    assert until == datetime(2027, 3, 10, 11, 30, tzinfo=UTC)
    assert list(prompt_snooze_sweep.sweep(tick(runtime, client, now=datetime(2027, 3, 10, 9, 5, tzinfo=UTC)))) == []


def test_a_snoozed_check_in_counts_its_sla_from_the_end_of_the_snooze(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, sla_hours=4, days="12345")
    friday = MONDAY_TEN + timedelta(days=4)  # Friday 12th 10:00 Manila (Tuesday 9th is a holiday)
    list(run_due(runtime, client, now=friday))
    [prompt] = emulator.messages(PROJECT)
    with transaction(runtime.sessions) as session:
        until = snoozes.snooze(session, engagement=session.get_one(Engagement, engagement_id), user_id=MARIA,
                               local_date=date(2027, 3, 12), channel_id=PROJECT, prompt_ts=prompt["ts"],
                               now=friday + timedelta(minutes=30))
    assert until == friday + timedelta(hours=2, minutes=30)  # 12:30 Manila
    at = lambda hours: friday + timedelta(hours=hours)  # noqa: E731
    lines = [(h, line.split()[0]) for h in (2.5, 4, 5, 6, 6.5) for line in run_due(runtime, client, now=at(h))]
    # Without the snooze the reminder would come at 14:00 (4 h after 10:00); now 4 h after 12:30.
    assert [(h, d) for h, d in lines if d in (snoozes.NUDGE_DUTY, "checkin_reminder")] == [
        (2.5, snoozes.NUDGE_DUTY), (6.5, "checkin_reminder")]
    replies = emulator.messages(PROJECT, thread_ts=prompt["ts"])
    assert len(replies) == 2


def test_follow_ups_without_a_snooze_start_at_the_prompt(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, sla_hours=4, days="12345")
    friday = MONDAY_TEN + timedelta(days=4)
    list(run_due(runtime, client, now=friday))
    lines = [(h, line.split()[0]) for h in (3.5, 4)
             for line in run_due(runtime, client, now=friday + timedelta(hours=h))]
    assert [(h, d) for h, d in lines if d == "checkin_reminder"] == [(4, "checkin_reminder")]
    with runtime.sessions() as session:
        assert snoozes.ends(session, [(engagement_id, date(2027, 3, 12))]) == {}
