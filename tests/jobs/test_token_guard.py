"""While Slack rejects the bot token the duties wait (one auth.test a tick), and resume once it works."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

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
    ({"ok": False, "error": "not_in_channel"}, False), ({"ok": True}, False),
])
def test_the_watch_notes_a_rejected_token_and_never_asks_for_a_retry(body: dict, rejected: bool) -> None:
    watch = token_guard.TokenWatch()
    request = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})
    response = HttpResponse(status_code=200, headers={}, body=body)
    assert watch.can_retry(state=RetryState(), request=request, response=response) is False
    assert watch.rejected.is_set() is rejected
