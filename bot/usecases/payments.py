"""What an owner owes: list, add, mark paid, and the form's lookups; money is private, so nothing here posts
in a channel. Each step is one transaction; the answers go to the owner alone (the listener replies)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.db.models import Engagement, Payment
from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import NotFound
from bot.domain.money import payments
from bot.runtime import Runtime
from bot.slack.blocks.digest import build_digest_paid, digest_payment_ids, is_digest
from bot.slack.blocks.payment_alerts import build_marked_paid
from bot.slack.blocks.payments import (
    build_payment_added,
    build_payment_list,
    build_payment_modal,
    build_payment_paid,
)
from bot.slack.grammar import payment as grammar
from bot.text.money import Money
from bot.usecases.records import require_team, stored

Payload = dict[str, Any]


def answer(runtime: Runtime, team_id: str, user_id: str, channel_id: str, parsed: grammar.PaymentCommand,
           today: date) -> Payload:
    """/payment list, paid and add, in one transaction; `today` is the owner's."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        if parsed.action == "list":
            here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
            found = payments.list_for_owner(session, team_id=team_id, owner_user_id=user_id, engagement=here)
            return build_payment_list(found, today, here)
        if parsed.action == "paid":
            return build_payment_paid(_paid(session, team_id, user_id, channel_id, parsed, now))
        engagement = payments.engagement_for(session, team_id=team_id, channel_id=channel_id,
                                             owner_user_id=user_id, contractor_user_id=parsed.contractor_id)
        amount = parsed.money(payments.currency_for(engagement, parsed.currency))
        return _add(session, engagement, user_id, amount=amount, due_on=parsed.due_on,
                    reference=parsed.reference, today=today, now=now)


def _paid(session: Session, team_id: str, user_id: str, channel_id: str, parsed: grammar.PaymentCommand,
          now: datetime) -> Payment:
    """In an engagement's channel its payment N; anywhere else (the DM) N among all the owner's engagements."""
    assert parsed.number is not None
    here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if here is not None and parsed.contractor_id in (None, here.contractor.person.user_id):
        return payments.mark_paid(session, engagement=here, by_user=user_id, number=parsed.number, now=now)
    payment = payments.find_owned(session, team_id=team_id, owner_user_id=user_id, number=parsed.number,
                                  contractor_user_id=parsed.contractor_id)
    return payments.settle(session, payment=payment, by_user=user_id, now=now)


def _add(session: Session, engagement: Engagement, user_id: str, *, amount: Money, due_on: date | None,
         reference: str, today: date, now: datetime) -> Payload:
    """Add the payment (command or form) and build the owner's confirmation."""
    payment = payments.add(session, engagement=engagement, by_user=user_id, amount=amount, due_on=due_on,
                           reference=reference, today=today, now=now)
    return build_payment_added(payment, today)


def record(runtime: Runtime, engagement_id: int, user_id: str, amount: Money, due_on: date | None,
           reference: str, today: date) -> Payload:
    """The form's save: the payment in its own transaction, and the owner's confirmation."""
    with transaction(runtime.sessions) as session:
        engagement = session.get_one(Engagement, engagement_id)
        return _add(session, engagement, user_id, amount=amount, due_on=due_on, reference=reference,
                    today=today, now=runtime.clock())


def engagement_for(runtime: Runtime, team_id: str, user_id: str, channel_id: str,
                   contractor_id: str | None) -> Engagement:
    """The engagement a form's payment belongs to, refusing anyone but its owner (read only)."""
    with runtime.sessions() as session:
        return payments.engagement_for(session, team_id=team_id, channel_id=channel_id,
                                       owner_user_id=user_id, contractor_user_id=contractor_id)


def form(runtime: Runtime, team_id: str, user_id: str, channel_id: str, today: date) -> Payload:
    """The payment form: pre-filled from this channel's engagement, else asking for the contractor."""
    with runtime.sessions() as session:
        here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
        if here is not None:
            engagements.require_owner(here, user_id, "record its payments")
            due = today + timedelta(days=here.payment_terms_days)
            return build_payment_modal(channel_id, currency=here.budget_currency, due_on=due, ask_contractor=False)
        if not engagements.for_owner(session, team_id=team_id, user_id=user_id):
            raise NotFound("You have no engagement in progress, so there is no one to pay yet.",
                           '/kickoff @maria "Website redesign" due {today+14}')
    return build_payment_modal(channel_id, currency=None, due_on=None, ask_contractor=True)


def mark_paid(runtime: Runtime, team_id: str, user_id: str, payment_ref: str, alert: Payload,
              block_id: str) -> Payload:
    """The owner closes the payment from an alert (payments.mark_paid checks who); returns the alert's new face.

    A standalone alert becomes the paid line; in the weekly digest only that payment's part
    changes, so the rest of the owner's week stays readable.
    """
    with transaction(runtime.sessions) as session:
        payment = stored(session, Payment, payment_ref, "payment")
        require_team(payment.engagement, team_id, "This payment no longer exists.")
        payment = payments.mark_paid(session, engagement=payment.engagement, by_user=user_id,
                                     number=payment.number, now=runtime.clock())
        if is_digest(alert):
            paid = payments.paid_among(session, payment_ids=digest_payment_ids(alert) | {payment.id},
                                       owner_user_id=user_id)
            reply = build_digest_paid(alert, paid, payment, block_id, user_id)
        else:
            reply = build_marked_paid(payment, user_id)
    return reply
