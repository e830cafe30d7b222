"""Trial engagements: at the deadline the owner decides to continue, extend or end.

Ending ends the engagement as `/engagement end` does (status "ended"): nothing is deleted, the record
stays for the scorecard and the export. The question is keyed by the deadline, so an extended trial is asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement, Task
from bot.domain import duties
from bot.domain.delivery import ledger_keys
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.schedule import worktime

DUTY = "trial_review"
DEADLINE_EXAMPLE = "pick a date after today"


@dataclass(frozen=True)
class Record:
    """A short summary of the contractor's work in the trial (the full scorecard lives elsewhere)."""

    tasks_done: int
    on_time: int
    open_tasks: int
    checkins: int


def key_for(engagement: Engagement) -> str:
    """`trial:<engagement>:<deadline>`: once per deadline."""
    return ledger_keys.day_key(ledger_keys.TRIAL, engagement.id, engagement.deadline)


def due(session: Session, now: datetime) -> list[Engagement]:
    """Active trials whose deadline has come in the owner's calendar, people loaded."""
    undecided = Engagement.status.in_(("active", "held")), Engagement.trial.is_(True)
    statement = duties.with_people(select(Engagement).where(*undecided))
    found = session.scalars(statement.order_by(Engagement.id)).unique()
    return [e for e in found if worktime.local_today(now, e.owner.tz) >= e.deadline]


def record(session: Session, engagement: Engagement) -> Record:
    """Tasks done (and done by their due date), tasks still open, and check-ins of the engagement."""
    rows = session.execute(select(Task.status, Task.due_on, Task.done_at).where(Task.engagement_id == engagement.id))
    done = on_time = open_tasks = 0
    tz = engagement.contractor.person.tz
    for status, due_on, done_at in rows:
        if status != "done":
            open_tasks += 1
            continue
        done += 1
        on_time += due_on is None or (done_at is not None and worktime.local_today(done_at, tz) <= due_on)
    checkins = session.scalar(select(func.count()).select_from(Checkin)
                              .where(Checkin.engagement_id == engagement.id)) or 0
    return Record(done, on_time, open_tasks, checkins)


def _require_open(engagement: Engagement, by_user: str, action: str) -> None:
    engagements.require_owner(engagement, by_user, action)
    if engagement.status not in engagements.OPEN_STATUSES:
        raise DomainError(f"“{engagement.title}” has already ended.")


def carry_on(session: Session, *, engagement: Engagement, by_user: str, deadline: date, keep_trial: bool,
             today: date, now: datetime) -> Engagement:
    """Continue (no longer a trial) or extend (still a trial, asked again) to a new deadline."""
    _require_open(engagement, by_user, "decide about the trial")
    if deadline <= today:
        raise DomainError("The new deadline must be after today.", DEADLINE_EXAMPLE)
    engagement.deadline, engagement.trial, engagement.updated_at = deadline, keep_trial, now
    if engagement.status == "held":  # held past its deadline: a new one lets the duties run again
        engagement.status = "active"
    session.flush()
    return engagement
