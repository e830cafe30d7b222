"""Rating and "Share with contractor" buttons on feedback prompts: owner only, never in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import feedback


def handle_rate(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """Record the rating on the prompt's Feedback row and redraw the prompt with the choice marked."""
    ack()
    clicked = Click.of(body, action)
    prompt = clicked.channel_id, clicked.message_ts
    reply = feedback.rate(runtime_of(context), clicked.team_id, clicked.user_id, prompt, clicked.value)
    client.chat_update(channel=prompt[0], ts=prompt[1], **reply)


def handle_share(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Send the ratings and comment to the contractor by DM, then mark the prompt shared."""
    ack()
    clicked = Click.of(body)
    prompt = clicked.channel_id, clicked.message_ts
    redrawn = feedback.share(runtime_of(context), client, clicked.team_id, clicked.user_id, prompt)
    client.chat_update(channel=prompt[0], ts=prompt[1], **redrawn)
