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
    """Board rows for the given engagements (the owner's, or those a person observes).

    Two queries however many engagements: the board is what owners read instead of pinging.
    """
    ids = [engagement.id for engagement in chosen]
    latest = latest_checkins(session, ids)
    tasks = open_tasks_by_due(session, ids)
    rows = []
    for engagement in chosen:
        today = worktime.local_today(now, engagement.owner.tz)
        last = latest.get(engagement.id)
        dues = tasks.get(engagement.id, [])
        overdue = sum(count for due, count in dues if due is not None and due < today)
        days = (checkins.local_date(engagement, now) - last.local_date).days if last else None
        rows.append(BoardRow(engagement, last, days, sum(count for _, count in dues), overdue))
    return rows


def latest_checkins(session: Session, engagement_ids: list[int]) -> dict[int, Checkin]:
    """The most recent check-in of each engagement (one per contractor-local day, so the day decides)."""
    if not engagement_ids:
        return {}
    newest = (
        select(Checkin.engagement_id, func.max(Checkin.local_date).label("day"))
        .where(Checkin.engagement_id.in_(engagement_ids))
        .group_by(Checkin.engagement_id)
        .subquery()
    )
    found = session.scalars(
        select(Checkin).join(
            newest, (Checkin.engagement_id == newest.c.engagement_id) & (Checkin.local_date == newest.c.day)
        )
    )
    return {checkin.engagement_id: checkin for checkin in found}


def open_tasks_by_due(session: Session, engagement_ids: list[int]) -> dict[int, list[tuple[date | None, int]]]:
    """Open (not done) tasks counted per engagement and due date; overdue depends on each reader's today."""
    if not engagement_ids:
        return {}
    grouped: dict[int, list[tuple[date | None, int]]] = {}
    counts = session.execute(
        select(Task.engagement_id, Task.due_on, func.count())
        .where(Task.engagement_id.in_(engagement_ids), Task.status != "done")
        .group_by(Task.engagement_id, Task.due_on)
    )
    for engagement_id, due_on, count in counts:
        grouped.setdefault(engagement_id, []).append((due_on, count))
    return grouped


def task_counts(session: Session, engagement_id: int, today: date) -> tuple[int, int]:
    """(open, overdue) tasks of one engagement; done tasks count for neither."""
    dues = open_tasks_by_due(session, [engagement_id]).get(engagement_id, [])
    return sum(c for _, c in dues), sum(c for due, c in dues if due is not None and due < today)


def health(row: BoardRow, sla_days: int = 3) -> str:
    """on_track / at_risk / blocked from the last check-in, or silent when nobody checked in lately."""
    if row.last is None or (row.days_since is not None and row.days_since > sla_days + 4):
        return "silent"
    return row.last.status
