"""/payment: what the owner owes; money is private, so every answer is ephemeral and nothing is posted."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Payment
from bot.db.session import transaction
from bot.domain.engagement import engagements
from bot.domain.errors import NotFound
from bot.domain.money import payments
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.payments import (
    build_payment_added,
    build_payment_list,
    build_payment_modal,
    build_payment_paid,
)
from bot.slack.grammar import payment as grammar
from bot.slack.listeners.common import known_today, runtime_of, team_of
from bot.text.money import Money


def handle_payment(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """Route /payment; everything but the form is database work, answered privately in the ack."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    today = known_today(runtime, team_id, user_id)
    parsed = grammar.parse(command.get("text", ""), today=today)
    if parsed.action == "help":
        ack(**build_help("/payment", today), response_type="ephemeral")
    elif parsed.action == "modal":
        view = form_for(runtime, team_id, user_id, channel_id, today)
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)
    else:
        ack(**answer(runtime, team_id, user_id, channel_id, parsed, today), response_type="ephemeral")


def answer(runtime: Runtime, team_id: str, user_id: str, channel_id: str, parsed: grammar.PaymentCommand,
           today: date) -> dict[str, Any]:
    """list, paid and add, in one transaction; `today` is the owner's."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        if parsed.action == "list":
            here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
            found = payments.list_for_owner(session, team_id=team_id, owner_user_id=user_id, engagement=here)
            return build_payment_list(found, today, here)
        if parsed.action == "paid":
            return build_payment_paid(paid(session, team_id, user_id, channel_id, parsed, now))
        engagement = payments.engagement_for(session, team_id=team_id, channel_id=channel_id,
                                             owner_user_id=user_id, contractor_user_id=parsed.contractor_id)
        amount = parsed.money(payments.currency_for(engagement, parsed.currency))
        return record(session, engagement, user_id, amount=amount, due_on=parsed.due_on,
                      reference=parsed.reference, today=today, now=now)


def paid(session: Session, team_id: str, user_id: str, channel_id: str, parsed: grammar.PaymentCommand,
         now: datetime) -> Payment:
    """In an engagement's channel its payment N; anywhere else (the DM) N among all the owner's engagements."""
    assert parsed.number is not None
    here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if here is not None and parsed.contractor_id in (None, here.contractor.person.user_id):
        return payments.mark_paid(session, engagement=here, by_user=user_id, number=parsed.number, now=now)
    payment = payments.find_owned(session, team_id=team_id, owner_user_id=user_id, number=parsed.number,
                                  contractor_user_id=parsed.contractor_id)
    return payments.settle(session, payment=payment, by_user=user_id, now=now)


def record(session: Session, engagement: Engagement, user_id: str, *, amount: Money, due_on: date | None,
           reference: str, today: date, now: datetime) -> dict[str, Any]:
    """Add the payment (command or form) and build the owner's confirmation."""
    payment = payments.add(session, engagement=engagement, by_user=user_id, amount=amount, due_on=due_on,
                           reference=reference, today=today, now=now)
    return build_payment_added(payment, today)


def form_for(runtime: Runtime, team_id: str, user_id: str, channel_id: str, today: date) -> dict[str, Any]:
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
