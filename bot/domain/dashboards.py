"""What the Home tab shows: the owner's dashboard and the contractor's own view.

Each is read in a fixed number of queries, however many engagements there are, because an
owner with hundreds of engagements opens the Home tab as often as anyone. The contractor's
view never loads payments, budgets or unshared feedback: what is not read cannot leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement, Feedback, Payment, Task, Thanks
from bot.domain import checkins, engagements, worktime
from bot.domain.status import BoardRow

SHOWN_TASKS, SHOWN_FEEDBACK, SHOWN_THANKS = 15, 5, 10


@dataclass(frozen=True)
class OwnerDashboard:
    """Every open engagement the person owns as a board row, and what they owe."""

    rows: list[BoardRow]
    payments_due: list[Payment]


@dataclass(frozen=True)
class ContractorDashboard:
    """The contractor's engagements, open tasks, shared feedback and thanks; never money."""

    engagements: list[Engagement]
    open_tasks: list[Task]
    feedback: list[tuple[Engagement, Feedback]]
    thanks: list[Thanks]


def for_owner(session: Session, *, team_id: str, user_id: str, now: datetime) -> OwnerDashboard:
    """Board rows of all open engagements the person owns (paged by the caller) and payments due."""
    found = engagements.for_owner(session, team_id=team_id, user_id=user_id)
    ids = [e.id for e in found]
    if not ids:
        return OwnerDashboard([], [])
    today = worktime.local_today(now, found[0].owner.tz)
    latest = latest_checkins(session, ids)
    counts = task_counts(session, ids, today)
    rows = []
    for engagement in found:
        last = latest.get(engagement.id)
        days = (checkins.local_date(engagement, now) - last.local_date).days if last else None
        rows.append(BoardRow(engagement, last, days, *counts.get(engagement.id, (0, 0))))
    due = session.scalars(select(Payment).where(Payment.engagement_id.in_(ids), Payment.status != "paid")
                          .order_by(Payment.due_on, Payment.id))
    return OwnerDashboard(rows, list(due))


def latest_checkins(session: Session, engagement_ids: list[int]) -> dict[int, Checkin]:
    """The most recent check-in of each engagement, in one query."""
    newest = (select(Checkin.engagement_id, func.max(Checkin.local_date).label("day"))
              .where(Checkin.engagement_id.in_(engagement_ids)).group_by(Checkin.engagement_id).subquery())
    rows = session.scalars(select(Checkin).join(
        newest, (Checkin.engagement_id == newest.c.engagement_id) & (Checkin.local_date == newest.c.day)))
    return {row.engagement_id: row for row in rows}


def task_counts(session: Session, engagement_ids: list[int], today: date) -> dict[int, tuple[int, int]]:
    """(open, overdue) tasks per engagement, in one grouped query; done tasks count for neither."""
    overdue = func.sum(case((Task.due_on < today, 1), else_=0))
    rows = session.execute(
        select(Task.engagement_id, func.count(), overdue)
        .where(Task.engagement_id.in_(engagement_ids), Task.status != "done").group_by(Task.engagement_id)
    )
    return {engagement_id: (total, int(late or 0)) for engagement_id, total, late in rows}


def for_contractor(session: Session, *, team_id: str, user_id: str) -> ContractorDashboard:
    """What a contractor sees of their own work: no money, only feedback the owner chose to share."""
    found = engagements.for_contractor(session, team_id=team_id, user_id=user_id)
    ids = [e.id for e in found]
    by_id = {e.id: e for e in found}
    tasks = list(session.scalars(
        select(Task).where(Task.engagement_id.in_(ids), Task.status != "done")
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id).limit(SHOWN_TASKS))) if ids else []
    shared = list(session.scalars(
        select(Feedback).where(Feedback.engagement_id.in_(ids), Feedback.shared_at.is_not(None))
        .order_by(Feedback.shared_at.desc()).limit(SHOWN_FEEDBACK))) if ids else []
    thanks = list(session.scalars(
        select(Thanks).where(Thanks.team_id == team_id, Thanks.to_user == user_id)
        .order_by(Thanks.created_at.desc()).limit(SHOWN_THANKS)))
    return ContractorDashboard(found, tasks, [(by_id[f.engagement_id], f) for f in shared], thanks)
