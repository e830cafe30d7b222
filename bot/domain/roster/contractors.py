"""The contractor registry: who works for us, where and when (their public profile), and who may change it.

Rates and vetting are each owner's private terms: see bot.domain.roster.contractor_terms.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import Contractor, ContractorTerms, Engagement, Person, TimeOff
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.domain.roster import availability, people
from bot.domain.roster.availability import WorkPattern


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


def register(session: Session, *, team_id: str, profile: people.Profile, added_by: str,
             now: datetime) -> tuple[Contractor, bool, bool]:
    """Find or create the registry entry; returns (contractor, entry created, person met for the first time).

    Nothing about an existing person changes here: their profile follows `may_edit_profile`.
    """
    person_is_new = people.get(session, team_id=team_id, user_id=profile.user_id) is None
    person = people.ensure(session, team_id=team_id, profile=profile, now=now)
    contractor = session.scalar(select(Contractor).where(Contractor.person_id == person.id))
    created = contractor is None
    if contractor is None:
        contractor = Contractor(
            team_id=team_id, person=person, person_id=person.id, added_by=added_by,
            status="active", created_at=now, updated_at=now,
        )
        session.add(contractor)
        session.flush()
    return contractor, created, person_is_new


def add(session: Session, *, team_id: str, profile: people.Profile, added_by: str,
        now: datetime) -> tuple[Contractor, bool]:
    """Register a contractor as they are in Slack (kickoff's path); returns (contractor, created)."""
    contractor, created, _ = register(session, team_id=team_id, profile=profile, added_by=added_by, now=now)
    return contractor, created


def update_profile(contractor: Contractor, *, now: datetime, pattern: WorkPattern | None = None,
                   company: str = "", skills: str = "") -> None:
    """Change what is given of the public profile and leave the rest as it was."""
    _apply_pattern(contractor.person, pattern or WorkPattern())
    if company:
        contractor.company = company
    if skills:
        contractor.skills = skills
    contractor.status = "active"
    contractor.updated_at = contractor.person.updated_at = now


def changes_profile(pattern: WorkPattern, company: str = "", skills: str = "") -> bool:
    """Whether a request would change anything of the public profile."""
    return any((pattern.tz, pattern.days, pattern.hours, pattern.country, company, skills))


def _apply_pattern(person: Person, pattern: WorkPattern) -> None:
    availability.apply(person, pattern)


def works_with(session: Session, *, contractor: Contractor, user_id: str) -> bool:
    """Whether the person owns an open engagement with the contractor."""
    return session.scalar(
        select(Engagement.id).join(Person, Engagement.owner_id == Person.id)
        .where(Engagement.contractor_id == contractor.id, Person.user_id == user_id,
               Engagement.status.in_(engagements.OPEN_STATUSES)).limit(1)
    ) is not None


def may_edit_profile(session: Session, *, contractor: Contractor, user_id: str,
                     is_admin: Callable[[], bool]) -> bool:
    """Who may change a contractor's zone, hours, days, country, company and time off.

    The person themselves, an owner with an open (active or paused) engagement with them, or a
    workspace admin. Having registered them grants nothing: anyone may register anyone, and an
    owner who stopped working with them no longer decides when they work. `is_admin` asks Slack,
    so it is called only when nothing else allows it.
    """
    if user_id == contractor.person.user_id or works_with(session, contractor=contractor, user_id=user_id):
        return True
    return is_admin()


def for_owner(session: Session, *, team_id: str, user_id: str) -> list[Contractor]:
    """A person's own contractors: those they added, recorded terms for, or have (had) engagements with."""
    owned = select(Engagement.contractor_id).join(Person, Engagement.owner_id == Person.id).where(
        Engagement.team_id == team_id, Person.user_id == user_id)
    with_terms = select(ContractorTerms.contractor_id).where(
        ContractorTerms.team_id == team_id, ContractorTerms.owner_user_id == user_id)
    return list(
        session.scalars(
            select(Contractor)
            .join(Person, Contractor.person_id == Person.id)
            .where(Contractor.team_id == team_id, Contractor.status == "active",
                   or_(Contractor.added_by == user_id, Contractor.id.in_(owned), Contractor.id.in_(with_terms)))
            .order_by(Person.name, Person.user_id)
        )
    )


def add_time_off(
    session: Session, *, contractor: Contractor, start: date, end: date, note: str = ""
) -> TimeOff:
    """Record days off, during which no prompt reaches the contractor."""
    if end < start:
        raise DomainError("Time off must end on or after it starts.", "/contractor away @maria {today+17}..{today+26}")
    entry = TimeOff(person_id=contractor.person_id, start_on=start, end_on=end, note=note)
    contractor.person.time_off.append(entry)
    session.flush()
    return entry
