"""Check-in messages: the summary in the channel, the form, and the owner's status board."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from bot.db.models import Checkin, Engagement
from bot.domain.checkin.checkins import LABELS, STATUSES
from bot.domain.reports import status
from bot.domain.schedule import worktime
from bot.domain.shapes import BoardEngagement
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.blockers import blocker_line
from bot.slack.blocks.common import MESSAGE_TEXT_BUDGET, context, header, message, mrkdwn, text_size, user_text
from bot.slack.blocks.kickoff import next_checkin
from bot.text import examples
from bot.text.counts import plural

EMOJI = {"on_track": ":large_green_circle:", "at_risk": ":large_yellow_circle:", "blocked": ":red_circle:",
         "no_status": ":white_circle:", "silent": ":white_circle:"}


E = TypeVar("E", bound=BoardEngagement)  # a board row holds ORM engagements or cards (bot.domain.reports.status)

def describe(checkin: Checkin | status.CheckinCard) -> str:
    """':large_green_circle: On track · 60%'."""
    progress = f" · {checkin.progress}%" if checkin.progress is not None else ""
    return f"{EMOJI[checkin.status]} {LABELS[checkin.status]}{progress}"


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
    return message(f"Check-in: {LABELS[checkin.status]}", [mrkdwn("\n".join(lines))])


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


def build_board(rows: list[status.BoardRow[E]], now: datetime, today: date,
                working: Sequence[Engagement] = ()) -> dict[str, Any]:
    """The ephemeral status board: engagements owned or observed (summarised past 40), then the speaker's own work.

    A contractor sees the engagements they work on with their own next check-in, in their own zone.
    """
    if not rows and not working:
        return message("No engagements yet.", [mrkdwn(examples.render(
            "You have no engagements in progress. Start one in a channel with "
            '`/kickoff @name "Title" due {today+14}`.', today))])
    blocks: list[dict[str, Any]] = []
    # Rows go in while they fit both the 50 blocks and the text all blocks may carry together
    # (MESSAGE_TEXT_BUDGET, kept for the "more" lines and the other section's header).
    budget = MESSAGE_TEXT_BUDGET - 400
    if rows:
        blocks.append(header(f"Status board ({len(rows)})"))
        shown, budget = _fill(blocks, [mrkdwn(board_line(row, now)) for row in rows[:40]], budget)
        if len(rows) > shown:
            blocks.append(context(f"…and {len(rows) - shown} more engagements."))
    if working:
        room = 50 - len(blocks) - 2  # a message holds 50 blocks: this header and a "more" line
        blocks.append(header(f"Your work ({len(working)})"))
        shown, budget = _fill(blocks, [mrkdwn(own_line(engagement, now)) for engagement in working[:room]], budget)
        if len(working) > shown:
            blocks.append(context(f"…and {len(working) - shown} more engagements."))
    counted = plural(len(rows) or len(working), "engagement")
    return message(f"Status of {counted}" if rows else f"Your work: {counted}", blocks)


def _fill(blocks: list[dict[str, Any]], candidates: list[dict[str, Any]], budget: int) -> tuple[int, int]:
    """Append candidates in order while their text fits `budget`; (how many went in, budget left)."""
    shown = 0
    for block in candidates:
        size = text_size(block)
        if size > budget:
            break
        blocks.append(block)
        budget -= size
        shown += 1
    return shown, budget


def own_line(engagement: Engagement, now: datetime) -> str:
    """A contractor's own engagement: for whom, where, and their next check-in in their own time, zone named."""
    tz = engagement.contractor.person.tz
    upcoming = next_checkin(engagement, now) if engagement.status == "active" else None
    if engagement.status == "paused":
        when = "no check-ins while paused"
    elif upcoming is None:
        when = "no check-in scheduled"
    else:
        local = worktime.local_now(upcoming, tz)
        when = f"your next check-in {local:%a %d %b %H:%M} ({tz})"
    return (f"*{user_text(engagement.title, 150)}* for <@{engagement.owner.user_id}> in <#{engagement.channel_id}>"
            f"\n{when} · due {engagement.deadline:%a %d %b} · `/checkin` to report")


# Why an open engagement sends nothing, on the board and the Home tab alike.
STATE_NOTES = {
    "paused": " · :double_vertical_bar: *paused*: no prompts until resumed",
    "held": (" · :hourglass: *deadline passed*: messages wait until you extend it "
             "(`/engagement edit deadline=…`) or `/engagement end` it"),
}


def board_line(row: status.BoardRow[E], now: datetime) -> str:
    """One engagement's status in two lines, then its open blockers and the last check-in's notes."""
    engagement, owner_tz = row.engagement, row.engagement.owner.tz
    assessed = status.assessment(row)
    if row.last is None:
        last = "no check-in yet"
    else:
        ago = "today" if row.days_since == 0 else f"{row.days_since} d ago"
        last = f"last check-in {ago}: {describe(row.last)}"
    upcoming = next_checkin(engagement, now)
    due = worktime.format_upcoming(upcoming, owner_tz, now) if upcoming else "none scheduled"
    overdue = f" ({row.overdue_tasks} overdue)" if row.overdue_tasks else ""
    why = f" · _{assessed.why}_" if assessed.reasons else ""
    state = STATE_NOTES.get(engagement.status, "")  # "next none scheduled" alone reads as gone quiet
    extra = [f":construction: {blocker_line(blocker)}" for blocker in row.blockers[:3]]
    extra += [f":memo: _note:_ {user_text(note, 200)}" for note in row.notes]
    return (f"{EMOJI[assessed.level]} *{user_text(engagement.title, 150)}* · "
            f"<@{engagement.contractor.person.user_id}> in <#{engagement.channel_id}>{why}\n"
            f"{last} · next {due} · {row.open_tasks} open tasks{overdue}{state}"
            + "".join(f"\n{line}" for line in extra))


def build_unblocked(engagement: Engagement, cleared: list[str], by_user: str) -> dict[str, Any]:
    """Who cleared which blockers, or that there was none open."""
    title = user_text(engagement.title, 150)
    if not cleared:
        return message(f"No open blocker on {engagement.title}", [mrkdwn(
            f"There is no open blocker on *{title}*: nothing to clear.")])
    said = "\n".join(f"> {user_text(text, 300)}" for text in dict.fromkeys(cleared))
    return message(f"Blocker cleared on {engagement.title}", [mrkdwn(
        f":white_check_mark: <@{by_user}> cleared the {'blocker' if len(set(cleared)) == 1 else 'blockers'} "
        f"on *{title}*:\n{said}")])
