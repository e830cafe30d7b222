"""The owner's status board: one row per engagement, read instead of pinging the contractor.

`/checkin status` is the command owners type most, so its read path is built for speed: the
statements are built once at import (building a statement costs more CPU than running it), and
`board_for` reads plain columns into small cards instead of loading the ORM object graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from bot.db.models import Checkin, Contractor, Engagement, Observer, Person, Task
from bot.domain import engagements, worktime
from bot.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class PersonCard:
    """The two things the board shows of a person."""

    user_id: str
    tz: str


@dataclass(frozen=True, slots=True)
class ContractorCard:
    person: PersonCard


@dataclass(frozen=True, slots=True)
class EngagementCard:
    """An engagement's board columns under the ORM's attribute names, so the board's builders read either."""

    id: int
    title: str
    channel_id: str
    status: str
    checkin_days: str
    checkin_time: time
    owner: PersonCard
    contractor: ContractorCard


@dataclass(frozen=True, slots=True)
class CheckinCard:
    """What the board shows of the latest check-in."""

    status: str
    progress: int | None
    local_date: date


@dataclass(frozen=True)
class BoardRow:
    """Everything the board shows about one engagement."""

    engagement: Engagement | EngagementCard
    last: Checkin | CheckinCard | None
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
    return [_row(engagement, latest.get(engagement.id), tasks.get(engagement.id, []), now) for engagement in chosen]


def _row(engagement: Engagement | EngagementCard, last: Checkin | CheckinCard | None,
         dues: list[tuple[date | None, int]], now: datetime) -> BoardRow:
    today = worktime.local_today(now, engagement.owner.tz)
    overdue = sum(count for due, count in dues if due is not None and due < today)
    # Days since counted in the contractor's calendar, as check-ins are (checkins.local_date).
    days = (worktime.local_today(now, engagement.contractor.person.tz) - last.local_date).days if last else None
    return BoardRow(engagement, last, days, sum(count for _, count in dues), overdue)


# People belong to the workspace of their engagements (people.ensure is always called with the
# engagement's team), so filtering them by team_id too changes no answer and lets the
# (team_id, user_id) index find them instead of a scan of everyone.
_owner, _worker, _observer, _older = aliased(Person), aliased(Person), aliased(Person), aliased(Checkin)
_me = select(Person.id).where(Person.team_id == bindparam("team_id"), Person.user_id == bindparam("user_id"))
_observed = (
    select(Observer.engagement_id)
    .join(_observer, Observer.person_id == _observer.id)
    .where(_observer.team_id == bindparam("team_id"), _observer.user_id == bindparam("user_id"),
           Observer.removed_at.is_(None))
)
_newest_day = (
    select(func.max(_older.local_date)).where(_older.engagement_id == Engagement.id).correlate(Engagement)
    .scalar_subquery()
)


def _board_part(part: int, *chosen: ColumnElement[bool]) -> Select[Any]:
    """One half of the board: its engagements' columns, their people's and their latest check-in's."""
    return (
        # Labels that differ from the column names: SQLite orders a UNION only by result names.
        select(literal(part).label("part"), Engagement.deadline.label("due"), Engagement.id.label("engagement_id"),
               Engagement.title, Engagement.channel_id, Engagement.status, Engagement.checkin_days,
               Engagement.checkin_time,
               _owner.user_id, _owner.tz, _worker.user_id.label("worker_id"), _worker.tz.label("worker_tz"),
               Checkin.status.label("last_status"), Checkin.progress, Checkin.local_date)
        .join(_owner, Engagement.owner_id == _owner.id)
        .join(Contractor, Engagement.contractor_id == Contractor.id)
        .join(_worker, Contractor.person_id == _worker.id)
        .outerjoin(Checkin, (Checkin.engagement_id == Engagement.id) & (Checkin.local_date == _newest_day))
        .where(Engagement.team_id == bindparam("team_id"), Engagement.status.in_(engagements.OPEN_STATUSES), *chosen)
    )


