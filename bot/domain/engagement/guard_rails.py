"""Guard rails from the outsourcing playbook: ramp up slowly, don't micromanage, vet before you commit.

Each rule returns the sentence to show the owner (or None); none of them blocks the work, except
the check-in floor, which is a rule of the product: at most one check-in a day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Person, Task
from bot.domain.engagement import engagements
from bot.domain.roster import contractor_terms

RAMP_DAYS = 14
RAMP_OPEN_TASKS = 3
DAILY_DAYS = 5


def cadence_note(engagement: Engagement) -> str | None:
    """A gentle note for a daily cadence: allowed, but worth a second thought."""
    if len(engagement.checkin_days) < DAILY_DAYS:
        return None
    return ("Check-ins every working day is allowed, but it is close to micromanaging: consider two or three a "
            "week and `/checkin status` in between. Experienced contractors often prefer fewer, fuller updates.")


def first_engagement_start(session: Session, contractor_id: int) -> date | None:
    """When the contractor's first engagement with us started."""
    return session.scalar(select(func.min(Engagement.start_on)).where(Engagement.contractor_id == contractor_id))


def open_tasks_of(session: Session, engagement: Engagement, *, exclude_task_id: int | None = None) -> int:
    """Open tasks on the contractor across their open engagements (unassigned ones land on them too)."""
    person_id = engagement.contractor.person_id
    query = (
        select(func.count()).select_from(Task).join(Engagement, Task.engagement_id == Engagement.id)
        .where(Engagement.contractor_id == engagement.contractor_id, Engagement.status.in_(engagements.OPEN_STATUSES),
               Task.status != "done", or_(Task.assignee_id.is_(None), Task.assignee_id == person_id))
    )
    if exclude_task_id is not None:
        query = query.where(Task.id != exclude_task_id)
    return session.scalar(query) or 0


def ramp_warning(session: Session, *, task: Task, assignee: Person | None, today: date) -> str | None:
    """Too much too soon: a task for a contractor in their first 14 days who already has 3 open tasks."""
    engagement = task.engagement
    if assignee is not None and assignee.id != engagement.contractor.person_id:
        return None
    started = first_engagement_start(session, engagement.contractor_id) or engagement.start_on
    if (today - started).days >= RAMP_DAYS:
        return None
    already = open_tasks_of(session, engagement, exclude_task_id=task.id)
    if already < RAMP_OPEN_TASKS:
        return None
    who = f"<@{engagement.contractor.person.user_id}>"
    return (f"Too much too soon? {who} started {(today - started).days} days ago and already had {already} open "
            f"tasks before this one. New people do better with a few tasks at a time in their first "
            f"{RAMP_DAYS} days. (The task was added.)")


def vetting_warning(session: Session, engagement: Engagement) -> str | None:
    """A first non-trial engagement with a contractor whose vetting is not done: list what is missing."""
    if engagement.trial:
        return None
    earlier = session.scalar(select(func.count()).select_from(Engagement).where(
        Engagement.contractor_id == engagement.contractor_id, Engagement.id != engagement.id)) or 0
    terms = contractor_terms.of(session, contractor=engagement.contractor, owner_user_id=engagement.owner.user_id)
    missing = contractor_terms.missing_vetting(terms)
    if earlier or not missing:
        return None
    who = engagement.contractor.person.user_id
    return (f"This is your first engagement with <@{who}> and their vetting is not done: missing "
            f"{', '.join(missing)}. Tick each with /contractor vet <@{who}> {missing[0]} (and so on), "
            "or start with a trial.")


def kickoff_warnings(session: Session, engagement: Engagement) -> list[str]:
    """Everything the owner should fix at kickoff: the NDA warning and the vetting gaps."""
    nda = contractor_terms.has_nda(session, contractor=engagement.contractor, owner_user_id=engagement.owner.user_id)
    warnings = engagements.kickoff_warnings(engagement, nda_on_file=nda)
    vetting = vetting_warning(session, engagement)
    return warnings + ([vetting] if vetting else [])
