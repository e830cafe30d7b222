"""The onboarding checklist of a new engagement, ticked in the kickoff brief, reminded until done or dismissed.

Reminders go to the owner 2 days after kickoff and every 3 days after that; the latest reminder
day that came due is the ledger key, so downtime never sends a burst. The reminder says "every few
days", so two never come closer than 3 days apart: a reminder held back by a weekend or downtime
pushes the next one back too (otherwise Saturday's, sent on Monday, met Tuesday's).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from bot.db.models import Contractor, Delivery, Engagement, Onboarding, Person
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.schedule import worktime

DUTY = "onboarding_reminder"
ITEMS = {
    "access": "Access granted",
    "documents": "Documents shared",
    "tools": "Tools set up",
    "meeting": "Kickoff meeting held",
}
FIRST_AFTER_DAYS = 2
EVERY_DAYS = 3


def start(session: Session, *, engagement: Engagement, now: datetime) -> Onboarding:
    """A fresh checklist for a new engagement."""
    checklist = Onboarding(engagement_id=engagement.id, engagement=engagement, created_at=now, updated_at=now)
    session.add(checklist)
    session.flush()
    return checklist


def for_engagement(session: Session, engagement_id: int) -> Onboarding | None:
    """The engagement's checklist (engagements older than the checklist have none)."""
    return session.scalar(select(Onboarding).where(Onboarding.engagement_id == engagement_id))


def ticked(checklist: Onboarding, item: str) -> bool:
    """Whether one item is done."""
    return getattr(checklist, f"{item}_at") is not None


def missing(checklist: Onboarding) -> list[str]:
    """The items not done yet, in checklist order."""
    return [item for item in ITEMS if not ticked(checklist, item)]


def tick(session: Session, *, checklist: Onboarding, item: str, by_user: str, now: datetime) -> bool:
    """Toggle an item (a second click undoes a slip); the owner and the contractor may tick. Returns the new state."""
    if item not in ITEMS:
        raise DomainError(f"“{item}” is not an onboarding item.")
    if engagements.role_of(checklist.engagement, by_user) is None:
        raise NotAllowed("Only the engagement's owner or contractor ticks its onboarding checklist.")
    done = not ticked(checklist, item)
    setattr(checklist, f"{item}_at", now if done else None)
    checklist.updated_at = now
    session.flush()
    return done


def dismiss(session: Session, *, checklist: Onboarding, by_user: str, now: datetime) -> None:
    """Stop the reminders without finishing the list (the owner knows best)."""
    engagements.require_owner(checklist.engagement, by_user, "dismiss the onboarding reminders")
    checklist.dismissed_at, checklist.updated_at = now, now
    session.flush()


def reminder_day(start_on: date, today: date, last_sent_on: date | None = None) -> date | None:
    """The latest reminder day on or before `today` (start + 2, + 5, + 8 ... days), or None.

    None too while the previous reminder, sent on `last_sent_on` (the owner's calendar), is less
    than EVERY_DAYS old: the due reminder waits, it is not lost.
    """
    days = (today - start_on).days
    if days < FIRST_AFTER_DAYS:
        return None
    if last_sent_on is not None and (today - last_sent_on).days < EVERY_DAYS:
        return None
    return start_on + timedelta(days=FIRST_AFTER_DAYS + (days - FIRST_AFTER_DAYS) // EVERY_DAYS * EVERY_DAYS)


def key_for(engagement_id: int, day: date) -> str:
    """`onboarding:<engagement>:<owner-local reminder day>`."""
    return ledger_keys.day_key(ledger_keys.ONBOARDING, engagement_id, day)


def last_sent(session: Session, engagement_ids: list[int]) -> dict[int, datetime]:
    """When each engagement's latest onboarding reminder reached Slack (from the delivery ledger)."""
    wanted = set(engagement_ids)
    latest: dict[int, datetime] = {}
    if not wanted:
        return latest
    rows = session.execute(select(Delivery.key, Delivery.sent_at).where(
        Delivery.duty == DUTY, Delivery.status == ledger.SENT, Delivery.sent_at.is_not(None)))
    for key, sent_at in rows:
        parsed = ledger_keys.LedgerKey.parse(key)
        engagement_id = parsed.subject if parsed is not None else None
        if engagement_id in wanted and sent_at is not None:
            latest[engagement_id] = max(sent_at, latest.get(engagement_id, sent_at))
    return latest


def last_sent_on(sent_at: datetime | None, tz: str) -> date | None:
    """The owner-local day a reminder was sent, for reminder_day."""
    return None if sent_at is None else worktime.local_today(sent_at, tz)


def unfinished(session: Session) -> list[Onboarding]:
    """Checklists of active engagements neither done nor dismissed, people loaded (one query)."""
    statement = (
        select(Onboarding).join(Engagement, Onboarding.engagement_id == Engagement.id)
        .where(Engagement.status == "active", Onboarding.dismissed_at.is_(None))
        .options(joinedload(Onboarding.engagement).joinedload(Engagement.owner).selectinload(Person.time_off),
                 joinedload(Onboarding.engagement).joinedload(Engagement.contractor).joinedload(Contractor.person))
    )
    return [c for c in session.scalars(statement).unique() if missing(c)]
