"""The owner's status board: one row per engagement, read instead of pinging the contractor.

Rows hold ORM engagements (the Home tab, the digest) or cards with the same attribute names
(`/checkin status`, read without the ORM in bot.domain.checkin.checkin_reads).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement, Task
from bot.domain.checkin import blockers, checkin_notes, checkins
from bot.domain.checkin.blockers import OpenBlocker
from bot.domain.reports import health as health_rule
from bot.domain.reports.health import Health, Signals
from bot.domain.schedule import worktime
from bot.domain.shapes import BoardEngagement


@dataclass(frozen=True, slots=True)
class PersonCard:
    """What the board shows of a person, and (for a contractor) the calendar their next check-in skips."""

    user_id: str
    tz: str
    work_days: str = "12345"
    country: str | None = None
    time_off: tuple[Any, ...] = ()  # rows with start_on / end_on, like Person.time_off


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
    deadline: date
    start_on: date


@dataclass(frozen=True, slots=True)
class CheckinCard:
    """What the board shows of the latest check-in."""

    status: str
    progress: int | None
    local_date: date
    id: int = 0


# An ORM Engagement (Home tab, digest) or an EngagementCard (`/checkin status`): a row holds one kind.
# (Unbounded here: mypy checks a bound in annotations before the models' columns are typed; the
# functions that read a row bound theirs to BoardEngagement.)
T = TypeVar("T")
E = TypeVar("E", bound=BoardEngagement)


@dataclass(frozen=True)
class BoardRow(Generic[T]):
    """Everything the board shows about one engagement."""

    engagement: T
    last: Checkin | CheckinCard | None
    days_since: int | None
    open_tasks: int
    overdue_tasks: int
    signals: Signals = Signals()  # noqa: RUF009 (frozen, shared safely)
    today: date | None = None  # the owner's, for the deadline; None leaves the deadline out
    # Open blockers (oldest first) and the last check-in's newest notes: what the check-in alone does not say.
    blockers: tuple[OpenBlocker, ...] = ()
    notes: tuple[str, ...] = ()


def rows_for(session: Session, chosen: list[Engagement], now: datetime) -> list[BoardRow[Engagement]]:
    """Board rows for the given engagements (the owner's, or those a person observes).

    Two queries however many engagements: the board is what owners read instead of pinging.
    """
    ids = [engagement.id for engagement in chosen]
    latest = latest_checkins(session, ids)
    tasks = open_tasks_by_due(session, ids)
    signals = health_rule.signals_for(session, chosen, {i: c.local_date for i, c in latest.items()}, now)
    stuck = blockers.open_by_engagement(session, ids, now)
    notes = checkin_notes.newest_by_checkin(session, [checkin.id for checkin in latest.values()])
    rows = []
    for engagement in chosen:
        today = worktime.local_today(now, engagement.owner.tz)
        last = latest.get(engagement.id)
        dues = tasks.get(engagement.id, [])
        overdue = sum(count for due, count in dues if due is not None and due < today)
        days = (checkins.local_date(engagement, now) - last.local_date).days if last else None
        rows.append(BoardRow(engagement, last, days, sum(count for _, count in dues), overdue,
                             signals.get(engagement.id, Signals()), today,
                             tuple(stuck.get(engagement.id, ())), tuple(notes.get(last.id, ()) if last else ())))
    return rows


def with_blockers_and_notes(session: Session, rows: list[BoardRow[E]], now: datetime) -> list[BoardRow[E]]:
    """The same rows with their open blockers and their last check-in's notes (two small queries)."""
    stuck = blockers.open_by_engagement(session, [row.engagement.id for row in rows], now)
    notes = checkin_notes.newest_by_checkin(session, [row.last.id for row in rows if row.last is not None])
    return [replace(row, blockers=tuple(stuck.get(row.engagement.id, ())),
                    notes=tuple(notes.get(row.last.id, ())) if row.last is not None else ()) for row in rows]


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


def assessment(row: BoardRow[E]) -> Health:
    """The row's health and why, by the one rule of bot.domain.reports.health (its open blockers are the ones shown)."""
    signals = row.signals
    if row.blockers:
        signals = replace(signals, open_blocker_since=min(b.since for b in row.blockers))
    away = 0  # only a long gap can be silence: the calendar is read for those rows alone
    if row.last is not None and row.days_since is not None and row.days_since > health_rule.SILENT_AFTER_DAYS:
        away = health_rule.days_away(row.engagement.contractor.person, row.last.local_date, row.days_since)
    return health_rule.assess(
        reported=row.last.status if row.last else None, progress=row.last.progress if row.last else None,
        days_since=row.days_since, overdue_tasks=row.overdue_tasks,
        deadline=row.engagement.deadline if row.today else None,
        today=row.today or date.min, signals=signals, days_away=away)


def health(row: BoardRow[E]) -> str:
    """on_track / silent / at_risk / blocked (see bot.domain.reports.health)."""
    return assessment(row).level

