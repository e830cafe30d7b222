"""What a contractor uses instead of slash commands: Submit and My tasks buttons, the submit form, their work.

Slack does not offer an app's slash commands to members of another organisation in a Slack Connect
channel, so an agency's staff work through these. Nothing here shows money: the buttons carry ids
only, and "My tasks" is built from a ContractorDashboard (no payments, budgets or unshared ratings).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.db.models import Engagement, Task
from bot.domain.reports.dashboards import ContractorDashboard
from bot.domain.schedule import worktime
from bot.domain.work import milestones
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, fallback_text, header, message, user_text
from bot.slack.blocks.contractor_buttons import submit_button, thanks_button
from bot.slack.blocks.home_contractor import engagement_line, feedback_line, task_line
from bot.slack.blocks.tasks import sections

SUBMIT_BUTTONS = 25  # Slack's limit of elements in one actions block
SHOWN_ENGAGEMENTS = 10  # with ContractorDashboard's 15 tasks and 5 feedbacks, well inside a message's text
SUBMITTABLE = ("open", "blocked")  # a submitted task waits for the owner; a done one is done


def build_submit_modal(task: Task, channel_id: str) -> dict[str, Any]:
    """The submit form: which task, and an optional link to the work (the same rules as `/task submit`)."""
    return forms.modal(ids.SUBMIT_MODAL, "Submit for review", [
        context(f"*{user_text(task.engagement.title, 150)}* · task *{task.number}*: {user_text(task.title, 200)}"),
        forms.text_input(ids.LINK, "Link to the work", optional=True, max_length=milestones.LINK_LIMIT,
                         placeholder="https://example.com/homepage-v2",
                         hint="The owner is asked to approve it or request changes."),
    ], submit="Submit", private_metadata=metadata.seal({"task_id": task.id, "channel_id": channel_id}))


def build_my_work(board: ContractorDashboard, engagement: Engagement, *, now: datetime) -> dict[str, Any]:
    """The contractor's work as an ephemeral message: next check-ins in their time, open tasks, shared feedback.

    Submit buttons are offered for this engagement's open tasks, so an agency's member never needs
    `/task submit`.
    """
    tz = engagement.contractor.person.tz
    lines = [engagement_line(shown, tz, now) for shown in board.engagements[:SHOWN_ENGAGEMENTS]]
    if len(board.engagements) > SHOWN_ENGAGEMENTS:
        lines.append(f"…and {len(board.engagements) - SHOWN_ENGAGEMENTS} more engagements.")
    titles = {e.id: e.title for e in board.engagements}
    today = worktime.local_today(now, tz)
    blocks: list[dict[str, Any]] = [header("Your work"), *sections(lines or ["No open engagements."]),
                                    header("Your open tasks"),
                                    *sections([task_line(t, titles, today) for t in board.open_tasks]
                                              or ["No open tasks. :tada:"])]
    here = [t for t in board.open_tasks if t.engagement_id == engagement.id and t.status in SUBMITTABLE]
    if here:
        blocks.append({"type": "actions", "block_id": "my_work_submit", "elements": [
            submit_button(t, f"Submit {t.number}", numbered=True) for t in here[:SUBMIT_BUTTONS]]})
    if board.feedback:
        blocks += [header("Feedback shared with you"),
                   *sections([feedback_line(e.title, row) for e, row in board.feedback])]
    blocks.append({"type": "actions", "block_id": "my_work_more", "elements": [thanks_button(engagement)]})
    blocks.append(context("Only you see this. Check in from a check-in prompt (its button or a reply in its "
                          "thread); hand work in with *Submit*."))
    return message(f"Your work on {fallback_text(engagement.title)}", blocks)


def build_refusal(engagement: Engagement, what: str) -> str:
    """Why someone other than the contractor cannot use a contractor's button (nothing changes)."""
    return (f"{what} is for <@{engagement.contractor.person.user_id}>, the contractor on "
            f"*{user_text(engagement.title, 150)}*. Nothing was changed.")

