"""Domain fixtures: an in-memory SQLite session and one engagement between an owner and a contractor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.db.models import Base, Contractor, Engagement, Person

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 2)
OWNER, MARIA, BOB = "U0OWNER", "U0MARIA", "U0BOB"
TEAM = "T0TEAM"


@pytest.fixture
def session() -> Iterator[Session]:
    """A session on a fresh in-memory database, rolled back at the end."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def make_person(session: Session, user_id: str, tz: str = "Europe/London") -> Person:
    """A person in the test workspace."""
    person = Person(team_id=TEAM, user_id=user_id, name=user_id.lower(), tz=tz, created_at=NOW, updated_at=NOW)
    session.add(person)
    session.flush()
    return person


def make_engagement(
    session: Session, *, owner: Person, contractor_user: str = MARIA, channel_id: str = "C0PROJECT",
    currency: str | None = "USD",
) -> Engagement:
    """An active engagement in a channel, registering the contractor if needed."""
    person = session.query(Person).filter_by(user_id=contractor_user).one_or_none()
    person = person or make_person(session, contractor_user, "America/Bogota")
    contractor = session.query(Contractor).filter_by(person_id=person.id).one_or_none()
    if contractor is None:
        contractor = Contractor(team_id=TEAM, person=person, created_at=NOW, updated_at=NOW)
        session.add(contractor)
    engagement = Engagement(
        team_id=TEAM, owner=owner, contractor=contractor, channel_id=channel_id, title="Website",
        objectives="A faster site", deliverables="Homepage", start_on=TODAY, deadline=date(2026, 12, 20),
        budget_minor=200000 if currency else None, budget_currency=currency, created_at=NOW, updated_at=NOW,
    )
    session.add(engagement)
    session.flush()
    return engagement


@pytest.fixture
def owner(session: Session) -> Person:
    """The engagement's owner."""
    return make_person(session, OWNER)


@pytest.fixture
def engagement(session: Session, owner: Person) -> Engagement:
    """Owner and Maria working together in C0PROJECT."""
    return make_engagement(session, owner=owner)
