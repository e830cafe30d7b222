"""The owner's weekly digest DM; due payment alerts of the same moment ride along instead of arriving apart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.db.models import Payment
from bot.domain.money.payment_alerts import describe_due
from bot.domain.reports.digest import Line
from bot.domain.reports.health import SEVERITY
from bot.domain.schedule import worktime
from bot.domain.shapes import PersonLike
from bot.slack import ids
from bot.slack.blocks.blockers import blocker_line
from bot.slack.blocks.common import MESSAGE_TEXT_BUDGET, button, context, header, message, mrkdwn, user_text
from bot.slack.blocks.payment_alerts import build_marked_paid, build_payment_alert

HEALTH = {"on_track": ":large_green_circle: on track", "at_risk": ":large_yellow_circle: at risk",
          "blocked": ":red_circle: blocked", "no_status": ":white_circle: no status given",
          "silent": ":white_circle: silent"}


def _payment_due(payment: Payment, today: date | None) -> str:
    """'payment 2 due Fri 13 Nov', or once that day has passed 'payment 2 overdue by 10 days (due Fri 13 Nov)'."""
    if today is not None and payment.due_on < today:
        return f"payment {payment.number} {describe_due(payment.due_on, today)} (due {payment.due_on:%a %d %b})"
    return f"payment {payment.number} due {payment.due_on:%a %d %b}"


def _line(line: Line, today: date | None = None) -> str:
    e = line.engagement
    shown = HEALTH.get(line.health, line.health) + (f" ({'; '.join(line.reasons)})" if line.reasons else "")
    parts = [shown, f"{line.checkins} check-in(s) this week"]
    if line.overdue_tasks:
        parts.append(f"{line.overdue_tasks} overdue task(s)")
    parts += [_payment_due(p, today) for p in line.payments_due]
    parts += [blocker_line(blocker) for blocker in line.blockers[:3]]
    return f"• *{user_text(e.title, 150)}* with <@{e.contractor.person.user_id}>: " + " · ".join(parts)


def build_digest(owner: PersonLike, lines: list[Line], alerts: list[Payment], today: date,
                 now: datetime) -> dict[str, Any]:
    """Health of every engagement, then the payment alerts due now (with their Mark paid buttons)."""
    blocks: list[dict[str, Any]] = [header(f"Your week, {today:%a %d %b}"), *health_sections(lines, today)]
    if alerts:
        blocks.append(mrkdwn("*Payments needing attention*"))
        for payment in alerts[:10]:
            alert = build_payment_alert(payment, today)["blocks"][0]
            blocks.append(alert | {"block_id": _block_id(ids.DIGEST_PAYMENT, payment.id)})
        # One actions block per button: Slack rejects a block whose elements repeat an action_id.
        blocks.extend({"type": "actions", "block_id": _block_id(ids.DIGEST_MARK_PAID, p.id),
                       "elements": [button(f"Mark payment {p.number} paid", ids.MARK_PAID, str(p.id))]}
                      for p in alerts[:5])
    blocks.append(context(f"Sent {worktime.format_local(now, owner.tz, with_day=True)}. Only you see this."))
    return message(f"Your weekly digest: {len(lines)} engagement(s)", blocks)


# What the engagements' lines may use of the message's text budget: the rest is for up to ten payment alerts.
LINES_BUDGET = MESSAGE_TEXT_BUDGET - 4_000
SECTION_SIZE = 2_900  # under a section's 3,000 characters, never splitting a line


def health_sections(lines: list[Line], today: date | None = None) -> list[dict[str, Any]]:
    """Every engagement's line, the worst health first, packed into sections; past the budget, how many more.

    One section used to hold them all and was cut at 3,000 characters without a word: an owner with
    many engagements read a partial list as the whole week, and the blocked ones could be the ones cut.
    """
    ordered = sorted(lines, key=lambda line: -SEVERITY.get(line.health, 0))
    packed: list[list[str]] = [[]]
    used = shown = 0
    for text in (_line(line, today) for line in ordered):
        if used + len(text) + 1 > LINES_BUDGET:
            break
        if packed[-1] and len("\n".join(packed[-1])) + len(text) + 1 > SECTION_SIZE:
            packed.append([])
        packed[-1].append(text[:SECTION_SIZE])
        used, shown = used + len(text) + 1, shown + 1
    blocks = [mrkdwn("\n".join(group)) for group in packed if group]
    if shown < len(ordered):
        blocks.append(context(f"…and {len(ordered) - shown} more engagements, all on track or less urgent: "
                              "the Home tab lists every one."))
    return blocks


def _block_id(kind: str, payment_id: int) -> str:
    return f"{kind}:{payment_id}"


def is_digest(stored: dict[str, Any]) -> bool:
    """Whether a message Mark paid was pressed in is a digest: only the digest opens with a header."""
    blocks = stored.get("blocks") or []
    return bool(blocks) and blocks[0].get("type") == "header"


def digest_payment_ids(stored: dict[str, Any]) -> set[int]:
    """The payments whose alerts or buttons a digest, as Slack stored it, carries."""
    found = set()
    for block in stored.get("blocks") or []:
        kind, _, payment_id = str(block.get("block_id") or "").partition(":")
        if kind in (ids.DIGEST_PAYMENT, ids.DIGEST_MARK_PAID) and payment_id.isdigit():
            found.add(int(payment_id))
    return found


def build_digest_paid(stored: dict[str, Any], paid: dict[int, Payment], pressed: Payment, pressed_block_id: str,
                      by_user: str) -> dict[str, Any]:
    """The digest as Slack stored it, each paid payment's alert now a "marked paid" line and its button gone.

    Everything else (the week's health lines, other payments, their buttons) stays as it was sent.
    `paid` holds every payment of the digest that is paid now, not only the one just pressed, so a
    second press answered with a copy of the message from before the first one does not bring the
    first button back. A digest sent before its blocks carried payment ids has its pressed button
    replaced by the paid line instead.
    """
    keyed = {_block_id(ids.DIGEST_PAYMENT, pressed.id), _block_id(ids.DIGEST_MARK_PAID, pressed.id)}
    old_digest = not any(block.get("block_id") in keyed for block in stored.get("blocks") or [])
    blocks = []
    for block in stored.get("blocks") or []:
        kind, _, payment_id = str(block.get("block_id") or "").partition(":")
        payment = paid.get(int(payment_id)) if payment_id.isdigit() else None
        if kind == ids.DIGEST_PAYMENT and payment is not None:
            blocks.append(_paid_line(payment, by_user))
        elif (kind == ids.DIGEST_MARK_PAID and payment is not None) or block.get("block_id") == pressed_block_id:
            if old_digest:
                blocks.append(_paid_line(pressed, by_user))
        else:
            blocks.append(block)
    return message(stored.get("text") or "Your weekly digest", blocks)


def _paid_line(payment: Payment, by_user: str) -> dict[str, Any]:
    line = build_marked_paid(payment, by_user)["blocks"][0]
    return line | {"block_id": _block_id(ids.DIGEST_PAYMENT, payment.id)}


def build_observer_digest(observer: PersonLike, lines: list[Line], today: date, now: datetime) -> dict[str, Any]:
    """The weekly digest for someone who follows engagements: health and check-ins, never money."""
    blocks: list[dict[str, Any]] = [header(f"The week, {today:%a %d %b}"), mrkdwn("\n".join(map(_line, lines)))]
    blocks.append(context(f"Sent {worktime.format_local(now, observer.tz, with_day=True)}. "
                          "You get this because you observe these engagements."))
    return message(f"Weekly digest of the engagements you observe: {len(lines)}", blocks)
