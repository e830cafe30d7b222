"""The owner's payment reminders and overdue alerts: direct messages only, money never in a channel."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Payment
from bot.domain.money import payment_alerts
from bot.domain.money.payments import money_of
from bot.slack import ids
from bot.slack.blocks.common import button, context, message, mrkdwn, user_text


def build_payment_alert(payment: Payment, today: date) -> dict[str, Any]:
    """'Payment 2 to @maria, 500.00 USD for *Site*, is overdue by 3 days' with a Mark paid button."""
    engagement = payment.engagement
    when = payment_alerts.describe_due(payment.due_on, today)
    icon = ":rotating_light:" if payment.due_on < today else ":money_with_wings:"
    reference = f" (ref {user_text(payment.reference, 100)})" if payment.reference else ""
    text = (f"{icon} Payment {payment.number} to <@{engagement.contractor.person.user_id}>, "
            f"*{money_of(payment).format()}*{reference} for *{user_text(engagement.title, 150)}*, "
            f"is {when} ({payment.due_on:%a %d %b %Y}).")
    return message(f"Payment {payment.number} is {when}", [
        mrkdwn(text),
        {"type": "actions", "elements": [button("Mark paid", ids.MARK_PAID, str(payment.id), style="primary")]},
        context("Only you see this. Paying on time keeps good people."),
    ])


def build_marked_paid(payment: Payment, by_user: str) -> dict[str, Any]:
    """What the alert becomes once the owner presses Mark paid."""
    return message(f"Payment {payment.number} marked paid", [
        mrkdwn(f":white_check_mark: Payment {payment.number} for *{user_text(payment.engagement.title, 150)}* "
               f"({money_of(payment).format()}) was marked paid by <@{by_user}>. No more alerts about it."),
    ])
