"""Payment replies for the owner alone (always ephemeral): confirmations, the list and the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Engagement, Payment
from bot.domain.money import payment_alerts, payments
from bot.domain.schedule import worktime
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, header, message, mrkdwn, user_text
from bot.slack.blocks.tasks import sections
from bot.text import examples

PRIVATE = "Only you see this: amounts are never posted in a channel."
SHOWN_DUE, SHOWN_PAID = 60, 10


def payment_line(payment: Payment, today: date, *, with_engagement: bool = False) -> str:
    """'*2.* USD 500.00 · due in 3 days (Sat 05 Dec 2026) · ref INV-12' (+ who and where)."""
    parts = [f"*{payment.number}.* {payments.money_of(payment).format()}"]
    if payment.status == "paid" and payment.paid_at is not None:
        paid_on = worktime.local_today(payment.paid_at, payment.engagement.owner.tz)
        parts.append(f":white_check_mark: paid {paid_on:%d %b %Y}")
    else:
        icon = ":rotating_light: " if payments.is_overdue(payment, today) else ""
        parts.append(f"{icon}{payment_alerts.describe_due(payment.due_on, today)} ({payment.due_on:%a %d %b %Y})")
    if payment.reference:
        parts.append(f"ref {user_text(payment.reference, 100)}")
    if with_engagement:
        engagement = payment.engagement
        parts.append(f"<@{engagement.contractor.person.user_id}> · {user_text(engagement.title, 100)} "
                     f"in <#{engagement.channel_id}>")
    return " · ".join(parts)


def build_payment_list(found: list[Payment], today: date, engagement: Engagement | None) -> dict[str, Any]:
    """One engagement's payments, or all of the owner's (each line then says which engagement)."""
    scope = f"*{user_text(engagement.title, 200)}*" if engagement else "your engagements"
    if not found:
        return message("No payments yet.", [mrkdwn(
            f"No payments recorded for {scope}. Add one with `{examples.render(payments.ADD_EXAMPLE, today)}`."),
            context(PRIVATE)])
    due = [p for p in found if p.status != "paid"]
    paid = [p for p in found if p.status == "paid"]
    lines = [payment_line(p, today, with_engagement=engagement is None) for p in due[:SHOWN_DUE]]
    blocks = [header("Payments"), mrkdwn(f"Payments for {scope}")]
    blocks += sections(lines or ["Nothing due. :tada:"])
    if len(due) > SHOWN_DUE:
        blocks.append(context(f"…and {len(due) - SHOWN_DUE} more due."))
    if paid:
        blocks.append(context(f"*Paid ({len(paid)})*"))
        blocks += sections([payment_line(p, today, with_engagement=engagement is None) for p in paid[:SHOWN_PAID]])
    overdue = sum(payments.is_overdue(p, today) for p in due)
    numbers = [p.number for p in due]
    how = "`/payment paid N @name`" if len(numbers) != len(set(numbers)) else "`/payment paid N`"
    blocks.append(context(f"{PRIVATE} Mark one paid with {how}."))
    return message(f"Payments: {len(due)} due ({overdue} overdue), {len(paid)} paid", blocks)


def build_payment_added(payment: Payment, today: date) -> dict[str, Any]:
    """The owner's confirmation of a new payment and when the reminders start."""
    engagement = payment.engagement
    text = (f":money_with_wings: Recorded payment *{payment.number}* to <@{engagement.contractor.person.user_id}> "
            f"for *{user_text(engagement.title, 200)}*:\n{payment_line(payment, today)}")
    return message(f"Payment {payment.number} recorded", [
        mrkdwn(text),
        context(f"{PRIVATE} {_what_next(payment, today)} Once paid: `/payment paid {payment.number}`."),
    ])


def _what_next(payment: Payment, today: date) -> str:
    if payments.is_overdue(payment, today):
        return "It is already overdue: I'll keep reminding you until it is marked paid."
    return "I'll remind you before it is due."


def build_payment_paid(payment: Payment) -> dict[str, Any]:
    """The owner's confirmation that a payment is settled."""
    engagement = payment.engagement
    text = (f":white_check_mark: Payment *{payment.number}* ({payments.money_of(payment).format()}) to "
            f"<@{engagement.contractor.person.user_id}> for *{user_text(engagement.title, 200)}* is marked paid. "
            "No more reminders about it.")
    return message(f"Payment {payment.number} marked paid", [mrkdwn(text), context(PRIVATE)])


def build_payment_modal(channel_id: str, *, currency: str | None, due_on: date | None,
                        ask_contractor: bool) -> dict[str, Any]:
    """The /payment form; outside an engagement's channel it also asks whom the payment is for."""
    blocks = [context(PRIVATE)]
    if ask_contractor:
        blocks.append(forms.user_select(ids.CONTRACTOR, "Contractor"))
    blocks += [
        forms.text_input(ids.AMOUNT, "Amount", placeholder="500", max_length=20),
        forms.text_input(ids.CURRENCY, "Currency", initial=currency or "", placeholder="USD", max_length=3,
                         optional=True, hint="Leave empty to use the engagement's budget currency."),
        forms.date_picker(ids.DUE, "Due date", initial=due_on.isoformat() if due_on else None),
        forms.text_input(ids.REFERENCE, "Reference", optional=True, placeholder="INV-12", max_length=100),
    ]
    return forms.modal(ids.PAYMENT_MODAL, "Record a payment", blocks, submit="Save",
                       private_metadata=metadata.seal({"channel_id": channel_id}))
