"""Feedback prompts in the owner's DM: rate a dimension, or share the ratings with the contractor.

The prompt (channel, ts) is how the rating finds its Feedback row; owner only, never in a channel.
"""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.errors import NotFound
from bot.domain.recognition import feedback
from bot.runtime import Runtime
from bot.slack.blocks.feedback import build_feedback_prompt, build_shared_feedback
from bot.usecases.records import require_team

Payload = dict[str, Any]
GONE = "This feedback prompt no longer exists."


def rate(runtime: Runtime, team_id: str, user_id: str, prompt: tuple[str, str], value: str) -> Payload:
    """Record the rating (value `<id>:<dimension>:<score>`); returns the prompt redrawn with the choice marked.

    A value of another shape is no button of ours (edited, or from an old client): answered as gone.
    """
    parts = value.split(":")
    if len(parts) != 3 or not (parts[2].isascii() and parts[2].isdigit()):
        raise NotFound(GONE)
    _, dimension, score = parts
    channel_id, ts = prompt
    with transaction(runtime.sessions) as session:
        engagement, row, reason = feedback.rate(session, channel_id=channel_id, ts=ts, user_id=user_id,
                                                dimension=dimension, score=int(score), now=runtime.clock())
        require_team(engagement, team_id, GONE)  # rolls the rating back
        return build_feedback_prompt(engagement, reason, row)


def share(runtime: Runtime, client: WebClient, team_id: str, user_id: str, prompt: tuple[str, str]) -> Payload:
    """Mark the ratings shared, then DM them to the contractor; returns the prompt redrawn as shared."""
    channel_id, ts = prompt
    with transaction(runtime.sessions) as session:
        engagement, row, reason = feedback.share(session, channel_id=channel_id, ts=ts, user_id=user_id,
                                                 now=runtime.clock())
        require_team(engagement, team_id, GONE)
        shared = build_shared_feedback(engagement, row)
        redrawn = build_feedback_prompt(engagement, reason, row)
        contractor = engagement.contractor.person.user_id
    client.chat_postMessage(channel=contractor, **shared)
    return redrawn
