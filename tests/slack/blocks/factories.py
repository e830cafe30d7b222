"""Transient model objects for pure builder tests (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.models import Contractor, Engagement, Payment, Person, Task

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 2)


def engagement(title: str = "Website", channel_id: str = "C0PROJECT") -> Engagement:
    """Olivia owns, Maria contracts, in C0PROJECT."""
    owner = Person(user_id="U0OWNER", name="Olivia", tz="Europe/London")
    maria = Person(user_id="U0MARIA", name="Maria", tz="America/Bogota", work_days="12345")
    return Engagement(id=1, title=title, channel_id=channel_id, owner=owner,
                      contractor=Contractor(person=maria), budget_currency="USD", payment_terms_days=14,
                      start_on=date(2026, 1, 1), deadline=date(2029, 12, 31))  # both NOT NULL in the schema


def task(number: int = 3, title: str = "Homepage", status: str = "open", due_on: date | None = None,
         reason: str = "") -> Task:
    """A task of the default engagement."""
    return Task(number=number, title=title, status=status, due_on=due_on, blocked_reason=reason)


def payment(number: int = 2, minor: int = 50000, due_on: date = date(2026, 12, 5), status: str = "due",
            reference: str = "", of: Engagement | None = None) -> Payment:
    """A payment of the default engagement."""
    paid_at = NOW if status == "paid" else None
    return Payment(number=number, amount_minor=minor, currency="USD", due_on=due_on, status=status,
                   reference=reference, paid_at=paid_at, engagement=of or engagement())
