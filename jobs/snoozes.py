"""Snoozed check-in prompts coming back: a nudge in the prompt's thread once the snooze runs out."""

from __future__ import annotations

from collections.abc import Iterator

from bot.db.models import Delivery, Engagement
from bot.domain import duties
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import slots, snoozes
from bot.slack.blocks.prompts import build_snoozed
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Nudge every snoozed, still unanswered prompt whose snooze ended."""
    with ctx.runtime.sessions() as session:
        rows = snoozes.due(session, ctx.now)
        keyed = [(row, *slots.parse_key(row.key)) for row in rows]
        engagements = duties.engagements_by_id(session, {eid for _, eid, _ in keyed})
        last_dates = duties.last_checkin_dates(session, engagements)
        items = [nudge(engagements[eid], row) for row, eid, day in keyed
                 if eid in engagements and engagements[eid].status == "active"
                 and not duties.answered(last_dates, eid, day)]
        items = unsent(session, items)
    yield from send_all(ctx, items)


def nudge(engagement: Engagement, snooze: Delivery) -> Outgoing:
    """The nudge of one snooze; keyed by the snooze's end so snoozing again nudges again."""
    _, day = slots.parse_key(snooze.key)
    return Outgoing(
        key=ledger_keys.snoozed(engagement.id, day, snooze.due_at), duty=snoozes.NUDGE_DUTY,
        team_id=engagement.team_id, channel=snooze.channel_id or engagement.channel_id,
        thread_ts=snooze.message_ts, due_at=snooze.due_at, payload=build_snoozed(engagement, day),
        summary=f"snoozed check-in nudge for <@{engagement.contractor.person.user_id}>",
    )
