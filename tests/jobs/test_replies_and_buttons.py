"""Thread replies and buttons on scheduled messages, through the real Bolt app over signed HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.models import Checkin, Engagement, Payment
from bot.domain.checkin import checkins
from bot.domain.checkin.checkins import Report
from bot.domain.schedule import snoozes
from bot.slack import ids
from jobs import payment_alerts, run_due
from jobs.context import start as tick
from tests.jobs.conftest import BYSTANDER, MARIA, OWNER, PROJECT, add_engagement, add_payment

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila


def prompt(runtime, client, emulator, clock):  # type: ignore[no-untyped-def]
    add_engagement(runtime, sla_hours=4)
    clock.now = MONDAY_TEN
    list(run_due(runtime, client, now=MONDAY_TEN))
    [message] = emulator.messages(PROJECT)
    return message


def checkins_of(runtime) -> list[Checkin]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return list(session.query(Checkin).all())


def test_the_contractors_thread_reply_is_the_check_in_and_others_are_ignored(runtime, client, emulator, clock, slack):
    message = prompt(runtime, client, emulator, clock)
    slack.post_message(BYSTANDER, PROJECT, "looks good to me", thread_ts=message["ts"])
    reply = slack.post_message(MARIA, PROJECT, "at-risk finished mockups, waiting on copy", thread_ts=message["ts"])
    assert emulator.wait_for(lambda: emulator.calls_to("reactions.add"))
    [checkin] = checkins_of(runtime)
    assert (checkin.status, checkin.source, checkin.local_date) == ("at_risk", "thread", date(2027, 3, 8))
    assert checkin.done == "finished mockups, waiting on copy" and checkin.asked_at == MONDAY_TEN
    [call] = emulator.calls_to("reactions.add")
    assert call.args["name"] == "white_check_mark" and call.args["timestamp"] == reply.posted["ts"]
    later = list(run_due(runtime, client, now=MONDAY_TEN + timedelta(days=2)))
    assert not [line for line in later if line.startswith(("checkin_reminder", "checkin_owner_alert"))]


def test_a_plain_first_reply_is_the_check_in_with_no_status_given(runtime, client, emulator, clock, slack):
    """Free text names no status: recorded as such, never guessed as on track (a false green)."""
    message = prompt(runtime, client, emulator, clock)
    slack.post_message(MARIA, PROJECT, "Shipped the landing page", thread_ts=message["ts"])
    assert emulator.wait_for(lambda: checkins_of(runtime))
    [checkin] = checkins_of(runtime)
    assert (checkin.status, checkin.done) == ("no_status", "Shipped the landing page")


def test_a_reply_also_sent_to_the_channel_or_with_a_file_is_the_check_in(runtime, client, emulator, clock, slack):
    """Slack sends these as subtypes (thread_broadcast, file_share); they are still what the contractor wrote."""
    message = prompt(runtime, client, emulator, clock)
    slack.post_message(MARIA, PROJECT, "at risk: waiting on copy", thread_ts=message["ts"], broadcast=True)
    assert emulator.wait_for(lambda: checkins_of(runtime))
    [checkin] = checkins_of(runtime)
    assert (checkin.status, checkin.done) == ("at_risk", "waiting on copy")
    slack.post_message(MARIA, PROJECT, "blocked need the logo files", thread_ts=message["ts"], files=["brief.pdf"])
    assert emulator.wait_for(lambda: len(emulator.calls_to("reactions.add")) == 2)
    assert [c.status for c in checkins_of(runtime)][-1] == "blocked"


def test_edits_and_bot_posts_in_the_thread_are_no_check_in(runtime, client, emulator, clock, slack):
    message = prompt(runtime, client, emulator, clock)
    edited = {"type": "message", "subtype": "message_changed", "channel": PROJECT, "hidden": True,
              "ts": "1800000000.000100", "message": {"type": "message", "user": MARIA, "text": "done",
                                                      "ts": "1800000000.000050", "thread_ts": message["ts"]}}
    bot = {"type": "message", "subtype": "bot_message", "bot_id": "B0OTHER", "channel": PROJECT,
           "text": "deploy finished", "ts": "1800000000.000200", "thread_ts": message["ts"]}
    assert slack.event(edited).status == 200 and slack.event(bot).status == 200
    slack.post_message(MARIA, PROJECT, "Shipped", thread_ts=message["ts"])  # the one that counts, last
    assert emulator.wait_for(lambda: checkins_of(runtime))
    assert [c.done for c in checkins_of(runtime)] == ["Shipped"]


def test_editing_the_reply_amends_the_check_in_and_only_that_reply_counts(runtime, client, emulator, clock, slack):
    message = prompt(runtime, client, emulator, clock)
    first = slack.post_message(MARIA, PROJECT, "at risk waiting on copy", thread_ts=message["ts"]).posted
    aside = slack.post_message(BYSTANDER, PROJECT, "copy is coming", thread_ts=message["ts"]).posted
    assert emulator.wait_for(lambda: checkins_of(runtime))
    clock.now = MONDAY_TEN + timedelta(days=1)  # edited the next day: still that day's check-in
    slack.edit_message(MARIA, PROJECT, first["ts"], "on track copy arrived, pages done")
    assert emulator.wait_for(lambda: checkins_of(runtime)[0].status == "on_track")
    [checkin] = checkins_of(runtime)
    assert (checkin.done, checkin.local_date, checkin.answered_at) == ("copy arrived, pages done", date(2027, 3, 8),
                                                                      MONDAY_TEN)
    slack.edit_message(BYSTANDER, PROJECT, aside["ts"], "blocked everything is late")  # not the contractor's
    clock.now = MONDAY_TEN + timedelta(hours=1)  # a second reply the same day replaces the check-in
    second = slack.post_message(MARIA, PROJECT, "blocked no logo", thread_ts=message["ts"]).posted
    assert emulator.wait_for(lambda: checkins_of(runtime)[0].status == "blocked")
    slack.edit_message(MARIA, PROJECT, second["ts"], "blocked no logo yet")
    assert emulator.wait_for(lambda: checkins_of(runtime)[0].done == "no logo yet")
    assert emulator.wait_for(lambda: len(emulator.calls_to("reactions.add")) == 2)
    with runtime.sessions.begin() as session:  # the first reply no longer is the check-in: its edit changes nothing
        engagement = session.get_one(Engagement, checkins_of(runtime)[0].engagement_id)
        assert checkins.amend(session, engagement=engagement, message_ts=first["ts"],
                              report=Report(status="on_track", done="all good"), now=clock.now) is None
    assert [(c.status, c.done) for c in checkins_of(runtime)] == [("blocked", "no logo yet")]
    assert len(emulator.calls_to("reactions.add")) == 2  # an edit is amended quietly


def test_snooze_brings_the_prompt_back_two_hours_later_in_its_thread(runtime, client, emulator, clock, slack):
    message = prompt(runtime, client, emulator, clock)
    slack.click(ids.SNOOZE_CHECKIN, user=MARIA, message=message)
    assert emulator.wait_for(lambda: emulator.ephemerals(user=MARIA) or emulator.responses)
    assert list(run_due(runtime, client, now=MONDAY_TEN + timedelta(hours=1, minutes=59))) == []
    lines = list(run_due(runtime, client, now=MONDAY_TEN + timedelta(hours=2)))
    assert [line.split()[0] for line in lines] == [snoozes.NUDGE_DUTY]
    assert len(emulator.messages(PROJECT, thread_ts=message["ts"])) == 1


def test_only_the_owner_can_mark_a_payment_paid(runtime, client, emulator, clock, slack):
    [engagement_id] = add_engagement(runtime)
    payment_id = add_payment(runtime, engagement_id, date(2027, 3, 19))
    list(payment_alerts.sweep(tick(runtime, client, now=datetime(2027, 3, 19, 10, tzinfo=UTC))))
    [alert] = emulator.messages(emulator.dm_channel(OWNER))
    slack.click(ids.MARK_PAID, user=OWNER, message=alert)
    assert emulator.wait_for(lambda: emulator.calls_to("chat.update"))
    with runtime.sessions() as session:
        payment = session.get_one(Payment, payment_id)
        assert payment.status == "paid" and payment.paid_at is not None
    assert "marked paid" in emulator.messages(emulator.dm_channel(OWNER))[0]["text"]
