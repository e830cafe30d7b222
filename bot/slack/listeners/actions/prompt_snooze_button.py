"""The "Snooze 2 h" button on owner prompts (feedback, thank-you nudges) in the owner's DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.domain.errors import NotAllowed
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import prompt_snoozes


def handle_snooze_prompt(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond,
                         context: dict[str, Any]) -> None:
    """Only the prompt's recipient snoozes it: the click must come from their own DM with the app."""
    ack()
    clicked = Click.of(body)
    if client.conversations_open(users=clicked.user_id)["channel"]["id"] != clicked.channel_id:
        raise NotAllowed("Only the person this prompt was sent to can snooze it.")
    when = prompt_snoozes.snooze(runtime_of(context), clicked.team_id, clicked.user_id, clicked.channel_id,
                                 clicked.thread_ts)
    respond(text=f":zzz: Snoozed. I'll bring it back at {when}.", response_type="ephemeral", replace_original=False)
