"""The contingency plan form: saved, then confirmed to the owner by DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.engagement import risk_reviews
from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.blocks.risk_reviews import build_plan_saved
from bot.slack.listeners.common import require_team, runtime_of, stored


def handle_plan_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Replace the plan; a refusal shows on the field."""
    runtime = runtime_of(context)
    engagement_id = metadata.open(view.get("private_metadata"))["engagement_id"]
    user_id = body["user"]["id"]
    try:
        with transaction(runtime.sessions) as session:
            engagement = stored(session, Engagement, engagement_id, "engagement")
            require_team(engagement, body)
            engagement = risk_reviews.update_plan(session, engagement=engagement,
                                                  by_user=user_id, plan=values(view).get(ids.CONTINGENCY) or "",
                                                  now=runtime.clock())
            reply = build_plan_saved(engagement)
    except DomainError as error:
        ack(response_action="errors", errors={ids.CONTINGENCY: error.message[:150]})
        return
    ack()
    client.chat_postMessage(channel=user_id, **reply)
