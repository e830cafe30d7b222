"""Snoozed check-in prompts coming back: a nudge in the prompt's thread once the snooze runs out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from slack_sdk import WebClient

from bot.db.models import Delivery, Engagement
from bot.domain import duties
from bot.domain.schedule import slots, snoozes
from bot.runtime import Runtime
from bot.slack.blocks.prompts import build_snoozed
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(runtime: Runtime, client: WebClient, now: datetime, dry_run: bool) -> Iterator[str]:
    """Nudge every snoozed, still unanswered prompt whose snooze ended."""
    with runtime.sessions() as session:
        rows = snoozes.due(session, now)
        keyed = [(row, *slots.parse_key(row.key)) for row in rows]
        engagements = duties.engagements_by_id(session, {eid for _, eid, _ in keyed})
        last_dates = duties.last_checkin_dates(session, engagements)
        items = [nudge(engagements[eid], row) for row, eid, day in keyed
                 if eid in engagements and engagements[eid].status == "active"
                 and not duties.answered(last_dates, eid, day)]
        items = unsent(session, items)
    yield from send_all(runtime, client, items, dry_run)


def nudge(engagement: Engagement, snooze: Delivery) -> Outgoing:
    """The nudge of one snooze; keyed by the snooze's end so snoozing again nudges again."""
    _, day = slots.parse_key(snooze.key)
    return Outgoing(
        key=f"snoozed:{engagement.id}:{day.isoformat()}:{snooze.due_at:%Y%m%dT%H%M}", duty=snoozes.NUDGE_DUTY,
        team_id=engagement.team_id, channel=snooze.channel_id or engagement.channel_id,
        thread_ts=snooze.message_ts, due_at=snooze.due_at, payload=build_snoozed(engagement, day),
        summary=f"snoozed check-in nudge for <@{engagement.contractor.person.user_id}>",
    )
