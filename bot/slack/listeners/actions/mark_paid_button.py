"""The "Mark paid" button on payment alerts: the owner closes the payment and the alerts stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Payment
from bot.db.session import transaction
from bot.domain.errors import NotFound
from bot.domain.money import payments
from bot.slack.blocks.digest import build_digest_paid, digest_payment_ids, is_digest
from bot.slack.blocks.payment_alerts import build_marked_paid
from bot.slack.listeners.common import require_team, runtime_of


def handle_mark_paid(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     context: dict[str, Any]) -> None:
    """Only the engagement's owner may mark it paid (payments.mark_paid checks).

    A standalone alert is replaced by the paid line; in the weekly digest only that payment's part
    changes, so the rest of the owner's week stays readable.
    """
    ack()
    runtime = runtime_of(context)
    user_id = body["user"]["id"]
    stored = body.get("message") or {}
    with transaction(runtime.sessions) as session:
        payment = session.get(Payment, int(action.get("value") or 0))
        if payment is None:
            raise NotFound("This payment no longer exists.")
        require_team(payment.engagement, body, "This payment no longer exists.")
        payment = payments.mark_paid(session, engagement=payment.engagement, by_user=user_id,
                                     number=payment.number, now=runtime.clock())
        if is_digest(stored):
            paid = payments.paid_among(session, payment_ids=digest_payment_ids(stored) | {payment.id},
                                       owner_user_id=user_id)
            reply = build_digest_paid(stored, paid, payment, action.get("block_id") or "", user_id)
        else:
            reply = build_marked_paid(payment, user_id)
    channel_id, ts = (body.get("channel") or {}).get("id"), stored.get("ts")
    if channel_id and ts:
        client.chat_update(channel=channel_id, ts=ts, **reply)
