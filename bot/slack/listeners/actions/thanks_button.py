"""The "Send thanks" button on a thank-you nudge: the owner's thanks is posted in the engagement channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of, update_clicked
from bot.slack.payloads import Click
from bot.usecases import thanks


def handle_send_thanks(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Record the thanks, post it in the channel, and turn the nudge into a confirmation."""
    ack()
    clicked = Click.of(body, action)
    done = thanks.send_nudged(runtime_of(context), client, clicked.team_id, clicked.user_id, clicked.value)
    update_clicked(client, body, done)
