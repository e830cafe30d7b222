"""Blockers: open from the check-in that reports one until someone clears it; alerts for those left open.

A blocker is cleared by a later check-in that says on track and names none, by the Resolved button
on its alert, or by `/checkin unblock`. Blockers usually need the owner to act, so the owner hears
about each one still open two of the contractor's working days later, once (keyed by check-in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session, selectinload

from bot.db.filters import PerDialect, any_param
from bot.db.models import Checkin, Contractor, Engagement, Person
from bot.db.models.work import OPEN_BLOCKERS
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import worktime

DUTY = "blocker_alert"
WORKING_DAYS = 2
LOOKBACK = timedelta(days=30)


def key_for(checkin_id: int) -> str:
    """`blocker:<check-in>`: one alert per reported blocker."""
    return ledger_keys.blocker(checkin_id)


def notice_key_for(checkin_id: int) -> str:
    """`blocker-notice:<check-in>`: the channel's notice about the same blocker."""
    return ledger_keys.blocker(checkin_id, notice=True)


def open_blockers(session: Session, now: datetime) -> list[Checkin]:
    """Recent check-ins with blockers nobody marked resolved, in one query (on the partial index of open
    blockers, whose predicate the WHERE spells out: not a scan of every check-in ever made)."""
    return list(session.scalars(open_blockers_statement(now)))


def open_blockers_statement(now: datetime) -> Select[Checkin]:
    """The read behind `open_blockers`."""
    return select(Checkin).where(text(OPEN_BLOCKERS), Checkin.answered_at > now - LOOKBACK).order_by(Checkin.id)


def nth_working_day_after(engagement: Engagement, day: date, n: int = WORKING_DAYS) -> date:
    """The contractor's n-th working day after `day` (calendar days if they never work)."""
    person, current, found = engagement.contractor.person, day, 0
    for _ in range(60):
        current += timedelta(days=1)
        if worktime.works_on(person, current):
            found += 1
            if found == n:
                return current
    return day + timedelta(days=n)


def is_due(engagement: Engagement, checkin: Checkin, now: datetime) -> bool:
    """Whether two working days have passed: it is that day (or later) in the contractor's calendar."""
    return worktime.local_today(now, engagement.contractor.person.tz) >= nth_working_day_after(
        engagement, checkin.local_date)


@dataclass(frozen=True)
class OpenBlocker:
    """An open blocker as the board, the Home tab and the digest show it."""

    checkin_id: int
    text: str
    since: date
    working_days: int


def clear(session: Session, *, engagement: Engagement, by_user: str, now: datetime,
          checkin_ids: Iterable[int] | None = None, through: date | None = None) -> list[Checkin]:
    """Mark the engagement's open blockers resolved (only those of the given check-ins, or reported by a day).

    `through`: an on-track check-in clears what was reported up to its own day, not what came after
    it (an edit of an old reply says nothing about a later blocker).
    """
    chosen = select(Checkin).where(Checkin.engagement_id == engagement.id, Checkin.blockers != "",
                                   Checkin.blocker_resolved_at.is_(None))
    if checkin_ids is not None:
        chosen = chosen.where(Checkin.id.in_(list(checkin_ids)))
    if through is not None:
        chosen = chosen.where(Checkin.local_date <= through)
    cleared = list(session.scalars(chosen.order_by(Checkin.local_date, Checkin.id)))
    for checkin in cleared:
        checkin.blocker_resolved_at, checkin.blocker_resolved_by = now, by_user
    session.flush()
    return cleared


def same_blocker(session: Session, checkin: Checkin) -> list[int]:
    """The check-in and the later open ones of its engagement that repeat its blocker word for word."""
    return [checkin.id, *session.scalars(select(Checkin.id).where(
        Checkin.engagement_id == checkin.engagement_id, Checkin.blockers == checkin.blockers,
        Checkin.local_date > checkin.local_date, Checkin.blocker_resolved_at.is_(None)))]


def working_days_since(person: Person, since: date, today: date) -> int:
    """The person's working days after `since` up to `today`: Tuesday's blocker is 2 working days old on Thursday."""
    return sum(worktime.works_on(person, since + timedelta(days=n)) for n in range(1, (today - since).days + 1))


# Open blockers of some engagements, oldest first: built once, run on the connection (every board reads it).
_OPEN = PerDialect(lambda dialect: select(Checkin.id, Checkin.engagement_id, Checkin.blockers, Checkin.local_date)
                   .where(any_param(dialect, Checkin.engagement_id, "ids"), Checkin.blockers != "",
                          Checkin.blocker_resolved_at.is_(None)).order_by(Checkin.local_date, Checkin.id))


def open_by_engagement(session: Session, engagement_ids: list[int], now: datetime) -> dict[int, list[OpenBlocker]]:
    """Each engagement's open blockers, oldest first, a blocker repeated day after day shown once (its oldest)."""
    if not engagement_ids:
        return {}
    rows = session.connection().execute(_OPEN.of(session), {"ids": engagement_ids}).all()
    if not rows:
        return {}
    workers = {e.id: e.contractor.person for e in session.scalars(
        select(Engagement).where(Engagement.id.in_({row.engagement_id for row in rows}))
        .options(selectinload(Engagement.contractor).selectinload(Contractor.person)
                 .selectinload(Person.time_off)))}
    found: dict[int, list[OpenBlocker]] = {}
    for checkin_id, engagement_id, said, since in rows:
        listed = found.setdefault(engagement_id, [])
        if any(item.text == said for item in listed):
            continue
        person = workers[engagement_id]
        today = worktime.local_today(now, person.tz)
        listed.append(OpenBlocker(checkin_id, said, since, working_days_since(person, since, today)))
    return found
