"""/thanks: recognition posted in the channel for everyone to see, recorded for the scorecard."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.domain.recognition import thanks as rules
from bot.slack.blocks.help import build_help
from bot.slack.blocks.thanks import build_thanks_modal
from bot.slack.grammar import thanks as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import thanks


def handle_thanks(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                  context: dict[str, Any]) -> None:
    """Refuse bad thanks in the ack; otherwise post it, then confirm privately last."""
    runtime, asked = runtime_of(context), Command.of(command)
    parsed = grammar.parse(asked.text)
    if parsed.action == "help":
        ack(**build_help("/thanks", known_today(runtime, asked.team_id, asked.user_id)))
        return
    if parsed.action == "modal":
        ack()
        client.views_open(trigger_id=asked.trigger_id, view=build_thanks_modal(asked.channel_id))
        return
    assert parsed.user_id is not None
    rules.check(from_user=asked.user_id, to_user=parsed.user_id, reason=parsed.reason,
                app_user=context.get("bot_user_id"))
    ack()
    reply = thanks.send(runtime, client, asked.team_id, asked.user_id, asked.channel_id, parsed.user_id,
                        parsed.reason)
    respond(**reply, response_type="ephemeral")
