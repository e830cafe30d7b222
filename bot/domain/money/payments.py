"""Payments the owner owes a contractor: numbered per engagement, private to the owner, due until paid."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Payment, Person
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.domain.schedule import worktime
from bot.domain.work.tasks import next_number
from bot.text.money import Money

ADD_EXAMPLE = "/payment add 500 USD due {today+7} ref=INV-12"
ELSEWHERE_EXAMPLE = "/payment add 500 USD due {today+7} @maria"
PAID_EXAMPLE = "/payment paid 2"
REFERENCE_LIMIT = 100


def engagement_for(
    session: Session, *, team_id: str, channel_id: str, owner_user_id: str, contractor_user_id: str | None = None
) -> Engagement:
    """The channel's engagement, else the owner's only engagement with the named contractor."""
    here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if here is not None:
        engagements.require_owner(here, owner_user_id, "manage its payments")
        if contractor_user_id and here.contractor.person.user_id != contractor_user_id:
            raise DomainError(
                f"<@{contractor_user_id}> is not the contractor of this channel's engagement; "
                "leave the mention out, or run this in their engagement's channel.", ADD_EXAMPLE,
            )
        return here
    if contractor_user_id is None:
        raise NotFound(
            "There is no engagement in this channel. Run /payment in the engagement's channel, "
            "or mention the contractor.", ELSEWHERE_EXAMPLE,
        )
    mine = [
        e for e in engagements.for_owner(session, team_id=team_id, user_id=owner_user_id)
        if e.contractor.person.user_id == contractor_user_id
    ]
    if not mine:
        raise NotFound(f"You have no engagement in progress with <@{contractor_user_id}>.", ELSEWHERE_EXAMPLE)
    if len(mine) > 1:
        raise DomainError(
            f"You have {len(mine)} engagements with <@{contractor_user_id}>: run /payment in the "
            "engagement's channel.", ADD_EXAMPLE,
        )
    return mine[0]


def currency_for(engagement: Engagement, currency: str | None) -> str:
    """The currency typed, else the engagement's budget currency, else ask for one."""
    chosen = currency or engagement.budget_currency
    if not chosen:
        raise DomainError(
            "Which currency? This engagement has no budget currency, so add one after the amount.", ADD_EXAMPLE
        )
    return chosen


def add(
    session: Session, *, engagement: Engagement, by_user: str, amount: Money, due_on: date | None,
    reference: str = "", today: date, now: datetime,
) -> Payment:
    """Record money owed with the next number, due by default after the engagement's payment terms.

    A past due date is allowed: recording an invoice that is already late is the point of it.
    """
    engagements.require_owner(engagement, by_user, "record payments")
    if amount.amount_minor <= 0:
        raise DomainError("The amount must be more than zero.", ADD_EXAMPLE)
    reference = reference.strip()
    if len(reference) > REFERENCE_LIMIT:
        raise DomainError(f"Keep the reference under {REFERENCE_LIMIT} characters.", ADD_EXAMPLE)
    payment = Payment(
        engagement_id=engagement.id, engagement=engagement,
        number=next_number(session, Payment, engagement.id), amount_minor=amount.amount_minor,
        currency=amount.currency,
        due_on=due_on or today + timedelta(days=engagement.payment_terms_days),
        reference=reference, status="due", created_by=by_user, created_at=now, updated_at=now,
    )
    session.add(payment)
    session.flush()
    return payment


def mark_paid(session: Session, *, engagement: Engagement, by_user: str, number: int, now: datetime) -> Payment:
    """Mark a payment paid now, which stops its reminders and alerts."""
    engagements.require_owner(engagement, by_user, "mark payments paid")
    payment = session.scalar(
        select(Payment).where(Payment.engagement_id == engagement.id, Payment.number == number)
    )
    if payment is None:
        raise NotFound(f"There is no payment {number} in this engagement. `/payment list` shows them.")
    return settle(session, payment=payment, by_user=by_user, now=now)


