"""The owner's thank-you nudge: why now, and a button that posts the thanks in the channel."""

from __future__ import annotations

from typing import Any

from bot.db.models import Engagement
from bot.domain.recognition.thank_nudges import REASONS
from bot.slack import ids
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text


def thanks_reason(engagement: Engagement, reason: str) -> str:
    """The sentence the posted thanks carries (no money, nothing private)."""
    title = engagement.title
    if reason == "silence":
        return f"for the steady work on {title}"
    return {"task": f"for delivering on time on {title}",
            "streak": f"for keeping us posted so reliably on {title}",
            "rating": f"for excellent work on {title}"}[reason]


def build_thanks_nudge(engagement: Engagement, reason: str) -> dict[str, Any]:
    """'@maria finished a task on time. A quick thanks goes a long way.' with Send thanks and Snooze."""
    who = f"<@{engagement.contractor.person.user_id}>"
    text = (f":raised_hands: {who} {REASONS[reason]} on *{user_text(engagement.title, 150)}*. "
            "A quick thanks in the channel goes a long way.")
    return message(f"Time to thank {fallback_text(engagement.contractor.person.name or 'your contractor')}?", [
        mrkdwn(text),
        {"type": "actions", "elements": [
            button("Send thanks", ids.SEND_THANKS, f"{engagement.id}:{reason}", style="primary"),
            button("Snooze 2 h", ids.SNOOZE_PROMPT, "thanks"),
        ]},
        context("Only you see this. At most one nudge a week per engagement."),
    ])


def build_thanks_done(engagement: Engagement) -> dict[str, Any]:
    """What the nudge becomes once the thanks is posted."""
    text = f":white_check_mark: Thanks posted in <#{engagement.channel_id}>."
    return message(text, [mrkdwn(text)])
