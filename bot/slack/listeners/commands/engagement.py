"""/engagement: observers of this channel's engagement, and its life (edit, pause, resume, end, reopen)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import build_help
from bot.slack.grammar import engagement as grammar
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import engagement_life, observers
from bot.usecases.engagement_life import Where

LIFE = ("edit", "pause", "resume", "end", "reopen")


def handle_engagement(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                      context: dict[str, Any]) -> None:
    """Observers are saved before the ack; the life steps ack first, then answer privately once Slack heard."""
    runtime, asked = runtime_of(context), Command.of(command)
    team_id, user_id, channel_id = asked.team_id, asked.user_id, asked.channel_id
    parsed = grammar.parse(asked.text, today=known_today(runtime, team_id, user_id))
    if parsed.action == "help":
        ack(**build_help("/engagement", known_today(runtime, team_id, user_id)))
        return
    if parsed.action in LIFE:
        ack()
        respond(**life(runtime, client, Where(team_id, channel_id, user_id, parsed.rest), parsed),
                response_type="ephemeral")
        return
    ack(**observe(runtime, client, team_id, user_id, channel_id, parsed))


def life(runtime: Any, client: WebClient, where: Where, parsed: grammar.EngagementCommand) -> dict[str, Any]:
    """One use case per step of the engagement's life."""
    if parsed.action == "edit":
        assert parsed.edits is not None
        return engagement_life.edit(runtime, client, where, parsed.edits)
    if parsed.action in ("pause", "resume"):
        return engagement_life.pause(runtime, where, paused=parsed.action == "pause")
    if parsed.action == "end":
        return engagement_life.end(runtime, client, where, parsed.rest)
    return engagement_life.reopen(runtime, client, where)


def observe(runtime: Any, client: WebClient, team_id: str, user_id: str, channel_id: str,
            parsed: grammar.EngagementCommand) -> dict[str, Any]:
    """observe / unobserve / observers, saved before the ack; a new observer is read from Slack first."""
    if parsed.action == "observers":
        return observers.listing(runtime, team_id, user_id, channel_id)
    assert parsed.user_id is not None
    if parsed.action == "observe":
        profile = fetch_profile(client, parsed.user_id, runtime.settings.default_timezone)
        return observers.add(runtime, team_id, user_id, channel_id, profile)
    return observers.remove(runtime, team_id, user_id, channel_id, parsed.user_id)
