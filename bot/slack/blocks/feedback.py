"""Feedback prompts to the owner (ratings as buttons) and the shared summary the contractor gets."""

from __future__ import annotations

from typing import Any

from bot.db.models import Engagement, Feedback
from bot.domain.recognition.feedback import DIMENSIONS
from bot.slack import ids
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text


def rate_value(engagement_id: int, dimension: str, score: int) -> str:
    """What a rating button carries."""
    return f"{engagement_id}:{dimension}:{score}"


def _scale(engagement: Engagement, dimension: str, chosen: int | None) -> dict[str, Any]:
    # One actions block per dimension; block ids keep Slack from mixing up the three rows.
    return {"type": "actions", "block_id": f"rate_{dimension}", "elements": [
        button(f"{'✓ ' if chosen == score else ''}{score}", f"{ids.RATE_FEEDBACK}_{dimension}_{score}",
               rate_value(engagement.id, dimension, score), style="primary" if chosen == score else None)
        for score in range(1, 6)
    ]}


def _chosen(feedback: Feedback | None, dimension: str) -> int | None:
    return getattr(feedback, dimension) if feedback is not None else None


def build_feedback_prompt(engagement: Engagement, reason: str, feedback: Feedback | None = None) -> dict[str, Any]:
    """The owner's DM: three 1-5 scales, Share and Snooze; rerendered with the choices after each click."""
    who = f"<@{engagement.contractor.person.user_id}>"
    why = {"task": "A task was just finished", "end": "One last look back"}.get(
        reason, "It has been a while")
    blocks: list[dict[str, Any]] = [mrkdwn(f":star: {why} on *{user_text(engagement.title, 150)}*. "
                                           f"How is {who} doing? Rate 1 (poor) to 5 (excellent).")]
    for dimension in DIMENSIONS:
        chosen = _chosen(feedback, dimension)
        blocks.append(mrkdwn(f"*{dimension.capitalize()}*" + (f": {chosen}" if chosen else "")))
        blocks.append(_scale(engagement, dimension, chosen))
    blocks.append({"type": "actions", "block_id": "feedback_more", "elements": [
        button("Share with contractor", ids.SHARE_FEEDBACK, str(engagement.id)),
        button("Snooze 2 h", ids.SNOOZE_PROMPT, "feedback"),
    ]})
    shared = " Shared with the contractor." if feedback is not None and feedback.shared_at else ""
    blocks.append(context("Only you see this. Reply in this thread to add a comment." + shared))
    return message(f"How is {fallback_text(engagement.contractor.person.name or 'your contractor')} doing?", blocks)


def build_shared_feedback(engagement: Engagement, feedback: Feedback) -> dict[str, Any]:
    """The contractor's DM when the owner shares: the ratings and the comment, nothing else."""
    scores = " · ".join(f"{d.capitalize()} {_chosen(feedback, d)}/5" for d in DIMENSIONS if _chosen(feedback, d))
    lines = [f":speech_balloon: <@{engagement.owner.user_id}> shared feedback on "
             f"*{user_text(engagement.title, 150)}*: {scores or 'no ratings'}"]
    if feedback.comment:
        lines.append(f"> {user_text(feedback.comment, 2000)}")
    return message(f"Feedback on {fallback_text(engagement.title)}", [mrkdwn("\n".join(lines))])
