"""Review reminders: a submission waiting 3 of the owner's working days (then every 3 more) reminds the owner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Submission
from bot.domain.schedule import work_hours
from bot.domain.work import reviews
from bot.slack.blocks.milestones import build_review_request
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Remind owners of the latest reminder due per waiting submission, in their working hours."""
    with ctx.runtime.sessions() as session:
        items = unsent(session, [item for s in reviews.waiting(session) if (item := reminder_for(s, ctx.now))])
    yield from send_all(ctx, items)


def reminder_for(submission: Submission, now: datetime) -> Outgoing | None:
    """The owner's reminder about one submission, if one is due and the owner is at work."""
    owner = submission.task.engagement.owner
    number = reviews.reminder_number(owner, submission.submitted_at, now)
    if number is None or not work_hours.in_working_hours(owner, now):
        return None
    return Outgoing(
        key=reviews.key_for(submission, number), duty=reviews.DUTY, team_id=submission.task.engagement.team_id,
        channel=owner.user_id, due_at=submission.submitted_at,
        payload=build_review_request(submission, reminder=number),
        summary=f"review reminder {number} for task {submission.task.number} to owner <@{owner.user_id}>",
    )


