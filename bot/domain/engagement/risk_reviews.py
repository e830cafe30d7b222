"""The monthly risk review: strategic, operational, security and financial questions per engagement.

Sent to the owner once per owner-local month, from the engagement's fourth week on (the kickoff
already asked for a contingency plan), with facts that make each question concrete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Engagement, Payment, Task
from bot.domain.delivery import ledger_keys
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.roster import contractor_terms
from bot.domain.schedule import worktime
from bot.domain.shapes import EngagementLike

DUTY = "risk_review"
FIRST_AFTER_DAYS = 28
PLAN_LIMIT = 3000


@dataclass(frozen=True)
class Facts:
    """What the review points at: overdue tasks, unpaid and overdue payments, money paid so far (minor units),
    and whether the owner has an NDA on file with the contractor (their own vetting)."""

    overdue_tasks: int = 0
    unpaid: int = 0
    overdue_payments: int = 0
    paid_minor: int = 0
    nda_on_file: bool = False


def key_for(engagement: EngagementLike, today: date) -> str:
    """`risk:<engagement>:<owner-local YYYY-MM>`."""
    return ledger_keys.risk(engagement.id, today)


def is_due(start_on: date, today: date) -> bool:
    """From four weeks after the start (on the owner's calendar); candidates() asks only of running engagements."""
    return (today - start_on).days >= FIRST_AFTER_DAYS


def candidates(running: Iterable[EngagementLike], now: datetime) -> dict[int, str]:
    """Engagement id -> this month's key, for the running engagements old enough (no query: the run's rows).

    The sweep runs every quarter of an hour: only engagements whose key is not yet in the ledger go further.
    """
    found = {}
    for engagement in running:
        today = worktime.local_today(now, engagement.owner.tz)
        if is_due(engagement.start_on, today):
            found[engagement.id] = ledger_keys.risk(engagement.id, today)
    return found


def facts(session: Session, today_of: Mapping[int, tuple[EngagementLike, date]]) -> dict[int, Facts]:
    """Facts per engagement id, given each engagement and its owner's today; three queries."""
    ids = list(today_of)
    found: dict[int, Counter[str]] = {eid: Counter() for eid in ids}
    tasks = session.execute(select(Task.engagement_id, Task.due_on).where(
        any_of(session, Task.engagement_id, ids), Task.status != "done", Task.due_on.is_not(None)))
    for eid, due_on in tasks:
        found[eid]["overdue_tasks"] += due_on is not None and due_on < today_of[eid][1]
    for payment in session.scalars(select(Payment).where(any_of(session, Payment.engagement_id, ids))):
        engagement, today = today_of[payment.engagement_id]
        counts = found[payment.engagement_id]
        if payment.status == "paid" and payment.currency == engagement.budget_currency:
            counts["paid_minor"] += payment.amount_minor
        elif payment.status != "paid":
            counts["unpaid"] += 1
            counts["overdue_payments"] += payment.due_on < today
    nda = contractor_terms.owners_with_nda(session, sorted({e.contractor_id for e, _ in today_of.values()}))
    return {
        eid: Facts(overdue_tasks=found[eid]["overdue_tasks"], unpaid=found[eid]["unpaid"],
                   overdue_payments=found[eid]["overdue_payments"], paid_minor=found[eid]["paid_minor"],
                   nda_on_file=(engagement.contractor_id, engagement.owner.user_id) in nda)
        for eid, (engagement, _) in today_of.items()
    }


def update_plan(session: Session, *, engagement: Engagement, by_user: str, plan: str, now: datetime) -> Engagement:
    """Replace the contingency plan (who or what takes over if the work stalls)."""
    engagements.require_owner(engagement, by_user, "update its contingency plan")
    plan = plan.strip()
    if not plan:
        raise DomainError("Write the plan: who or what takes over if this work stalls?")
    if len(plan) > PLAN_LIMIT:
        raise DomainError(f"Keep the plan under {PLAN_LIMIT} characters.")
    engagement.contingency, engagement.updated_at = plan, now
    session.flush()
    return engagement
