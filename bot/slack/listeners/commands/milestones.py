"""`/task submit N [link]`: the contractor hands work in; the owner is asked to review it by DM."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.slack.grammar.task import TaskCommand
from bot.usecases import submissions


def handle_submit(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
                  parsed: TaskCommand) -> dict[str, Any]:
    """The channel's task N, submitted the one way the Submit button's form submits too."""
    assert parsed.number is not None
    return submissions.submit(runtime, client, user_id=user_id, link=parsed.link,
                              locate=submissions.by_number(team_id, channel_id, parsed.number))
