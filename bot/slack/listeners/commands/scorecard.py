"""/scorecard: how each contractor is doing, for the owner alone (always ephemeral)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.slack.blocks.help import build_help
from bot.slack.grammar import scorecard as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import scorecards


def handle_scorecard(ack: Ack, command: dict[str, Any], context: dict[str, Any]) -> None:
    """Parse, compute from the asker's own engagements only, answer in the ack."""
    runtime, asked = runtime_of(context), Command.of(command)
    parsed = grammar.parse(asked.text)
    today = known_today(runtime, asked.team_id, asked.user_id)
    if parsed.action == "help":
        ack(**build_help("/scorecard", today), response_type="ephemeral")
        return
    ack(**scorecards.for_owner(runtime, asked.team_id, asked.user_id, parsed, today), response_type="ephemeral")
