"""The owner's weekly digest DM; due payment alerts of the same moment ride along instead of arriving apart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.db.models import Payment, Person
from bot.domain import worktime
from bot.domain.digest import Line
from bot.slack import ids
from bot.slack.blocks.common import button, context, header, message, mrkdwn, user_text
from bot.slack.blocks.payment_alerts import build_payment_alert

HEALTH = {"on_track": ":large_green_circle: on track", "at_risk": ":large_yellow_circle: at risk",
          "blocked": ":red_circle: blocked", "silent": ":white_circle: silent"}


def _line(line: Line) -> str:
    e = line.engagement
    parts = [HEALTH.get(line.health, line.health), f"{line.checkins} check-in(s) this week"]
    if line.overdue_tasks:
        parts.append(f"{line.overdue_tasks} overdue task(s)")
    parts += [f"payment {p.number} due {p.due_on:%a %d %b}" for p in line.payments_due]
    return f"• *{user_text(e.title, 150)}* with <@{e.contractor.person.user_id}>: " + " · ".join(parts)


def build_digest(owner: Person, lines: list[Line], alerts: list[Payment], today: date,
                 now: datetime) -> dict[str, Any]:
    """Health of every engagement, then the payment alerts due now (with their Mark paid buttons)."""
    blocks: list[dict[str, Any]] = [header(f"Your week, {today:%a %d %b}"), mrkdwn("\n".join(map(_line, lines)))]
    if alerts:
        blocks.append(mrkdwn("*Payments needing attention*"))
        for payment in alerts[:10]:
            blocks.append(build_payment_alert(payment, today)["blocks"][0])
        # One actions block per button: Slack rejects a block whose elements repeat an action_id.
        blocks.extend({"type": "actions", "elements": [button(f"Mark payment {p.number} paid", ids.MARK_PAID,
                                                              str(p.id))]} for p in alerts[:5])
    blocks.append(context(f"Sent {worktime.format_local(now, owner.tz, with_day=True)}. Only you see this."))
    return message(f"Your weekly digest: {len(lines)} engagement(s)", blocks)


def build_observer_digest(observer: Person, lines: list[Line], today: date, now: datetime) -> dict[str, Any]:
    """The weekly digest for someone who follows engagements: health and check-ins, never money."""
    blocks: list[dict[str, Any]] = [header(f"The week, {today:%a %d %b}"), mrkdwn("\n".join(map(_line, lines)))]
    blocks.append(context(f"Sent {worktime.format_local(now, observer.tz, with_day=True)}. "
                          "You get this because you observe these engagements."))
    return message(f"Weekly digest of the engagements you observe: {len(lines)}", blocks)
