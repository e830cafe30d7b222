"""The owner's DM about a blocker still open two working days after it was reported."""

from __future__ import annotations

from typing import Any

from bot.db.models import Checkin, Engagement
from bot.slack.blocks.common import context, fallback_text, message, mrkdwn, user_text


def build_blocker_alert(engagement: Engagement, checkin: Checkin) -> dict[str, Any]:
    """Names the blocker in the contractor's words, and where it was reported."""
    who = f"<@{engagement.contractor.person.user_id}>"
    return message(f"A blocker on {fallback_text(engagement.title)} is still open", [
        mrkdwn(f":construction: {who} reported a blocker on *{user_text(engagement.title, 150)}* "
               f"in the {checkin.local_date:%a %d %b} check-in, still open two working days later:\n"
               f"> {user_text(checkin.blockers, 1500)}"),
        context(f"Only you see this. Blockers usually need you to act; see <#{engagement.channel_id}>."),
    ])
