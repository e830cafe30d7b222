"""Check-in messages: the summary in the channel, the form, and the owner's status board."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.db.models import Checkin, Engagement
from bot.domain import status, worktime
from bot.domain.checkins import STATUSES
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, header, message, mrkdwn, user_text
from bot.slack.blocks.kickoff import next_checkin
from bot.text.counts import plural

EMOJI = {"on_track": ":large_green_circle:", "at_risk": ":large_yellow_circle:", "blocked": ":red_circle:",
         "silent": ":white_circle:"}


def describe(checkin: Checkin) -> str:
    """':large_green_circle: On track · 60%'."""
    progress = f" · {checkin.progress}%" if checkin.progress is not None else ""
    return f"{EMOJI[checkin.status]} {STATUSES[checkin.status]}{progress}"


def build_checkin_summary(engagement: Engagement, checkin: Checkin, *, edited: bool) -> dict[str, Any]:
    """What the channel sees: status and the three answers, never money."""
    who = f"<@{engagement.contractor.person.user_id}>"
    lines = [f"{who} {'updated their' if edited else 'checked in:'}{' check-in:' if edited else ''} "
             f"{describe(checkin)}"]
    for label, value in (("Done", checkin.done), ("Next", checkin.next), ("Blockers", checkin.blockers)):
        if value:
            lines.append(f"*{label}:* {user_text(value, 900)}")
    if checkin.minutes_worked is not None:
        lines.append(f"*Hours:* {checkin.minutes_worked // 60}h{checkin.minutes_worked % 60:02d}")
    return message(f"Check-in: {STATUSES[checkin.status]}", [mrkdwn("\n".join(lines))])


def build_checkin_modal(engagement: Engagement, existing: Checkin | None, channel_id: str) -> dict[str, Any]:
    """The check-in form, pre-filled with today's check-in when editing it."""
    hours = ""
    if existing and existing.minutes_worked is not None:
        hours = f"{existing.minutes_worked // 60}h{existing.minutes_worked % 60:02d}"
    choices = [(label, key) for key, label in STATUSES.items()]
    return forms.modal(
        ids.CHECKIN_MODAL,
        "Edit today's check-in" if existing else "Check in",
        [
            context(f"*{user_text(engagement.title, 200)}*"),
            forms.radio(ids.STATUS, "Status", choices, initial=existing.status if existing else "on_track"),
            forms.text_input(ids.PROGRESS, "Progress (%)", optional=True, max_length=3,
                             initial=str(existing.progress) if existing and existing.progress is not None else ""),
            forms.text_input(ids.DONE, "What did you get done?", multiline=True, optional=True,
                             initial=existing.done if existing else ""),
            forms.text_input(ids.NEXT, "What's next?", multiline=True, optional=True,
                             initial=existing.next if existing else ""),
            forms.text_input(ids.BLOCKERS, "Anything blocking you?", multiline=True, optional=True,
                             initial=existing.blockers if existing else ""),
            forms.text_input(ids.WORKED, "Hours worked", optional=True, initial=hours, placeholder="3.5h",
                             max_length=10),
        ],
        submit="Save" if existing else "Check in",
        private_metadata=metadata.seal({"engagement_id": engagement.id, "channel_id": channel_id}),
    )


def build_checkin_saved(engagement: Engagement, checkin: Checkin, *, created: bool) -> dict[str, Any]:
    """The contractor's own confirmation."""
    verb = "Thanks, your check-in is saved" if created else "Your check-in for today is updated"
    return message(verb, [mrkdwn(f":white_check_mark: {verb} for *{user_text(engagement.title, 200)}*: "
                                 f"{describe(checkin)}")])


def build_board(rows: list[status.BoardRow], now: datetime) -> dict[str, Any]:
    """The owner's ephemeral status board: one section per engagement (summarised past 40)."""
    if not rows:
        return message("No engagements yet.", [mrkdwn(
            "You have no engagements in progress. Start one in a channel with "
            '`/kickoff @name "Title" due 2026-12-20`.')])
    blocks = [header(f"Status board ({len(rows)})")]
    for row in rows[:40]:
        blocks.append(mrkdwn(board_line(row, now)))
    if len(rows) > 40:
        blocks.append(context(f"…and {len(rows) - 40} more engagements."))
    return message(f"Status of {plural(len(rows), 'engagement')}", blocks)


def board_line(row: status.BoardRow, now: datetime) -> str:
    """One engagement's status in two lines."""
    engagement, owner_tz = row.engagement, row.engagement.owner.tz
    health = status.health(row)
    if row.last is None:
        last = "no check-in yet"
    else:
        ago = "today" if row.days_since == 0 else f"{row.days_since} d ago"
        last = f"last check-in {ago}: {describe(row.last)}"
    upcoming = next_checkin(engagement, now)
    due = worktime.format_local(upcoming, owner_tz, with_day=True) if upcoming else "none scheduled"
    overdue = f" ({row.overdue_tasks} overdue)" if row.overdue_tasks else ""
    return (f"{EMOJI[health]} *{user_text(engagement.title, 150)}* · <@{engagement.contractor.person.user_id}> "
            f"in <#{engagement.channel_id}>\n{last} · next {due} · {row.open_tasks} open tasks{overdue}")
