"""The trial review: the owner's DM at a trial's deadline, the new-deadline form and the outcome."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Engagement
from bot.domain.engagement import trials
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text


def describe_record(record: trials.Record) -> str:
    """'2 of 3 tasks done on time · 1 open · 9 check-ins'."""
    return (f"{record.on_time} of {record.tasks_done} finished task(s) done on time · "
            f"{record.open_tasks} open · {record.checkins} check-in(s)")


def build_trial_review(engagement: Engagement, record: trials.Record) -> dict[str, Any]:
    """'The trial with @maria on *Site* reached its deadline' with Continue / Extend / End."""
    who = f"<@{engagement.contractor.person.user_id}>"
    value = str(engagement.id)
    name = fallback_text(engagement.contractor.person.name or "your contractor")
    return message(f"Trial with {name}: continue, extend or end?", [
        mrkdwn(f":stopwatch: The trial with {who} on *{user_text(engagement.title, 150)}* reached its deadline "
               f"({engagement.deadline:%a %d %b %Y}). How did it go?\n*Record:* {describe_record(record)}"),
        {"type": "actions", "elements": [
            button("Continue", ids.TRIAL_CONTINUE, value, style="primary"),
            button("Extend the trial", ids.TRIAL_EXTEND, value),
            button("End", ids.TRIAL_END, value, style="danger"),
        ]},
        context("Only you see this. Ending stops its messages and frees the channel; its history is kept."),
    ])


def build_trial_modal(engagement: Engagement, *, keep_trial: bool, today: date,
                      message: tuple[str | None, str | None] = (None, None)) -> dict[str, Any]:
    """The new deadline for continuing (a regular engagement from now) or extending the trial.

    `message` is the review DM (channel, ts), updated with the decision once the form is saved.
    """
    title = "Extend the trial" if keep_trial else "Continue"
    tomorrow = today.toordinal() + 1
    lead = ("The trial goes on to a new deadline, and I'll ask again then." if keep_trial
            else "The engagement continues as a regular one. Set its new deadline.")
    return forms.modal(ids.TRIAL_MODAL, title, [
        context(f"*{user_text(engagement.title, 200)}* — {lead}"),
        forms.date_picker(ids.DEADLINE, "New deadline", initial=date.fromordinal(tomorrow + 29).isoformat()),
    ], submit="Save", private_metadata=metadata.seal({"engagement_id": engagement.id, "keep_trial": keep_trial,
                                                   "message": list(message)}))


def build_trial_decided(engagement: Engagement, decision: str) -> dict[str, Any]:
    """What the review DM becomes once decided."""
    title = user_text(engagement.title, 150)
    text = {
        "continue": f":white_check_mark: *{title}* continues as a regular engagement "
                    f"until {engagement.deadline:%d %b %Y}.",
        "extend": f":hourglass_flowing_sand: The trial on *{title}* is extended to {engagement.deadline:%d %b %Y}.",
        "end": f":file_cabinet: *{title}* has ended; its history is kept.",
    }[decision]
    return message(text, [mrkdwn(text)])
