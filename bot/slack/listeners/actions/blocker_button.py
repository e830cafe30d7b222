"""The Resolved button on a blocker alert: the owner or the contractor clears the blocker and the alerts stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import checkins


def handle_resolve_blocker(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Clear the alert's blocker (and its word-for-word repeats since); anyone else is politely refused."""
    ack()
    click = Click.of(body, action)
    checkins.resolve_blocker(runtime_of(context), client, click.team_id, click.user_id, click.value,
                             (click.channel_id, click.message_ts))
