"""The monthly risk review: one DM per engagement per owner-local month, in the owner's working hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from bot.domain.delivery import ledger
from bot.domain.engagement import risk_reviews
from bot.domain.schedule import worktime
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.risk_reviews import build_risk_review
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Review engagements four weeks old or more, once a month each; a month already sent costs two light queries."""
    with ctx.runtime.sessions() as session:
        active = ctx.active(session)
        keys = risk_reviews.candidates(active, ctx.now)
        open_keys = ledger.unsettled(session, keys.values())
        wanted = {eid for eid, key in keys.items() if key in open_keys}
        due = {e.id: (e, worktime.local_today(ctx.now, e.owner.tz)) for e in (active if wanted else [])
               if e.id in wanted and ctx.at_work(e.owner)}
        facts = risk_reviews.facts(session, due) if due else {}
        items = [review(e, facts[eid], t) for eid, (e, t) in due.items()]
    yield from send_all(ctx, items)


def review(engagement: EngagementLike, facts: risk_reviews.Facts, today: date) -> Outgoing:
    """The owner's risk review of one engagement."""
    owner = engagement.owner
    return Outgoing(
        key=risk_reviews.key_for(engagement, today), duty=risk_reviews.DUTY, team_id=engagement.team_id,
        channel=owner.user_id, due_at=worktime.at_local(today, owner.work_start, owner.tz),
        payload=Deferred(build_risk_review, engagement, facts, today),
        summary=f"risk review of engagement {engagement.id} to owner <@{owner.user_id}>",
    )
