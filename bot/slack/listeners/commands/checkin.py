"""/checkin: contractors report (text or form), owners read the status board instead of pinging."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.slack.blocks.help import build_help
from bot.slack.grammar import checkin as grammar
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Command
from bot.usecases import checkins


def handle_checkin(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """Route /checkin by what was typed and who typed it."""
    runtime, typed = runtime_of(context), Command.of(command)
    team_id, user_id, channel_id = typed.team_id, typed.user_id, typed.channel_id
    parsed = grammar.parse(typed.text)
    if parsed.action == "help":
        ack(**build_help("/checkin", known_today(runtime, team_id, user_id)))
    elif parsed.action == "status":
        ack(**checkins.board(runtime, team_id, user_id, channel_id))
    elif parsed.action == "unblock":
        ack(**checkins.unblock(runtime, client, team_id, user_id, channel_id))
    elif parsed.action == "form":
        kind, shown = checkins.form_or_board(runtime, team_id, user_id, channel_id)
        if kind == "board":  # not a contractor here: the board they can read instead
            ack(**shown)
            return
        ack()
        client.views_open(trigger_id=typed.trigger_id, view=shown)
    else:
        engagement_id = checkins.target(runtime, team_id, user_id, channel_id)
        ack()
        assert parsed.report is not None
        respond(**checkins.save(runtime, client, engagement_id, user_id, parsed.report, "command"),
                response_type="ephemeral")
