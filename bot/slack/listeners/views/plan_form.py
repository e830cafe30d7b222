"""The contingency plan form: saved, then confirmed to the owner by DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import risk_plans


def handle_plan_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Replace the plan; a refusal shows on the field."""
    submitted = Submission.of(body, view)
    engagement_id = metadata.open(submitted.private_metadata)["engagement_id"]
    try:
        reply = risk_plans.update_plan(runtime_of(context), submitted.team_id, submitted.user_id, engagement_id,
                                       values(view).get(ids.CONTINGENCY) or "")
    except DomainError as error:
        ack(response_action="errors", errors={ids.CONTINGENCY: error.message[:150]})
        return
    ack()
    client.chat_postMessage(channel=submitted.user_id, **reply)
