"""An engagement's life after kickoff: edits told in the channel, the end, and the passed-deadline question.

What goes to the channel (which may be shared with the contractor's agency) never carries money;
the closing review and the deadline question are the owner's own DMs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Engagement, Payment
from bot.domain.engagement import lifecycle
from bot.domain.reports import scorecards
from bot.slack import ids
from bot.slack.blocks.common import button, context, divider, header, message, mrkdwn, user_text
from bot.slack.blocks.payments import payment_line
from bot.slack.blocks.scorecards import card_blocks


def build_plan_changed(engagement: Engagement, by_user: str, changes: list[str]) -> dict[str, Any]:
    """The channel's note of a schedule change (title, deadline, check-ins, SLA): never the budget."""
    lines = "\n".join(f"• {user_text(line, 300)}" for line in changes)
    text = f":pencil2: <@{by_user}> updated the plan of *{user_text(engagement.title, 150)}*:\n{lines}"
    return message(f"The plan of {user_text(engagement.title, 150)} changed", [mrkdwn(text)])


def build_edit_reply(engagement: Engagement, changes: lifecycle.Changes) -> dict[str, Any]:
    """The owner's private confirmation of an edit, money included."""
    lines = changes.schedule + changes.private
    if not lines:
        return message("Nothing changed.", [mrkdwn(
            f"*{user_text(engagement.title, 150)}* already had those settings, so nothing changed.")])
    listed = "\n".join(f"• {user_text(line, 300)}" for line in lines)
    told = " The channel was told about the schedule." if changes.schedule else ""
    return message("Saved.", [mrkdwn(f":white_check_mark: Saved for *{user_text(engagement.title, 150)}*:\n{listed}"),
                              context("The budget stays private to you." + told)])


def build_paused(engagement: Engagement, paused: bool) -> dict[str, Any]:
    """The owner's confirmation of pause or resume."""
    title = user_text(engagement.title, 150)
    text = (f":double_vertical_bar: *{title}* is paused: no check-in prompts, reminders or digests until "
            "you `/engagement resume`." if paused else
            f":arrow_forward: *{title}* is running again: prompts and reminders resume at their next time.")
    return message(text, [mrkdwn(text)])


def build_closing_note(engagement: Engagement, by_user: str) -> dict[str, Any]:
    """The channel's short note that the engagement ended (no money, no ratings)."""
    who = f"<@{engagement.contractor.person.user_id}>"
    reason = f"\n>{user_text(engagement.end_reason, 300)}" if engagement.end_reason else ""
    text = (f":checkered_flag: *{user_text(engagement.title, 150)}* has ended (by <@{by_user}>). "
            f"Thank you {who}!{reason}\nNo more check-in prompts here; this channel is free for a new `/kickoff`.")
    return message(f"{user_text(engagement.title, 150)} has ended", [mrkdwn(text)])


def build_closing_review(engagement: Engagement, card: scorecards.Card | None, open_payments: list[Payment],
                         today: date) -> dict[str, Any]:
    """The owner's DM at the end: the final scorecard and the payments still open."""
    title = user_text(engagement.title, 150)
    blocks: list[dict[str, Any]] = [header("Closing review"), mrkdwn(
        f":checkered_flag: *{title}* with <@{engagement.contractor.person.user_id}> has ended. "
        "Here is how it went; every record is kept.")]
    if card is not None:
        blocks += card_blocks(card)
    blocks.append(divider())
    if open_payments:
        blocks.append(mrkdwn("*Still to pay* (reminders continue until each is marked paid):\n" + "\n".join(
            f"• {payment_line(p, today)}" for p in open_payments[:10])))
    else:
        blocks.append(mrkdwn("*Payments:* nothing left to pay. :tada:"))
    blocks.append(context("Only you see this. Changed your mind? `/engagement reopen` in its channel within 14 days."))
    return message(f"Closing review of {title}", blocks)


def build_ended_reply(engagement: Engagement) -> dict[str, Any]:
    """The owner's ephemeral confirmation of /engagement end."""
    text = (f":checkered_flag: *{user_text(engagement.title, 150)}* has ended. I sent you its closing review in "
            "a DM; `/engagement reopen` undoes this within 14 days.")
    return message(text, [mrkdwn(text)])


def build_reopened(engagement: Engagement) -> dict[str, Any]:
    """The channel's note that an ended engagement is back."""
    text = (f":arrows_counterclockwise: *{user_text(engagement.title, 150)}* is reopened, due "
            f"{engagement.deadline:%a %d %b %Y}. Check-in prompts resume at their next time.")
    return message(text, [mrkdwn(text)])


def build_deadline_review(engagement: Engagement) -> dict[str, Any]:
    """The owner's one DM when the deadline passed with the engagement still open: Extend or End."""
    title = user_text(engagement.title, 150)
    value = str(engagement.id)
    text = (f":hourglass: The deadline of *{title}* with <@{engagement.contractor.person.user_id}> passed "
            f"({engagement.deadline:%a %d %b %Y}). I've paused its routine messages until you decide: "
            "extend it to a new deadline, or end it.")
    return message(f"The deadline of {title} passed: extend or end?", [
        mrkdwn(text),
        {"type": "actions", "elements": [
            button("Extend", ids.DEADLINE_EXTEND, value, style="primary"),
            button("End", ids.DEADLINE_END, value, style="danger"),
        ]},
        context("Only you see this. Also: `/engagement edit deadline=…` or `/engagement end` in its channel."),
    ])
