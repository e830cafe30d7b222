"""Decisions at a deadline: Continue / Extend / End on the trial review DM, Extend / End on the DM sent when
an engagement's deadline passed undecided. Extending asks the new deadline in a form; ending ends it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack import ids
from bot.slack.listeners.common import runtime_of, update_clicked
from bot.slack.payloads import Click
from bot.usecases import deadline_decisions, engagement_life
from bot.usecases.engagement_life import Where


def handle_new_deadline(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                        context: dict[str, Any]) -> None:
    """Continue or extend: both ask the new deadline in a form (owner only)."""
    ack()
    clicked = Click.of(body, action)
    message = (clicked.channel_id or None, clicked.message_ts or None)  # the DM the decision replaces
    view = deadline_decisions.new_deadline_form(runtime_of(context), clicked.team_id, clicked.user_id,
                                                clicked.value, keep_trial=clicked.action_id == ids.TRIAL_EXTEND,
                                                message=message)
    client.views_open(trigger_id=clicked.trigger_id, view=view)


def handle_end(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               context: dict[str, Any]) -> None:
    """End it as `/engagement end` does (closing note, closing review); the DM becomes the outcome."""
    ack()
    clicked = Click.of(body, action)
    where = Where(clicked.team_id, "", clicked.user_id)
    # Not a number: no engagement of ours (0 is none), answered "no longer exists" like a deleted one.
    engagement_id = int(clicked.value) if clicked.value.isascii() and clicked.value.isdigit() else 0
    reply = engagement_life.end(runtime_of(context), client, where, engagement_id=engagement_id)
    update_clicked(client, body, reply)
