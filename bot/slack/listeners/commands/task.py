"""/task: the engagement's tasks; changes are told to the channel, answers go to the invoker alone."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import build_help
from bot.slack.grammar import task as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import milestones, tasks


def handle_task(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                context: dict[str, Any]) -> None:
    """Route /task; a change is saved before the ack (so refusals come in it), then told to the channel."""
    runtime, typed = runtime_of(context), Command.of(command)
    team_id, user_id, channel_id = typed.team_id, typed.user_id, typed.channel_id
    action = grammar.action_of(typed.text)
    if action == "list":  # the most typed: one read, the speaker's day included
        ack(**tasks.listing(runtime, team_id, user_id, channel_id))
        return
    # Only a new task's due date needs the speaker's day: the other sub-commands skip that read.
    today = known_today(runtime, team_id, user_id) if action == "add" else None
    parsed = grammar.parse(typed.text, today=today)
    if parsed.action == "help":
        ack(**build_help("/task", known_today(runtime, team_id, user_id)))
    elif parsed.action == "modal":
        view = tasks.form(runtime, team_id, user_id, channel_id)
        ack()
        client.views_open(trigger_id=typed.trigger_id, view=view)
    elif parsed.action == "submit":
        ack()
        assert parsed.number is not None
        respond(**milestones.submit(runtime, client, team_id, user_id, channel_id, parsed.number, parsed.link),
                response_type="ephemeral")
    else:
        respond(**tasks.change(runtime, client, team_id, user_id, channel_id, parsed, today, saved=ack),
                response_type="ephemeral")
