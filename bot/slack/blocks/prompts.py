"""Scheduled check-in messages: the prompt, the gentle reminder, the snoozed nudge, the owner's alert."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.db.models import Engagement
from bot.domain.schedule import worktime
from bot.slack import ids
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text


def snooze_value(engagement_id: int, local_date: date) -> str:
    """What the Snooze button carries: the engagement and the slot's contractor-local date."""
    return f"{engagement_id}:{local_date.isoformat()}"


def _buttons(engagement: Engagement, local_date: date) -> dict[str, Any]:
    return {"type": "actions", "elements": [
        button("Check in", ids.OPEN_CHECKIN, str(engagement.id), style="primary"),
        button("Snooze 2 h", ids.SNOOZE_CHECKIN, snooze_value(engagement.id, local_date)),
    ]}


def both_times(instant: datetime, engagement: Engagement) -> str:
    """'10:00 Manila · 03:00 London': the contractor's time first, the owner's after."""
    contractor_tz, owner_tz = engagement.contractor.person.tz, engagement.owner.tz
    text = worktime.format_local(instant, contractor_tz)
    if owner_tz != contractor_tz:
        text += f" · {worktime.format_local(instant, owner_tz)}"
    return text


def build_checkin_prompt(engagement: Engagement, local_date: date, due_at: datetime) -> dict[str, Any]:
    """The prompt in the engagement's channel: short, one mention, two buttons."""
    who = f"<@{engagement.contractor.person.user_id}>"
    title = user_text(engagement.title, 150)
    return message(f"Check-in time for {fallback_text(engagement.title)}", [
        mrkdwn(f":wave: {who}, time for your check-in on *{title}*. "
               "Reply in this thread (e.g. `on-track finished the mockups`) or press *Check in*."),
        _buttons(engagement, local_date),
        context(f"Scheduled for {both_times(due_at, engagement)}"),
    ])


def build_reminder(engagement: Engagement, local_date: date) -> dict[str, Any]:
    """The one gentle reminder, posted in the prompt's thread."""
    who = f"<@{engagement.contractor.person.user_id}>"
    return message("A gentle reminder about your check-in", [
        mrkdwn(f"{who}, a gentle reminder: a quick reply here is enough (status and a line on what you did)."),
        _buttons(engagement, local_date),
    ])


def build_snoozed(engagement: Engagement, local_date: date) -> dict[str, Any]:
    """The nudge when a snooze runs out."""
    who = f"<@{engagement.contractor.person.user_id}>"
    return message("Your snoozed check-in", [
        mrkdwn(f"{who}, your snoozed check-in is back: reply here or press *Check in*."),
        _buttons(engagement, local_date),
    ])


def build_owner_alert(engagement: Engagement, local_date: date, prompt_link: str | None) -> dict[str, Any]:
    """The owner's direct message when a prompt stays unanswered after twice the SLA."""
    who = f"<@{engagement.contractor.person.user_id}>"
    title = user_text(engagement.title, 150)
    where = f"<{prompt_link}|the prompt>" if prompt_link else f"<#{engagement.channel_id}>"
    return message(f"No check-in from {fallback_text(engagement.contractor.person.name or 'your contractor')}", [
        mrkdwn(f":hourglass: {who} has not answered the {local_date:%a %d %b} check-in on *{title}* "
               f"({where}), twice the {engagement.sla_hours} h response time counted in their working hours. "
               "A short direct message usually helps."),
        context("Only you see this. `/checkin status` shows all your engagements."),
    ])
