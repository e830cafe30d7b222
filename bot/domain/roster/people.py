"""People we schedule for, created on first sight from what Slack tells us about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.db.models import Person
from bot.text.schedule import default_country_for_timezone


@dataclass(frozen=True)
class Profile:
    """What the Slack profile says about a user; the domain never sees Slack's own shapes."""

    user_id: str
    name: str
    tz: str


def get(session: Session, *, team_id: str, user_id: str) -> Person | None:
    """Find a person by their Slack id in a workspace."""
    return session.scalar(select(Person).where(Person.team_id == team_id, Person.user_id == user_id))


_ZONE = select(Person.tz).where(Person.team_id == bindparam("team_id"), Person.user_id == bindparam("user_id"))


def zone_of(session: Session, *, team_id: str, user_id: str) -> str | None:
    """A known person's IANA zone, else None: one column on the session's connection (read on every /task)."""
    return session.connection().scalar(_ZONE, {"team_id": team_id, "user_id": user_id})


def ensure(session: Session, *, team_id: str, profile: Profile, now: datetime) -> Person:
    """Return the person, creating them from the profile the first time we meet them."""
    person = get(session, team_id=team_id, user_id=profile.user_id)
    if person is None:
        person = Person(
            team_id=team_id,
            user_id=profile.user_id,
            name=profile.name,
            tz=profile.tz,
            country=default_country_for_timezone(profile.tz),
            work_days="12345",
            work_start=time(9, 0),
            work_end=time(17, 0),
            created_at=now,
            updated_at=now,
        )
        session.add(person)
        session.flush()
    elif profile.name and person.name != profile.name:
        person.name = profile.name
        person.updated_at = now
    return person


def follow_slack(session: Session, *, team_id: str, profile: Profile, now: datetime) -> Person | None:
    """Follow a Slack profile change (user_change) for someone we already know; strangers stay unstored.

    The zone follows Slack unless the person (or /contractor) set it explicitly, and the holiday
    country follows the zone unless it was set explicitly: a contractor who moves from Bogotá to
    Tokyo is prompted at 10:00 Tokyo and not on Colombian holidays any more.
    """
    person = get(session, team_id=team_id, user_id=profile.user_id)
    if person is None:
        return None
    changed = False
    if profile.name and person.name != profile.name:
        person.name = profile.name
        changed = True
    if profile.tz and profile.tz != person.tz and not person.tz_explicit:
        person.tz = profile.tz
        changed = True
        if not person.country_explicit:
            person.country = default_country_for_timezone(profile.tz)
    if changed:
        person.updated_at = now
    return person