def find_owned(session: Session, *, team_id: str, owner_user_id: str, number: int,
               contractor_user_id: str | None = None) -> Payment:
    """Payment `number` among every engagement the person owns, ended ones included (away from a channel:
    the DM, where the alerts arrive). Numbers count per engagement, so a number two engagements share
    is settled only once the contractor is named."""
    query = (select(Payment).join(Engagement, Payment.engagement_id == Engagement.id)
             .join(Person, Engagement.owner_id == Person.id)
             .where(Engagement.team_id == team_id, Person.user_id == owner_user_id, Payment.number == number)
             .order_by(Engagement.id))
    found = [p for p in session.scalars(query)
             if contractor_user_id is None or p.engagement.contractor.person.user_id == contractor_user_id]
    if not found:
        who = f" with <@{contractor_user_id}>" if contractor_user_id else ""
        raise NotFound(f"You have no payment {number}{who}. `/payment list` shows them.", PAID_EXAMPLE)
    due = [p for p in found if p.status != "paid"]
    if len(due) > 1 or (not due and len(found) > 1):
        named = ", ".join(f"<@{p.engagement.contractor.person.user_id}> on “{p.engagement.title}”" for p in found[:5])
        first = found[0].engagement.contractor.person.user_id
        raise DomainError(f"Several of your engagements have a payment {number} ({named}): say whose.",
                          f"/payment paid {number} <@{first}>")
    return (due or found)[0]


def settle(session: Session, *, payment: Payment, by_user: str, now: datetime) -> Payment:
    """Mark one payment paid (the command and the alert's button both end here)."""
    engagements.require_owner(payment.engagement, by_user, "mark payments paid")
    if payment.status == "paid":
        who = f" by <@{payment.paid_by}>" if payment.paid_by else ""
        tz = payment.engagement.owner.tz
        when = f" on {worktime.local_now(payment.paid_at, tz):%a %d %b}" if payment.paid_at else ""
        raise DomainError(f"Payment {payment.number} is already paid (marked{who}{when}).", "/payment list")
    payment.status, payment.paid_at, payment.paid_by, payment.updated_at = "paid", now, by_user, now
    session.flush()
    return payment


def paid_among(session: Session, *, payment_ids: Collection[int], owner_user_id: str) -> dict[int, Payment]:
    """Those of `payment_ids` that are paid, of engagements `owner_user_id` owns (a digest redraws them as paid)."""
    if not payment_ids:
        return {}
    paid = session.scalars(
        select(Payment).join(Engagement, Payment.engagement_id == Engagement.id)
        .join(Person, Engagement.owner_id == Person.id)
        .where(Payment.id.in_(payment_ids), Payment.status == "paid", Person.user_id == owner_user_id)
    )
    return {payment.id: payment for payment in paid}


def list_for_owner(
    session: Session, *, team_id: str, owner_user_id: str, engagement: Engagement | None = None
) -> list[Payment]:
    """One engagement's payments, or those of every engagement the person owns: due first, soonest first."""
    query = select(Payment).join(Engagement, Payment.engagement_id == Engagement.id)
    if engagement is not None:
        engagements.require_owner(engagement, owner_user_id, "see its payments")
        query = query.where(Payment.engagement_id == engagement.id)
    else:
        query = query.join(Person, Engagement.owner_id == Person.id).where(
            Engagement.team_id == team_id, Person.user_id == owner_user_id
        )
    found = list(session.scalars(query.order_by(Payment.due_on, Engagement.id, Payment.number)))
    return [p for p in found if p.status != "paid"] + [p for p in found if p.status == "paid"][::-1]


def money_of(payment: Payment) -> Money:
    """The payment's amount as Money."""
    return Money(payment.amount_minor, payment.currency)


def is_overdue(payment: Payment, today: date) -> bool:
    """Not paid and due before today (today in the owner's zone)."""
    return payment.status != "paid" and payment.due_on < today
