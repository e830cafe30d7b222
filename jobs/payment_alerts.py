"""Payment reminders and overdue alerts: direct messages to the owner, in the owner's working hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Payment
from bot.domain.money import payment_alerts
from bot.domain.schedule import work_hours, worktime
from bot.slack.blocks.payment_alerts import build_payment_alert
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Send the latest alert that came due for each unpaid payment, however long we were down."""
    with ctx.runtime.sessions() as session:
        items = unsent(session, [item for payment in payment_alerts.unpaid(session)
                                 if (item := alert_for(payment, ctx.now))])
    yield from send_all(ctx, items)


def alert_for(payment: Payment, now: datetime) -> Outgoing | None:
    """The owner's alert for a payment at `now`, if one is due and the owner is at work."""
    owner = payment.engagement.owner
    today = worktime.local_today(now, owner.tz)
    day = payment_alerts.alert_day(payment.due_on, today)
    if day is None or not work_hours.in_working_hours(owner, now):
        return None
    return Outgoing(
        key=payment_alerts.key_for(payment.id, day), duty=payment_alerts.DUTY,
        team_id=payment.engagement.team_id, channel=owner.user_id,
        due_at=worktime.at_local(day, owner.work_start, owner.tz),
        payload=build_payment_alert(payment, today),
        summary=f"payment {payment.number} alert to owner <@{owner.user_id}>",
    )
