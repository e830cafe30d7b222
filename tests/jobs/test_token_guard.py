"""While Slack rejects the bot token the duties wait (one auth.test a tick), and resume once it works."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.delivery import ledger
from jobs import build_scheduler, token_guard
from tests.jobs.conftest import PROJECT, add_engagement

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila: Maria's check-in prompt


def ticker(runtime, client, clock):  # type: ignore[no-untyped-def]
    """The scheduler's own jobs, one per duty, called by hand at the clock's time."""
    jobs = build_scheduler(runtime, client).get_jobs()

    def tick(now: datetime) -> None:
        clock.now = now
        for job in jobs:
            job.func(*job.args)

    return tick


def test_after_slack_rejects_the_token_ticks_only_ask_auth_test_then_resume(runtime, client, emulator, clock,
                                                                          caplog: pytest.LogCaptureFixture):
    add_engagement(runtime)
    tick = ticker(runtime, client, clock)
    emulator.revoke_bot_token()
    tick(MONDAY_TEN)  # the first tick finds out by trying
    with runtime.sessions() as session:
        assert ledger.get(session, "checkin:1:2027-03-08").last_error == "token_revoked"
    emulator.reset_calls()
    with caplog.at_level(logging.WARNING, logger="jobs.token_guard"):
        for minute in range(1, 4):
            tick(MONDAY_TEN + timedelta(minutes=minute))
        assert [call.method for call in emulator.calls] == ["auth.test"] * 3  # no posts, no lookups
        assert caplog.text.count("Slack rejects the bot token (token_revoked)") == 1  # once, not each minute
        emulator.revoke_bot_token(False)
        tick(MONDAY_TEN + timedelta(minutes=4))
        assert "accepts the bot token again" in caplog.text
    assert len(emulator.messages(PROJECT)) == 1  # the waiting prompt, within its grace window
    emulator.reset_calls()
    tick(MONDAY_TEN + timedelta(minutes=5))
    assert "auth.test" not in [call.method for call in emulator.calls]  # healthy again: no extra call


def test_other_refusals_do_not_hold_the_duties(runtime, client, emulator, clock):
    add_engagement(runtime)
    tick = ticker(runtime, client, clock)
    emulator.archive_channel(PROJECT)
    tick(MONDAY_TEN)
    emulator.reset_calls()
    tick(MONDAY_TEN + timedelta(minutes=1))
    assert "auth.test" not in [call.method for call in emulator.calls]
    assert emulator.calls_to("chat.postMessage")  # tried again, as every minute


@pytest.mark.parametrize(("body", "rejected"), [
    ({"ok": False, "error": "invalid_auth"}, True), ({"ok": False, "error": "account_inactive"}, True),
    ({"ok": False, "error": "not_in_channel"}, False), ({"ok": True}, False), ({}, False),
])
def test_the_watch_notes_a_rejected_token(body: dict, rejected: bool) -> None:
    watch = token_guard.TokenWatch()
    watch("chat.postMessage", body)
    assert watch.rejected.is_set() is rejected


def test_the_guard_watches_every_answer_of_the_client_it_is_given(runtime, client, emulator) -> None:
    guard = token_guard.TokenGuard(client)
    client.auth_test()
    assert not guard.watch.rejected.is_set()
    emulator.revoke_bot_token()
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel=PROJECT, text="hi")
    assert guard.watch.rejected.is_set()


def test_a_client_that_shows_nobody_its_answers_is_refused() -> None:
    with pytest.raises(TypeError, match="make_client"):
        token_guard.TokenGuard(WebClient(token="xoxb-test"))
