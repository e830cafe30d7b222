"""When the owner hears about a payment: 3 days before, on the day, then overdue days 1, 3, 7 and weekly.

Pure date arithmetic in the owner's calendar. After downtime only the latest alert that came
due is sent (with wording from the real date), so nothing is lost and nothing arrives in a burst.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.db.models import Contractor, Engagement, Payment, Person
from bot.domain.delivery import ledger_keys

DUTY = "payment_alert"
BEFORE_DAYS = 3
OVERDUE_DAYS = (1, 3, 7)
WEEK = 7


def alert_day(due_on: date, today: date) -> date | None:
    """The latest alert date on or before `today`, or None while it is too early for any."""
    offset = (today - due_on).days
    if offset < -BEFORE_DAYS:
        return None
    if offset < 0:
        return due_on - timedelta(days=BEFORE_DAYS)
    if offset < OVERDUE_DAYS[0]:
        return due_on
    if offset < OVERDUE_DAYS[-1]:
        return due_on + timedelta(days=max(d for d in OVERDUE_DAYS if d <= offset))
    weeks = (offset - OVERDUE_DAYS[-1]) // WEEK
    return due_on + timedelta(days=OVERDUE_DAYS[-1] + weeks * WEEK)


def key_for(payment_id: int, day: date) -> str:
    """`payment:<payment>:<alert date in the owner's calendar>`."""
    return ledger_keys.day_key(ledger_keys.PAYMENT, payment_id, day)


def describe_due(due_on: date, today: date) -> str:
    """'due in 3 days' / 'due today' / 'overdue by 8 days'."""
    days = (due_on - today).days
    if days > 1:
        return f"due in {days} days"
    if days == 1:
        return "due tomorrow"
    if days == 0:
        return "due today"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"


def unpaid(session: Session) -> list[Payment]:
    """Every unpaid payment with its engagement, owner and contractor, in one query (plus time off)."""
    statement = (
        select(Payment).where(Payment.status != "paid")
        .options(
            joinedload(Payment.engagement).joinedload(Engagement.owner).selectinload(Person.time_off),
            joinedload(Payment.engagement).joinedload(Engagement.contractor).joinedload(Contractor.person),
        )
        .order_by(Payment.due_on, Payment.id)
    )
    return list(session.scalars(statement).unique())
