"""Blocker alerts for blockers open two working days: the owner's DM, and a notice in the engagement's channel.

Both carry Resolved: the owner presses it in the DM; the contractor sees the channel's (the DM is
the owner's alone) and anyone else there who presses it is refused. Sent in the owner's working hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Checkin, Engagement
from bot.domain import duties
from bot.domain.checkin import blockers
from bot.domain.schedule import work_hours, worktime
from bot.slack.blocks.blockers import build_blocker_alert, build_blocker_notice
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Alert owners about each blocker that came due; a constant number of queries."""
    with ctx.runtime.sessions() as session:
        open_ones = blockers.open_blockers(session, ctx.now)
        engagements = duties.engagements_by_id(session, {c.engagement_id for c in open_ones})
        items = [item for c in open_ones
                 if (e := engagements.get(c.engagement_id)) is not None and e.status == "active"
                 and work_hours.in_working_hours(e.owner, ctx.now) and blockers.is_due(e, c, ctx.now)
                 for item in (alert(e, c, ctx.now), notice(e, c, ctx.now))]
        items = unsent(session, items)
    yield from send_all(ctx, items)


def alert(engagement: Engagement, checkin: Checkin, now: datetime) -> Outgoing:
    """The owner's DM about one blocker."""
    owner = engagement.owner
    due_on = blockers.nth_working_day_after(engagement, checkin.local_date)
    return Outgoing(
        key=blockers.key_for(checkin.id), duty=blockers.DUTY, team_id=engagement.team_id, channel=owner.user_id,
        due_at=worktime.at_local(due_on, owner.work_start, owner.tz), payload=build_blocker_alert(engagement, checkin),
        summary=f"blocker alert to owner <@{owner.user_id}>",
    )


def notice(engagement: Engagement, checkin: Checkin, now: datetime) -> Outgoing:
    """The channel's notice about the same blocker, in the prompt's thread when it was reported there."""
    owner = engagement.owner
    due_on = blockers.nth_working_day_after(engagement, checkin.local_date)
    return Outgoing(
        key=blockers.notice_key_for(checkin.id), duty=blockers.DUTY, team_id=engagement.team_id,
        channel=engagement.channel_id, due_at=worktime.at_local(due_on, owner.work_start, owner.tz),
        payload=build_blocker_notice(engagement, checkin), summary="blocker notice in the channel",
        thread_ts=checkin.thread_ts,
    )
