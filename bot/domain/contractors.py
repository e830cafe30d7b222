"""The contractor registry: who works for us, where and when, at what rate, and how well vetted."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Person, TimeOff
from bot.domain import availability, people
from bot.domain.availability import WorkPattern
from bot.domain.errors import DomainError, NotFound
from bot.text.money import Money

VETTING_ITEMS = {
    "references": "references_checked_on",
    "portfolio": "portfolio_checked_on",
    "trial": "trial_done_on",
    "nda": "nda_signed_on",
    "contract": "contract_signed_on",
}


def get(session: Session, *, team_id: str, user_id: str) -> Contractor | None:
    """The registry entry for a Slack user, if they are registered."""
    return session.scalar(
        select(Contractor)
        .join(Person, Contractor.person_id == Person.id)
        .where(Person.team_id == team_id, Person.user_id == user_id)
    )


def require(session: Session, *, team_id: str, user_id: str) -> Contractor:
    """The registry entry, or a friendly error naming how to add it."""
    contractor = get(session, team_id=team_id, user_id=user_id)
    if contractor is None:
        raise NotFound(
            f"<@{user_id}> is not in the contractor registry yet.",
            example=f"/contractor add <@{user_id}> tz=America/Bogota hours=09:00-17:00",
        )
    return contractor


def add(
    session: Session,
    *,
    team_id: str,
    profile: people.Profile,
    added_by: str,
    now: datetime,
    pattern: WorkPattern | None = None,
    rate: tuple[Money, str] | None = None,
    company: str = "",
    skills: str = "",
) -> tuple[Contractor, bool]:
    """Register a contractor (or update them); returns (contractor, created)."""
    person = people.ensure(session, team_id=team_id, profile=profile, now=now)
    _apply_pattern(person, pattern or WorkPattern())
    contractor = session.scalar(select(Contractor).where(Contractor.person_id == person.id))
    created = contractor is None
    if contractor is None:
        contractor = Contractor(
            team_id=team_id, person=person, person_id=person.id, added_by=added_by,
            status="active", created_at=now,
        )
        session.add(contractor)
    contractor.updated_at = now
    contractor.status = "active"
    if company:
        contractor.company = company
    if skills:
        contractor.skills = skills
    if rate is not None:
        money, unit = rate
        contractor.rate_minor, contractor.rate_currency, contractor.rate_unit = (
            money.amount_minor, money.currency, unit,
        )
    session.flush()
    return contractor, created


def _apply_pattern(person: Person, pattern: WorkPattern) -> None:
    availability.apply(person, pattern)


def list_active(session: Session, *, team_id: str) -> list[Contractor]:
    """Everyone in the registry of a workspace, by name."""
    return list(
        session.scalars(
            select(Contractor)
            .join(Person, Contractor.person_id == Person.id)
            .where(Contractor.team_id == team_id, Contractor.status == "active")
            .order_by(Person.name, Person.user_id)
        )
    )


def vet(session: Session, *, contractor: Contractor, item: str, on: date, now: datetime) -> None:
    """Tick one vetting item (references, portfolio, trial, nda, contract) as done on a date."""
    field = VETTING_ITEMS.get(item.lower())
    if field is None:
        raise DomainError(
            f"“{item}” is not a vetting item. Choose one of: {', '.join(VETTING_ITEMS)}.",
            example="/contractor vet @maria nda",
        )
    setattr(contractor, field, on)
    contractor.updated_at = now


def missing_vetting(contractor: Contractor) -> list[str]:
    """The vetting items not yet done, in checklist order."""
    return [item for item, field in VETTING_ITEMS.items() if getattr(contractor, field) is None]


def add_time_off(
    session: Session, *, contractor: Contractor, start: date, end: date, note: str = ""
) -> TimeOff:
    """Record days off, during which no prompt reaches the contractor."""
    if end < start:
        raise DomainError("Time off must end on or after it starts.", "/contractor away @maria 2026-12-24..2027-01-02")
    entry = TimeOff(person_id=contractor.person_id, start_on=start, end_on=end, note=note)
    contractor.person.time_off.append(entry)
    session.flush()
    return entry
