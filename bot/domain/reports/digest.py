"""The weekly digest: Monday 09:00 in each owner's zone, one DM per owner about all their engagements.

Observers (people who follow an engagement) get their own digest at their own Monday 09:00,
with the same health lines and no money.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Checkin, Engagement, Payment, Person, Task
from bot.domain.checkin import blockers
from bot.domain.checkin.blockers import OpenBlocker
from bot.domain.delivery import ledger_keys
from bot.domain.reports import health, status
from bot.domain.schedule import worktime

DUTY = "weekly_digest"
OBSERVER_DUTY = "observer_digest"
AT = time(9, 0)
MONDAY = 1


class LastCheckin(NamedTuple):
    """What a digest line reads of an engagement's newest check-in."""

    local_date: date
    status: str
    progress: int | None


@dataclass(frozen=True)
class Line:
    """One engagement in the digest."""

    engagement: Engagement
    health: str
    checkins: int
    overdue_tasks: int
    payments_due: list[Payment]
    reasons: tuple[str, ...] = ()  # why, when not on track (bot.domain.reports.health)
    blockers: list[OpenBlocker] = field(default_factory=list)


def key_for(owner: Person, monday: date) -> str:
    """`digest:<owner person>:<owner-local Monday>`."""
    return ledger_keys.day_key(ledger_keys.DIGEST, owner.id, monday)


def due_owners(engagements: Iterable[Engagement], now: datetime) -> dict[int, list[Engagement]]:
    """Owners whose Monday 09:00 has come today (local), with their active engagements."""
    owners: dict[int, list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        local = worktime.local_now(now, engagement.owner.tz)
        if local.isoweekday() == MONDAY and local.time() >= AT:
            owners[engagement.owner_id].append(engagement)
    return owners


def lines(session: Session, engagements: list[Engagement], now: datetime) -> list[Line]:
    """Each engagement's health, last week's check-ins, overdue tasks and payments due (four queries)."""
    ids = [e.id for e in engagements]
    # Only the newest check-in of each engagement (unique per day), and only what health reads of it:
    # every check-in of 60 days as ORM rows is 600,000 objects when 10,000 engagements check in daily.
    since = (now - timedelta(days=60)).date()
    newest = (select(Checkin.engagement_id, func.max(Checkin.local_date).label("day"))
              .where(any_of(session, Checkin.engagement_id, ids), Checkin.local_date >= since)
              .group_by(Checkin.engagement_id).subquery())
    latest = {engagement_id: LastCheckin(*rest) for engagement_id, *rest in session.execute(
        select(Checkin.engagement_id, Checkin.local_date, Checkin.status, Checkin.progress)
        .join(newest, (Checkin.engagement_id == newest.c.engagement_id) & (Checkin.local_date == newest.c.day)))}
    week = Counter(session.scalars(select(Checkin.engagement_id).where(
        any_of(session, Checkin.engagement_id, ids), Checkin.answered_at > now - timedelta(days=7))))
    tasks = session.execute(select(Task.engagement_id, Task.due_on).where(
        any_of(session, Task.engagement_id, ids), Task.status != "done", Task.due_on.is_not(None)))
    overdue: Counter[int] = Counter()
    today = {e.id: worktime.local_today(now, e.owner.tz) for e in engagements}
    for engagement_id, due_on in tasks:
        overdue[engagement_id] += due_on < today[engagement_id]
    payments: dict[int, list[Payment]] = defaultdict(list)
    for payment in session.scalars(select(Payment)
                                   .where(any_of(session, Payment.engagement_id, ids), Payment.status != "paid")
                                   .order_by(Payment.due_on)):
        if payment.due_on <= today[payment.engagement_id] + timedelta(days=7):
            payments[payment.engagement_id].append(payment)
    signals = health.signals_for(session, engagements, {i: last.local_date for i, last in latest.items()}, now)
    stuck = blockers.open_by_engagement(session, ids, now)
    result = []
    for e in engagements:
        last = latest.get(e.id)
        days = (worktime.local_today(now, e.contractor.person.tz) - last.local_date).days if last else None
        row = status.BoardRow(e, last, days, 0, overdue[e.id], signals.get(e.id, health.Signals()), today[e.id],
                              tuple(stuck.get(e.id, ())))
        assessed = status.assessment(row)
        result.append(Line(e, assessed.level, week[e.id], overdue[e.id], payments[e.id], assessed.reasons,
                           stuck.get(e.id, [])))
    return result


def monday_of(owner: Person, now: datetime) -> date:
    """The owner-local date (a Monday when due)."""
    return worktime.local_today(now, owner.tz)


def observer_key_for(observer: Person, monday: date) -> str:
    """`digest-observer:<person>:<their Monday>`: apart from the owner's key (a person may be both)."""
    return ledger_keys.day_key(ledger_keys.OBSERVER_DIGEST, observer.id, monday)


def due_observers(observed: dict[int, list[Person]], engagements: Iterable[Engagement],
                  now: datetime) -> dict[int, tuple[Person, list[Engagement]]]:
    """Observers whose own Monday 09:00 has come, with the active engagements they follow."""
    found: dict[int, tuple[Person, list[Engagement]]] = {}
    for engagement in engagements:
        for person in observed.get(engagement.id, []):
            local = worktime.local_now(now, person.tz)
            if local.isoweekday() == MONDAY and local.time() >= AT:
                found.setdefault(person.id, (person, []))[1].append(engagement)
    return found


def without_money(rows: list[Line]) -> list[Line]:
    """Observers never see money: the same lines with the payments left out."""
    return [Line(row.engagement, row.health, row.checkins, row.overdue_tasks, [], row.reasons, row.blockers)
            for row in rows]
