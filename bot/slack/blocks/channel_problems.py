"""The owner's note that the bot can no longer post in an engagement's channel, and how to fix it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import context, fallback_text, message, mrkdwn, user_text


def build_channel_problem(engagement: EngagementLike, errors: Collection[str]) -> dict[str, Any]:
    """Why Slack refuses (archived, gone, or the bot was removed) and the one thing that fixes it."""
    channel = f"<#{engagement.channel_id}>"
    if "is_archived" in errors:
        why, fix = f"{channel} is archived", f"Unarchive {channel} (channel settings)"
    elif "channel_not_found" in errors:
        why, fix = (f"I can't find {channel} any more (deleted, or private without me)",
                    "Invite me to the engagement's channel with `/invite @Tandem`")
    else:
        why, fix = f"I'm no longer a member of {channel}", f"Add me back with `/invite @Tandem` in {channel}"
    title = user_text(engagement.title, 150)
    return message(f"I can't post in the channel of {fallback_text(engagement.title, 80)}", [
        mrkdwn(f":warning: Slack refused my messages for *{title}*: {why}. Check-in prompts and reminders "
               f"for it are waiting.\n{fix}, and those still due go out within a minute. Or pause the "
               "engagement from my Home tab."),
        context("Only you see this. I'll tell you again tomorrow if messages are still refused."),
    ])
