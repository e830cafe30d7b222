"""The "Mark paid" button on payment alerts: the owner closes the payment and the alerts stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Payment
from bot.db.session import transaction
from bot.domain import payments
from bot.domain.errors import NotFound
from bot.slack.blocks.payment_alerts import build_marked_paid
from bot.slack.listeners.common import runtime_of


def handle_mark_paid(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     context: dict[str, Any]) -> None:
    """Only the engagement's owner may mark it paid (payments.mark_paid checks); the alert is replaced."""
    ack()
    runtime = runtime_of(context)
    user_id = body["user"]["id"]
    with transaction(runtime.sessions) as session:
        payment = session.get(Payment, int(action.get("value") or 0))
        if payment is None:
            raise NotFound("This payment no longer exists.")
        payment = payments.mark_paid(session, engagement=payment.engagement, by_user=user_id,
                                     number=payment.number, now=runtime.clock())
        reply = build_marked_paid(payment, user_id)
    channel_id, ts = (body.get("channel") or {}).get("id"), (body.get("message") or {}).get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **reply)
