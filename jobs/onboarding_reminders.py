"""Onboarding reminders: the owner hears about an unfinished checklist every few days until done or dismissed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Onboarding
from bot.domain.engagement import onboarding
from bot.domain.schedule import work_hours, worktime
from bot.slack.blocks.onboarding import build_onboarding_reminder
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """One reminder per reminder day (the latest that came due), in the owner's working hours."""
    with ctx.runtime.sessions() as session:
        checklists = onboarding.unfinished(session)
        last = onboarding.last_sent(session, [c.engagement_id for c in checklists])
        items = unsent(session, [item for c in checklists
                                 if (item := reminder_for(c, ctx.now, last.get(c.engagement_id)))])
    yield from send_all(ctx, items)


def reminder_for(checklist: Onboarding, now: datetime, last_sent_at: datetime | None = None) -> Outgoing | None:
    """The owner's reminder about one checklist, if one is due, the last is 3 days old and the owner is at work."""
    engagement = checklist.engagement
    owner = engagement.owner
    day = onboarding.reminder_day(engagement.start_on, worktime.local_today(now, owner.tz),
                                  onboarding.last_sent_on(last_sent_at, owner.tz))
    if day is None or not work_hours.in_working_hours(owner, now):
        return None
    return Outgoing(
        key=onboarding.key_for(engagement.id, day), duty=onboarding.DUTY, team_id=engagement.team_id,
        channel=owner.user_id, due_at=worktime.at_local(day, owner.work_start, owner.tz),
        payload=build_onboarding_reminder(checklist),
        summary=f"onboarding reminder ({len(onboarding.missing(checklist))} left) to owner <@{owner.user_id}>",
    )
