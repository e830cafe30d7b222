"""The new-deadline form of a trial review: continue as a regular engagement, or extend the trial."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import deadline_decisions


def handle_trial_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                            context: dict[str, Any]) -> None:
    """Save the new deadline (a refusal shows on the field), then turn the review DM into the decision."""
    submitted = Submission.of(body, view)
    meta = metadata.open(submitted.private_metadata)
    try:
        reply = deadline_decisions.carry_on(runtime_of(context), submitted.team_id, submitted.user_id,
                                            meta.get("engagement_id"), values(view).get(ids.DEADLINE),
                                            keep_trial=bool(meta.get("keep_trial")))
    except DomainError as error:
        ack(response_action="errors", errors={ids.DEADLINE: error.message[:150]})
        return
    ack()
    channel_id, ts = meta.get("message") or (None, None)
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **reply)
    else:
        client.chat_postMessage(channel=submitted.user_id, **reply)
