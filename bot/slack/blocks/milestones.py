"""Milestone messages: the owner's review DM and its outcome, the thread notes, the change-request form.

Money appears only in what the owner alone sees (the review DM and replies to the owner); the
channel and its threads hear that work was submitted, sent back or approved, never for how much.
"""

from __future__ import annotations

import re
from typing import Any

from bot.db.models import Payment, Submission, Task
from bot.domain.money.payments import money_of
from bot.domain.work import milestones
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text
from bot.slack.blocks.contractor_buttons import submit_button

_URL = re.compile(r"https?://[^\s<>|]+")


def link_text(link: str) -> str:
    """A safe Slack link for a URL, the escaped text otherwise, '' for none."""
    if not link:
        return ""
    return f"<{link}|{user_text(link, 80)}>" if _URL.fullmatch(link) else user_text(link, 500)


def _task_name(task: Task) -> str:
    return f"task *{task.number}*: {user_text(task.title, 200)}"


def build_submitted(submission: Submission) -> dict[str, Any]:
    """What the task's thread hears when the contractor submits (no money)."""
    task = submission.task
    link = link_text(submission.link)
    text = (f":inbox_tray: <@{submission.submitted_by}> submitted {_task_name(task)} for review"
            f"{' (round ' + str(submission.round) + ')' if submission.round > 1 else ''}."
            + (f"\n{link}" if link else ""))
    return message(f"Task {task.number} submitted for review", [mrkdwn(text)])


def build_submit_reply(submission: Submission) -> dict[str, Any]:
    """The contractor's own confirmation."""
    text = (f":white_check_mark: Task *{submission.task.number}* is submitted for review. "
            f"<@{submission.task.engagement.owner.user_id}> has been asked to approve it or request changes.")
    return message(f"Task {submission.task.number} submitted", [mrkdwn(text)])


def build_review_request(submission: Submission, *, reminder: int | None = None) -> dict[str, Any]:
    """The owner's DM: what was submitted, what it earns, Approve / Request changes."""
    task, engagement = submission.task, submission.task.engagement
    pay = milestones.pay_of(task)
    lead = (f":hourglass: Still waiting for your review ({reminder * 3} working days)." if reminder
            else ":inbox_tray: Work submitted for your review.")
    lines = [lead, f"<@{submission.submitted_by}> submitted {_task_name(task)} on *{user_text(engagement.title, 150)}*"
             f"{' — round ' + str(submission.round) if submission.round > 1 else ''}."]
    if submission.link:
        lines.append(link_text(submission.link))
    if pay is not None:
        lines.append(f"Approving it makes *{pay.format()}* due in {engagement.payment_terms_days} days.")
    return message(f"Review task {task.number}: {fallback_text(task.title)}", [
        mrkdwn("\n".join(lines)),
        {"type": "actions", "elements": [
            button("Approve", ids.APPROVE_WORK, str(submission.id), style="primary"),
            button("Request changes", ids.REQUEST_CHANGES, str(submission.id)),
        ]},
        context("Only you see this. The contractor should not wait on us: please decide within 3 working days."),
    ])


def build_review_decided(submission: Submission, payment: Payment | None) -> dict[str, Any]:
    """What the owner's review DM becomes once decided."""
    task = submission.task
    if submission.outcome == "approved":
        text = f":white_check_mark: You approved {_task_name(task)}."
        if payment is not None:
            text += (f" Payment {payment.number} of *{money_of(payment).format()}* is due "
                     f"{payment.due_on:%a %d %b %Y}; I'll remind you before then.")
    else:
        text = (f":leftwards_arrow_with_hook: You asked for changes to {_task_name(task)}:\n"
                f"> {user_text(submission.comment, 1500)}")
    return message(f"Task {task.number} reviewed", [mrkdwn(text)])


def build_approved(submission: Submission) -> dict[str, Any]:
    """The task's thread: approved, thanks to the contractor (no money)."""
    task = submission.task
    first = " on the first pass" if submission.round == 1 else ""
    text = (f":tada: <@{submission.reviewed_by}> approved {_task_name(task)}{first}. "
            f"Task done, <@{submission.submitted_by}>!")
    return message(f"Task {task.number} approved", [mrkdwn(text)])


def build_changes_requested(submission: Submission) -> dict[str, Any]:
    """The task's thread: what to change, addressed to the contractor."""
    task = submission.task
    text = (f":leftwards_arrow_with_hook: <@{submission.submitted_by}>, <@{submission.reviewed_by}> asked for changes "
            f"to {_task_name(task)}:\n> {user_text(submission.comment, 2000)}\n"
            f"Resubmit with *Submit again* or `/task submit {task.number}` when it's ready.")
    return message(f"Changes requested on task {task.number}", [
        mrkdwn(text), {"type": "actions", "elements": [submit_button(task, "Submit again")]}])


def build_changes_modal(submission: Submission) -> dict[str, Any]:
    """The comment the owner must give when sending work back."""
    return forms.modal(ids.CHANGES_MODAL, "Request changes", [
        context(f"{_task_name(submission.task)} — round {submission.round}"),
        forms.text_input(ids.COMMENT, "What should change?", multiline=True, max_length=milestones.COMMENT_LIMIT,
                         hint="The contractor sees this in the task's thread."),
    ], submit="Send", private_metadata=metadata.seal({"submission_id": submission.id}))


def build_task_extras(task: Task, warning: str | None, *, owner: bool) -> list[dict[str, Any]]:
    """Blocks added to the invoker's private /task reply: the milestone's pay (to its owner alone) and a ramp
    warning. The contractor blocking or finishing a milestone gets the same reply, without its pay."""
    blocks: list[dict[str, Any]] = []
    pay = milestones.pay_of(task)
    if pay is not None and owner:
        blocks.append(context(f"Milestone pay (only you see this): {pay.format()}, due "
                              f"{task.engagement.payment_terms_days} days after you approve it. "
                              f"The contractor submits it with `/task submit {task.number}`."))
    if warning:
        blocks.append(mrkdwn(f":warning: {warning}"))
    return blocks
