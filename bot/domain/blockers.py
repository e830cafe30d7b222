"""Blockers left open: a check-in's blocker unresolved two of the contractor's working days later.

Blockers usually need the owner to act, so the owner hears about each once (keyed by check-in).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement
from bot.domain import worktime

DUTY = "blocker_alert"
WORKING_DAYS = 2
LOOKBACK = timedelta(days=30)


def key_for(checkin_id: int) -> str:
    """`blocker:<check-in>`: one alert per reported blocker."""
    return f"blocker:{checkin_id}"


def open_blockers(session: Session, now: datetime) -> list[Checkin]:
    """Recent check-ins with blockers nobody marked resolved, in one query."""
    return list(session.scalars(
        select(Checkin).where(Checkin.blockers != "", Checkin.blocker_resolved_at.is_(None),
                              Checkin.answered_at > now - LOOKBACK).order_by(Checkin.id)
    ))


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
