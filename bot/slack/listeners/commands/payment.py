"""/payment: what the owner owes; money is private, so every answer is ephemeral and nothing is posted."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import build_help
from bot.slack.grammar import payment as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import payments


def handle_payment(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """Route /payment; everything but the form is database work, answered privately in the ack."""
    runtime, asked = runtime_of(context), Command.of(command)
    team_id, user_id, channel_id = asked.team_id, asked.user_id, asked.channel_id
    today = known_today(runtime, team_id, user_id)
    parsed = grammar.parse(asked.text, today=today)
    if parsed.action == "help":
        ack(**build_help("/payment", today), response_type="ephemeral")
    elif parsed.action == "modal":
        view = payments.form(runtime, team_id, user_id, channel_id, today)
        ack()
        client.views_open(trigger_id=asked.trigger_id, view=view)
    else:
        ack(**payments.answer(runtime, team_id, user_id, channel_id, parsed, today), response_type="ephemeral")
