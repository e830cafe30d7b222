"""Observers: people who follow an engagement (a partner, a project manager) without being prompted.

They get the weekly digest (see list_for) and may read the status board; they never receive
check-in prompts and never see money. Removing one stamps removed_at: nothing is hard-deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Engagement, Observer, Person
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound

EXAMPLE = "/engagement observe @sam"


def add(session: Session, *, engagement: Engagement, person: Person, by_user: str, now: datetime) -> bool:
    """Add an observer (or bring one back); False when they already observe. Owner only."""
    engagements.require_owner(engagement, by_user, "add observers")
    if engagements.role_of(engagement, person.user_id) is not None:
        raise DomainError(f"<@{person.user_id}> already takes part in this engagement; observers are other people.",
                          EXAMPLE)
    row = session.scalar(select(Observer).where(Observer.engagement_id == engagement.id,
                                                Observer.person_id == person.id))
    if row is not None and row.removed_at is None:
        return False
    if row is None:
        session.add(Observer(engagement_id=engagement.id, person_id=person.id, person=person, added_by=by_user,
                             created_at=now))
    else:
        row.removed_at, row.added_by = None, by_user
    session.flush()
    return True


def remove(session: Session, *, engagement: Engagement, user_id: str, by_user: str, now: datetime) -> None:
    """Stop someone observing (the row is kept, stamped removed_at). Owner only."""
    engagements.require_owner(engagement, by_user, "remove observers")
    row = session.scalar(select(Observer).join(Person, Observer.person_id == Person.id).where(
        Observer.engagement_id == engagement.id, Person.user_id == user_id, Observer.removed_at.is_(None)))
    if row is None:
        raise NotFound(f"<@{user_id}> does not observe this engagement.")
    row.removed_at = now
    session.flush()


def list_for(session: Session, engagement_ids: Iterable[int]) -> dict[int, list[Person]]:
    """The current observers of each engagement (engagements without any are left out); one query."""
    wanted = list(set(engagement_ids))
    if not wanted:
        return {}
    rows = session.scalars(select(Observer)
                           .where(any_of(session, Observer.engagement_id, wanted), Observer.removed_at.is_(None))
                           .order_by(Observer.engagement_id, Observer.id))
    found: dict[int, list[Person]] = {}
    for row in rows:
        found.setdefault(row.engagement_id, []).append(row.person)
    return found
