"""Tandem's message filters against the events Slack really sends around a check-in thread.

Slack echoes the app's own posts as message events with bot_id (payloads/event_message_bot.json)
and follows every thread reply with a hidden message_changed of the parent
(payloads/event_message_changed_thread_parent.json). Neither is a check-in.
"""

from __future__ import annotations

from slack_sdk import WebClient

from tests.e2e.conftest import BOT_TOKEN, MARIA, PROJECT
from tests.e2e.helpers import row_counts
from tests.e2e.test_thread_checkin import prompted


def test_the_bots_own_post_in_the_thread_is_no_checkin(slack, emulator, bot, duties) -> None:
    thread = prompted(slack, emulator, duties)
    client = WebClient(token=BOT_TOKEN, base_url=emulator.api_url)
    # Words that would be a check-in from Maria, written by the bot (as a reminder could be).
    own = client.chat_postMessage(channel=PROJECT, thread_ts=thread, text="on-track 50% reminder for <@U0MARIA>")
    echo = slack.echo_bot_message(PROJECT, own["ts"])
    assert echo.status == 200 and echo.payload["event"]["bot_id"] == emulator.bot_id
    assert row_counts(bot.database_url)["checkins"] == 0
    assert emulator.calls_to("reactions.add") == []


def test_a_reply_and_the_parents_message_changed_make_one_checkin(slack, emulator, bot, duties) -> None:
    thread = prompted(slack, emulator, duties)
    slack.post_message(MARIA, PROJECT, "at-risk waiting for the logo files", thread_ts=thread)
    assert emulator.wait_for(lambda: len(emulator.calls_to("reactions.add")) == 1)
    # The parent's message_changed (sent after the reply) changed nothing: one check-in, one reaction.
    assert row_counts(bot.database_url)["checkins"] == 1
    assert len(emulator.calls_to("reactions.add")) == 1
