"""Loading a scorecard's rows: one query per table, however many engagements the owner has."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from bot.db.models import (
    Checkin,
    Contractor,
    Delivery,
    Engagement,
    Feedback,
    Payment,
    Person,
    Submission,
    Task,
    Thanks,
)
from bot.domain import duties
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import slots


@dataclass(frozen=True)
class Facts:
    """The rows of one or more engagements a scorecard is computed from."""

    engagements: list[Engagement]
    tasks: list[Task] = field(default_factory=list)
    prompts: list[Delivery] = field(default_factory=list)
    checkins: list[Checkin] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    thanks: list[Thanks] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)

    def only(self, engagement_ids: set[int]) -> Facts:
        """The same facts narrowed to some engagements."""
        def keep(rows: list) -> list:  # type: ignore[type-arg]
            return [r for r in rows if _engagement_id(r) in engagement_ids]
        return replace(self, engagements=[e for e in self.engagements if e.id in engagement_ids],
                       tasks=keep(self.tasks), prompts=keep(self.prompts), checkins=keep(self.checkins),
                       feedback=keep(self.feedback), payments=keep(self.payments), thanks=keep(self.thanks),
                       submissions=keep(self.submissions))


def _engagement_id(row: object) -> int | None:
    if isinstance(row, Delivery):
        return ledger_keys.LedgerKey.parse(row.key).subject  # type: ignore[union-attr]  # a prompt's key
    if isinstance(row, Submission):
        return row.task.engagement_id
    return getattr(row, "engagement_id", None)


def owned(session: Session, *, team_id: str, owner_user_id: str, contractor_user_id: str | None = None,
          engagement_id: int | None = None) -> list[Engagement]:
    """Engagements the person owns, in any status (a scorecard is history), people loaded."""
    owner, worker = aliased(Person), aliased(Person)
    statement = (
        select(Engagement).join(owner, Engagement.owner_id == owner.id)
        .join(Contractor, Engagement.contractor_id == Contractor.id).join(worker, Contractor.person_id == worker.id)
        .where(Engagement.team_id == team_id, owner.user_id == owner_user_id).order_by(Engagement.id)
    )
    if contractor_user_id is not None:
        statement = statement.where(worker.user_id == contractor_user_id)
    if engagement_id is not None:
        statement = statement.where(Engagement.id == engagement_id)
    return list(session.scalars(duties.with_people(statement)).unique())


def load(session: Session, *, engagements: list[Engagement], since: datetime | None, now: datetime) -> Facts:
    """Every row the scorecards of these engagements read; `since` None means all time."""
    ids = {e.id for e in engagements}
    if not ids:
        return Facts(engagements=[])
    start = since or datetime.min.replace(tzinfo=now.tzinfo)
    teams = {e.team_id for e in engagements}
    prompts = session.scalars(select(Delivery).where(
        Delivery.duty == slots.DUTY, Delivery.status == ledger.SENT, Delivery.team_id.in_(teams),
        Delivery.due_at >= start, Delivery.due_at <= now))
    rated = or_(Feedback.quality.is_not(None), Feedback.timeliness.is_not(None), Feedback.communication.is_not(None))
    return Facts(
        engagements=engagements,
        tasks=list(session.scalars(select(Task).where(Task.engagement_id.in_(ids)))),
        prompts=[p for p in prompts if slots.parse_key(p.key)[0] in ids],
        checkins=list(session.scalars(select(Checkin).where(Checkin.engagement_id.in_(ids),
                                                            Checkin.answered_at >= start))),
        feedback=list(session.scalars(select(Feedback).where(Feedback.engagement_id.in_(ids),
                                                             Feedback.created_at >= start, rated))),
        payments=list(session.scalars(select(Payment).where(Payment.engagement_id.in_(ids)))),
        thanks=list(session.scalars(select(Thanks).where(Thanks.engagement_id.in_(ids), Thanks.created_at >= start))),
        submissions=list(session.scalars(select(Submission).join(Task, Submission.task_id == Task.id).where(
            Task.engagement_id.in_(ids), Submission.outcome == "approved", Submission.reviewed_at >= start))),
    )
