""""Update the plan" on the monthly risk review: opens the contingency plan form (owner only)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.engagement import engagements
from bot.slack.blocks.risk_reviews import build_plan_modal
from bot.slack.listeners.actions.trial_buttons import engagement_of
from bot.slack.listeners.common import runtime_of


def handle_update_plan(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the plan, pre-filled."""
    ack()
    runtime = runtime_of(context)
    with runtime.sessions() as session:
        engagement = engagement_of(session, action, body)
        engagements.require_owner(engagement, body["user"]["id"], "update its contingency plan")
        view = build_plan_modal(engagement)
    client.views_open(trigger_id=body["trigger_id"], view=view)
