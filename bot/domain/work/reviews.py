"""Reviews waiting on the owner.

A submission left unreviewed for 3 of the owner's working days reminds the owner, then again
every 3 working days: the contractor should not wait on us. Working days are counted in the
owner's working hours, so weekends, holidays and time off do not count against them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.db.models import Contractor, Engagement, Person, Submission, Task
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import work_hours

DUTY = "review_reminder"
REVIEW_DAYS = 3
MAX_REMINDERS = 10


def key_for(submission: Submission, number: int) -> str:
    """`review:<submission>:<n>`: the n-th reminder about one submission."""
    return ledger_keys.review(submission.id, number)


def waiting(session: Session) -> list[Submission]:
    """Pending submissions of open engagements, with the owner's calendar loaded (one query)."""
    statement = (
        select(Submission).join(Task, Submission.task_id == Task.id)
        .join(Engagement, Task.engagement_id == Engagement.id)
        .where(Submission.outcome == "pending", Task.status == "submitted", Engagement.status == "active")
        .options(joinedload(Submission.task).joinedload(Task.engagement).joinedload(Engagement.owner)
                 .selectinload(Person.time_off),
                 joinedload(Submission.task).joinedload(Task.engagement).joinedload(Engagement.contractor)
                 .joinedload(Contractor.person))
        .order_by(Submission.submitted_at)
    )
    return list(session.scalars(statement).unique())


def reminder_number(owner: Person, submitted_at: datetime, now: datetime) -> int | None:
    """The latest reminder due at `now` (1 after 3 working days, 2 after 6, ...), or None."""
    on = submitted_at.date()
    day = datetime.combine(on, owner.work_end) - datetime.combine(on, owner.work_start)
    hours = day / timedelta(hours=1)
    latest = None
    for number in range(1, MAX_REMINDERS + 1):
        if work_hours.add_working_hours(owner, submitted_at, REVIEW_DAYS * number * hours) > now:
            break
        latest = number
    return latest
