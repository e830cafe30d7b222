"""The owner's status board: one row per engagement, read instead of pinging the contractor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement, Task
from bot.domain import checkins, engagements, worktime


@dataclass(frozen=True)
class BoardRow:
    """Everything the board shows about one engagement."""

    engagement: Engagement
    last: Checkin | None
    days_since: int | None
    open_tasks: int
    overdue_tasks: int


def board(session: Session, *, team_id: str, owner_user_id: str, now: datetime) -> list[BoardRow]:
    """Rows for every open engagement the person owns."""
    return rows_for(session, engagements.for_owner(session, team_id=team_id, user_id=owner_user_id), now)


def rows_for(session: Session, chosen: list[Engagement], now: datetime) -> list[BoardRow]:
    """Board rows for the given engagements (the owner's, or those a person observes)."""
    rows = []
    for engagement in chosen:
        today = worktime.local_today(now, engagement.owner.tz)
        last = checkins.latest(session, engagement)
        open_count, overdue = task_counts(session, engagement.id, today)
        days = (checkins.local_date(engagement, now) - last.local_date).days if last else None
        rows.append(BoardRow(engagement, last, days, open_count, overdue))
    return rows


def task_counts(session: Session, engagement_id: int, today: date) -> tuple[int, int]:
    """(open, overdue) tasks of an engagement; done tasks count for neither."""
    open_filter = (Task.engagement_id == engagement_id, Task.status != "done")
    open_count = session.scalar(select(func.count()).select_from(Task).where(*open_filter)) or 0
    overdue = session.scalar(
        select(func.count()).select_from(Task).where(*open_filter, Task.due_on < today)
    ) or 0
    return open_count, overdue


def health(row: BoardRow, sla_days: int = 3) -> str:
    """on_track / at_risk / blocked from the last check-in, or silent when nobody checked in lately."""
    if row.last is None or (row.days_since is not None and row.days_since > sla_days + 4):
        return "silent"
    return row.last.status
