""""Update the plan" on the monthly risk review: opens the contingency plan form (owner only)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import risk_plans


def handle_update_plan(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the plan, pre-filled."""
    ack()
    clicked = Click.of(body, action)
    view = risk_plans.plan_form(runtime_of(context), clicked.team_id, clicked.user_id, clicked.value)
    client.views_open(trigger_id=clicked.trigger_id, view=view)
