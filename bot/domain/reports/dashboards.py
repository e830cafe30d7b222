"""What the Home tab shows: the owner's dashboard and the contractor's own view.

Each is read in a fixed number of queries, however many engagements there are, because an
owner with hundreds of engagements opens the Home tab as often as anyone. The contractor's
view never loads payments, budgets or unshared feedback: what is not read cannot leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Feedback, Payment, Task, Thanks
from bot.domain.engagement import engagements
from bot.domain.reports import status
from bot.domain.reports.status import BoardRow
from bot.domain.roster import contractor_terms

SHOWN_TASKS, SHOWN_FEEDBACK, SHOWN_THANKS = 15, 5, 10


@dataclass(frozen=True)
class OwnerDashboard:
    """Every open engagement the person owns as a board row, and what they owe."""

    rows: list[BoardRow]
    payments_due: list[Payment]
    # Contractors with whom this owner has an NDA on file (their own vetting, not another owner's).
    nda_on_file: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ContractorDashboard:
    """The contractor's engagements, open tasks, shared feedback and thanks; never money."""

    engagements: list[Engagement]
    open_tasks: list[Task]
    feedback: list[tuple[Engagement, Feedback]]
    thanks: list[Thanks]


def for_owner(session: Session, *, team_id: str, user_id: str, now: datetime) -> OwnerDashboard:
    """Board rows of all open engagements the person owns (paged by the caller) and payments due."""
    found = engagements.for_owner(session, team_id=team_id, user_id=user_id)
    ids = [e.id for e in found]
    if not ids:
        return OwnerDashboard([], [])
    rows = status.rows_for(session, found, now)
    due = session.scalars(select(Payment).where(Payment.engagement_id.in_(ids), Payment.status != "paid")
                          .order_by(Payment.due_on, Payment.id))
    contractor_ids = sorted({e.contractor_id for e in found})
    nda = {cid for cid, owner in contractor_terms.owners_with_nda(session, contractor_ids) if owner == user_id}
    return OwnerDashboard(rows, list(due), frozenset(nda))


def for_contractor(session: Session, *, team_id: str, user_id: str) -> ContractorDashboard:
    """What a contractor sees of their own work: no money, only feedback the owner chose to share."""
    found = engagements.for_contractor(session, team_id=team_id, user_id=user_id)
    ids = [e.id for e in found]
    by_id = {e.id: e for e in found}
    tasks = list(session.scalars(
        select(Task).where(Task.engagement_id.in_(ids), Task.status != "done")
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id).limit(SHOWN_TASKS))) if ids else []
    shared = list(session.scalars(
        select(Feedback).where(Feedback.engagement_id.in_(ids), Feedback.shared_at.is_not(None))
        .order_by(Feedback.shared_at.desc()).limit(SHOWN_FEEDBACK))) if ids else []
    thanks = list(session.scalars(
        select(Thanks).where(Thanks.team_id == team_id, Thanks.to_user == user_id)
        .order_by(Thanks.created_at.desc()).limit(SHOWN_THANKS)))
    return ContractorDashboard(found, tasks, [(by_id[f.engagement_id], f) for f in shared], thanks)
