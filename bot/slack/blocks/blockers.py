"""Blockers: the owner's DM about one still open, its Resolved state, and the line boards show."""

from __future__ import annotations

from typing import Any

from bot.db.models import Checkin, Engagement
from bot.domain.checkin.blockers import OpenBlocker
from bot.slack import ids
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text
from bot.text.counts import plural


def blocker_line(blocker: OpenBlocker) -> str:
    """'blocked 2 working days: need the logo files' (age in the contractor's working days)."""
    age = "since today" if blocker.working_days == 0 else plural(blocker.working_days, "working day")
    return f"blocked {age}: {user_text(blocker.text, 300)}"


def build_blocker_alert(engagement: Engagement, checkin: Checkin) -> dict[str, Any]:
    """Names the blocker in the contractor's words, and where it was reported; Resolved clears it."""
    who = f"<@{engagement.contractor.person.user_id}>"
    return message(f"A blocker on {fallback_text(engagement.title)} is still open", [
        mrkdwn(f":construction: {who} reported a blocker on *{user_text(engagement.title, 150)}* "
               f"in the {checkin.local_date:%a %d %b} check-in, still open two working days later:\n"
               f"> {user_text(checkin.blockers, 1500)}"),
        {"type": "actions", "block_id": f"blocker:{checkin.id}",
         "elements": [button("Resolved", ids.RESOLVE_BLOCKER, str(checkin.id), style="primary")]},
        context(f"Only you see this. Blockers usually need you to act; see <#{engagement.channel_id}>. "
                "Once it is sorted, press Resolved (or run `/checkin unblock` there) and the alerts stop."),
    ])


def build_blocker_notice(engagement: Engagement, checkin: Checkin) -> dict[str, Any]:
    """The channel's notice: the blocker in the contractor's words, and Resolved for either of them."""
    who, owner = f"<@{engagement.contractor.person.user_id}>", f"<@{engagement.owner.user_id}>"
    return message(f"A blocker on {engagement.title} is still open", [
        mrkdwn(f":construction: The blocker {who} reported in the {checkin.local_date:%a %d %b} check-in "
               f"is still open two working days later:\n> {user_text(checkin.blockers, 1500)}"),
        {"type": "actions", "block_id": f"blocker:{checkin.id}",
         "elements": [button("Resolved", ids.RESOLVE_BLOCKER, str(checkin.id), style="primary")]},
        context(f"Sorted? {who} or {owner}: press Resolved, or run `/checkin unblock`."),
    ])


def build_blocker_resolved(engagement: Engagement, checkin: Checkin, by_user: str) -> dict[str, Any]:
    """The alert once cleared: what the blocker was and who cleared it, no button."""
    return message(f"Blocker on {engagement.title} resolved", [
        mrkdwn(f":white_check_mark: The blocker on *{user_text(engagement.title, 150)}* from the "
               f"{checkin.local_date:%a %d %b} check-in is resolved (by <@{by_user}>):\n"
               f"> {user_text(checkin.blockers, 1500)}"),
    ])
