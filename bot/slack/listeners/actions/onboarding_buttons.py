"""Ticking the onboarding checklist (in the kickoff brief or a reminder) and dismissing its reminders."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack import ids
from bot.slack.listeners.common import runtime_of, update_clicked
from bot.slack.payloads import Click
from bot.usecases import onboarding


def handle_tick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """Toggle an item; the brief in the channel is updated, and the reminder too when clicked there."""
    ack()
    clicked = Click.of(body, action)
    item = clicked.action_id.removeprefix(f"{ids.TICK_ONBOARDING}_")
    reminder = onboarding.tick(runtime_of(context), client, clicked.team_id, clicked.user_id, clicked.value, item,
                               (clicked.channel_id, clicked.message_ts))
    if reminder is not None:
        update_clicked(client, body, reminder)


def handle_dismiss(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """The owner stops the reminders; the checklist stays in the brief."""
    ack()
    clicked = Click.of(body, action)
    update_clicked(client, body, onboarding.dismiss(runtime_of(context), clicked.team_id, clicked.user_id,
                                                    clicked.value))
