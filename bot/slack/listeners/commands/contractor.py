"""/contractor: the registry of the people we pay, answered privately to the person asking.

Parse, then one use case (bot/usecases/contractors.py); `add` and `away` may ask Slack who the
person is and whether the caller is a workspace admin, so they answer after the ack.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.contractors import build_contractor_modal
from bot.slack.blocks.help import build_help
from bot.slack.grammar import contractor as grammar
from bot.slack.listeners.common import fetch_profile, is_workspace_admin, known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import contractors


def handle_contractor(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                      context: dict[str, Any]) -> None:
    """Route /contractor; list, show and vet are database only and answered in the ack."""
    runtime, asked = runtime_of(context), Command.of(command)
    team_id, user_id = asked.team_id, asked.user_id
    parsed = grammar.parse(asked.text, today=known_today(runtime, team_id, user_id))
    if parsed.action == "help":
        ack(**build_help("/contractor", known_today(runtime, team_id, user_id)))
    elif parsed.action == "modal":
        ack()
        client.views_open(trigger_id=asked.trigger_id, view=build_contractor_modal())
    elif parsed.action == "add":
        ack()
        assert parsed.add is not None
        profile = fetch_profile(client, parsed.add.user_id, runtime.settings.default_timezone)
        reply = contractors.add(runtime, team_id, user_id, parsed.add, profile,
                                cache(lambda: is_workspace_admin(client, team_id, user_id)))
        respond(**reply, response_type="ephemeral")
    elif parsed.action == "away":
        ack()
        reply = contractors.add_time_off(runtime, team_id, user_id, parsed,
                                         cache(lambda: is_workspace_admin(client, team_id, user_id)))
        respond(**reply, response_type="ephemeral")
    else:
        ack(**contractors.answer(runtime, team_id, user_id, parsed))
