"""Reviews waiting on the owner, and the review record the scorecard reads.

A submission left unreviewed for 3 of the owner's working days reminds the owner, then again
every 3 working days: the contractor should not wait on us. Working days are counted in the
owner's working hours, so weekends, holidays and time off do not count against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.db.models import Contractor, Engagement, Person, Submission, Task
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import work_hours

DUTY = "review_reminder"
REVIEW_DAYS = 3
MAX_REMINDERS = 10


@dataclass(frozen=True)
class Record:
    """Milestone reviews of one engagement: approvals, first-pass approvals and rounds of changes."""

    approved: int = 0
    first_pass: int = 0
    revision_rounds: int = 0


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


def records(session: Session, engagement_ids: Iterable[int]) -> dict[int, Record]:
    """The review record per engagement (for the scorecard): one query."""
    wanted = list(set(engagement_ids))
    rows = session.execute(
        select(Task.engagement_id, Task.id, Submission.outcome)
        .join(Submission, Submission.task_id == Task.id).where(Task.engagement_id.in_(wanted))
    ) if wanted else []
    per_task: dict[tuple[int, int], list[str]] = {}
    for engagement_id, task_id, outcome in rows:
        per_task.setdefault((engagement_id, task_id), []).append(outcome)
    found: dict[int, Record] = {}
    for (engagement_id, _), outcomes in per_task.items():
        old = found.get(engagement_id, Record())
        approved = "approved" in outcomes
        found[engagement_id] = Record(
            approved=old.approved + approved,
            first_pass=old.first_pass + (approved and "changes" not in outcomes),
            revision_rounds=old.revision_rounds + outcomes.count("changes"),
        )
    return found