# Owned engagements first, then the observed ones the person does not own; each soonest deadline first.
_BOTH = union_all(
    _board_part(0, Engagement.owner_id == _me.scalar_subquery()),
    _board_part(1, Engagement.id.in_(_observed), _owner.user_id != bindparam("user_id")),
)
_BOARD = _BOTH.order_by(_BOTH.selected_columns.part, _BOTH.selected_columns.due, _BOTH.selected_columns.engagement_id)


def board_for(session: Session, *, team_id: str, user_id: str, now: datetime) -> list[BoardRow]:
    """The engagements a person owns, then those they observe: the rows of `board` + `rows_for(observed)`.

    Two queries, whatever the number of engagements, and no ORM objects: cards with the same names.
    """
    rows = session.execute(_BOARD, {"team_id": team_id, "user_id": user_id}).all()
    dues = open_tasks_by_due(session, [row.engagement_id for row in rows])
    board = []
    for (_, _, id_, title, channel_id, status, days, at, owner_id, owner_tz, worker_id, worker_tz,
         last_status, progress, last_day) in rows:
        card = EngagementCard(id_, title, channel_id, status, days, at, PersonCard(owner_id, owner_tz),
                              ContractorCard(PersonCard(worker_id, worker_tz)))
        last = CheckinCard(last_status, progress, last_day) if last_day is not None else None
        board.append(_row(card, last, dues.get(id_, []), now))
    return board


_CONTRACTED = (
    select(Engagement.id, Engagement.channel_id, _owner.user_id)
    .join(Contractor, Engagement.contractor_id == Contractor.id)
    .join(_worker, Contractor.person_id == _worker.id)
    .join(_owner, Engagement.owner_id == _owner.id)
    .where(_worker.team_id == bindparam("team_id"), _worker.user_id == bindparam("user_id"),
           Engagement.team_id == bindparam("team_id"), Engagement.status.in_(engagements.OPEN_STATUSES))
)


def checkin_target(session: Session, *, team_id: str, user_id: str, channel_id: str) -> int | None:
    """checkins.engagement_for_contractor's answer as an id, in one query (every /checkin asks it first).

    This channel's engagement if the person is its contractor (and not its owner), else their only
    open one; several elsewhere is the same refusal.
    """
    mine = session.execute(_CONTRACTED, {"team_id": team_id, "user_id": user_id}).all()
    here = [id_ for id_, channel, owner_id in mine if channel == channel_id and owner_id != user_id]
    if here:
        return here[0]
    if len(mine) > 1:
        raise DomainError("You work on several engagements: run /checkin in the engagement's channel.")
    return mine[0][0] if mine else None


_NEWEST = select(Checkin.engagement_id, func.max(Checkin.local_date).label("day")).where(
    Checkin.engagement_id.in_(bindparam("ids", expanding=True))).group_by(Checkin.engagement_id).subquery()
_LATEST = select(Checkin).join(
    _NEWEST, (Checkin.engagement_id == _NEWEST.c.engagement_id) & (Checkin.local_date == _NEWEST.c.day))


def latest_checkins(session: Session, engagement_ids: list[int]) -> dict[int, Checkin]:
    """The most recent check-in of each engagement (one per contractor-local day, so the day decides)."""
    if not engagement_ids:
        return {}
    return {checkin.engagement_id: checkin for checkin in session.scalars(_LATEST, {"ids": engagement_ids})}


_OPEN_TASKS = (
    select(Task.engagement_id, Task.due_on, func.count())
    .where(Task.engagement_id.in_(bindparam("ids", expanding=True)), Task.status != "done")
    .group_by(Task.engagement_id, Task.due_on)
)


def open_tasks_by_due(session: Session, engagement_ids: list[int]) -> dict[int, list[tuple[date | None, int]]]:
    """Open (not done) tasks counted per engagement and due date; overdue depends on each reader's today."""
    if not engagement_ids:
        return {}
    grouped: dict[int, list[tuple[date | None, int]]] = {}
    for engagement_id, due_on, count in session.execute(_OPEN_TASKS, {"ids": engagement_ids}):
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
