"""The buttons a contractor uses instead of slash commands (Slack Connect members of another organisation have none).

Ids only: what a button carries is shown to everyone in a shared channel, so never money.
"""

from __future__ import annotations

from typing import Any

from bot.db.models import Task
from bot.domain.shapes import EngagementLike
from bot.slack import ids
from bot.slack.blocks.common import button


def my_work_button(engagement: EngagementLike) -> dict[str, Any]:
    """'My tasks': the contractor's own work, answered to them alone."""
    return button("My tasks", ids.MY_WORK, str(engagement.id))


def submit_button(task: Task, label: str = "Submit for review", *, numbered: bool = False) -> dict[str, Any]:
    """Hand the task in for review: opens the submit form (only its contractor gets it).

    `numbered`: the action id ends in the task's number, for a row of them (Slack refuses two
    elements of one block with the same action id).
    """
    return button(label, f"{ids.OPEN_SUBMIT}_{task.number}" if numbered else ids.OPEN_SUBMIT, str(task.id))


def thanks_button(engagement: EngagementLike) -> dict[str, Any]:
    """'Say thanks': the /thanks form, for someone who has no /thanks."""
    return button("Say thanks", ids.OPEN_THANKS, str(engagement.id))


def task_buttons(task: Task) -> dict[str, Any]:
    """The actions under a task's announcement in the channel."""
    return {"type": "actions", "block_id": f"task_{task.id}", "elements": [
        submit_button(task), my_work_button(task.engagement)]}
