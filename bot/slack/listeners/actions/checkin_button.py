"""The "Check in" button on prompts: opens the same form as /checkin."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import checkins


def handle_open_checkin(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                        context: dict[str, Any]) -> None:
    """Only the engagement's contractor gets the form; others are told politely."""
    ack()
    click = Click.of(body, action)
    view = checkins.button_form(runtime_of(context), click.team_id, click.user_id, click.value, click.channel_id)
    client.views_open(trigger_id=click.trigger_id, view=view)
