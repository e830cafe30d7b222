"""The deadline note in the engagement channel: what is due soon or overdue, never any money."""

from __future__ import annotations

from typing import Any

from bot.db.models import Engagement
from bot.domain.engagement.deadlines import Note
from bot.slack.blocks.common import context, fallback_text, message, mrkdwn, user_text


def build_deadline_note(engagement: Engagement, notes: list[Note]) -> dict[str, Any]:
    """One message listing every milestone of the day, mentioning the contractor once."""
    who = f"<@{engagement.contractor.person.user_id}>"
    lines = [f"• {':rotating_light: overdue' if n.overdue else ':calendar: due'} {n.due_on:%a %d %b}: "
             f"{user_text(n.label, 300)}" for n in notes]
    return message(f"Deadlines on {fallback_text(engagement.title)}", [
        mrkdwn(f"{who}, deadlines on *{user_text(engagement.title, 150)}*:\n" + "\n".join(lines)),
        context(f"Dates are in {engagement.contractor.person.tz}. `/task list` shows every task."),
    ])
