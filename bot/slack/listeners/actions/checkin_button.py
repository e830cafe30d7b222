"""The "Check in" button on prompts: opens the same form as /checkin."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed
from bot.slack.listeners.commands.checkin import form_for
from bot.slack.listeners.common import require_team, runtime_of, stored


def handle_open_checkin(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                        context: dict[str, Any]) -> None:
    """Only the engagement's contractor gets the form; others are told politely."""
    ack()
    runtime = runtime_of(context)
    with runtime.sessions() as session:
        engagement = stored(session, Engagement, action.get("value"), "engagement")
        require_team(engagement, body)
        if engagements.role_of(engagement, body["user"]["id"]) != "contractor":
            raise NotAllowed("This check-in is for the engagement's contractor.")
    channel_id = (body.get("channel") or {}).get("id") or engagement.channel_id
    client.views_open(trigger_id=body["trigger_id"], view=form_for(runtime, engagement, channel_id))
