"""/kickoff: start an engagement only with a plan; the brief goes to the channel, money to the owner."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import build_help
from bot.slack.blocks.kickoff import build_kickoff_modal
from bot.slack.grammar import kickoff as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import kickoff


def handle_kickoff(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """A complete plan starts right away; a partial one opens the form with what was typed."""
    runtime, typed = runtime_of(context), Command.of(command)
    draft = grammar.parse(typed.text, today=known_today(runtime, typed.team_id, typed.user_id))
    if draft.help:
        ack(**build_help("/kickoff", known_today(runtime, typed.team_id, typed.user_id)))
        return
    ack()
    if not draft.complete():
        client.views_open(trigger_id=typed.trigger_id, view=build_kickoff_modal(draft, typed.channel_id))
        return
    respond(**kickoff.start(runtime, client, typed.team_id, typed.user_id, typed.channel_id, draft),
            response_type="ephemeral")
