"""Rating and "Share with contractor" buttons on feedback prompts: owner only, never in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.recognition import feedback
from bot.slack.blocks.feedback import build_feedback_prompt, build_shared_feedback
from bot.slack.listeners.common import require_team, runtime_of


def _where(body: dict[str, Any]) -> tuple[str, str]:
    """(DM channel, prompt ts) of the clicked message."""
    return (body.get("channel") or {}).get("id") or "", (body.get("message") or {}).get("ts") or ""


def handle_rate(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                context: dict[str, Any]) -> None:
    """Record the rating on the prompt's Feedback row and redraw the prompt with the choice marked."""
    ack()
    runtime = runtime_of(context)
    _, dimension, score = (action.get("value") or "0:quality:0").split(":")
    channel_id, ts = _where(body)
    with transaction(runtime.sessions) as session:
        engagement, row, reason = feedback.rate(session, channel_id=channel_id, ts=ts, user_id=body["user"]["id"],
                                        dimension=dimension, score=int(score), now=runtime.clock())
        require_team(engagement, body, "This feedback prompt no longer exists.")  # rolls the rating back
        reply = build_feedback_prompt(engagement, reason, row)
    client.chat_update(channel=channel_id, ts=ts, **reply)


def handle_share(ack: Ack, body: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Send the ratings and comment to the contractor by DM, then mark the prompt shared."""
    ack()
    runtime = runtime_of(context)
    channel_id, ts = _where(body)
    with transaction(runtime.sessions) as session:
        engagement, row, reason = feedback.share(session, channel_id=channel_id, ts=ts, user_id=body["user"]["id"],
                                         now=runtime.clock())
        require_team(engagement, body, "This feedback prompt no longer exists.")
        shared = build_shared_feedback(engagement, row)
        redrawn = build_feedback_prompt(engagement, reason, row)
        contractor = engagement.contractor.person.user_id
    client.chat_postMessage(channel=contractor, **shared)
    client.chat_update(channel=channel_id, ts=ts, **redrawn)
