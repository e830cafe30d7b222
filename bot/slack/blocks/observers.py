"""Replies of /engagement: observers added, removed and listed (to the invoker alone)."""

from __future__ import annotations

from typing import Any

from bot.db.models import Engagement, Person
from bot.slack.blocks.common import message, mrkdwn, user_text


def build_observer_added(engagement: Engagement, user_id: str, added: bool) -> dict[str, Any]:
    """'@sam now observes *Site*' or 'already does'."""
    title = user_text(engagement.title, 150)
    text = (f":eyes: <@{user_id}> now observes *{title}*: they get the weekly digest and can read "
            "`/checkin status`, and are never prompted." if added
            else f"<@{user_id}> already observes *{title}*.")
    return message(text, [mrkdwn(text)])


def build_observer_removed(engagement: Engagement, user_id: str) -> dict[str, Any]:
    """'@sam no longer observes *Site*'."""
    text = f"<@{user_id}> no longer observes *{user_text(engagement.title, 150)}*."
    return message(text, [mrkdwn(text)])


def build_observer_list(engagement: Engagement, people: list[Person]) -> dict[str, Any]:
    """Who observes the channel's engagement."""
    title = user_text(engagement.title, 150)
    names = ", ".join(f"<@{p.user_id}>" for p in people)
    text = (f"Observers of *{title}*: {names}" if people
            else f"Nobody observes *{title}* yet. `/engagement observe @sam`")
    return message(text, [mrkdwn(text)])
