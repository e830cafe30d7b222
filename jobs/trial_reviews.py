"""Trial reviews: when a trial reaches its deadline, the owner is asked to continue, extend or end it."""

from __future__ import annotations

from collections.abc import Iterator

from bot.db.models import Engagement
from bot.domain.engagement import trials
from bot.domain.schedule import work_hours, worktime
from bot.slack.blocks.trials import build_trial_review
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Ask once per trial deadline, in the owner's working hours, with the contractor's record."""
    with ctx.runtime.sessions() as session:
        due = [e for e in trials.due(session, ctx.now) if work_hours.in_working_hours(e.owner, ctx.now)]
        items = unsent(session, [question(e, trials.record(session, e)) for e in due])
    yield from send_all(ctx, items)


def question(engagement: Engagement, record: trials.Record) -> Outgoing:
    """The owner's trial review DM."""
    owner = engagement.owner
    return Outgoing(
        key=trials.key_for(engagement), duty=trials.DUTY, team_id=engagement.team_id, channel=owner.user_id,
        due_at=worktime.at_local(engagement.deadline, owner.work_start, owner.tz),
        payload=build_trial_review(engagement, record),
        summary=f"trial review of engagement {engagement.id} to owner <@{owner.user_id}>",
    )
