"""Thank-you nudges: a DM to the owner, in their working hours, at most once per engagement per week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.domain.delivery import ledger
from bot.domain.recognition import thank_nudges
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.thank_nudges import build_thanks_nudge
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Nudge owners who have a reason to thank and have not been nudged about that engagement this week."""
    with ctx.runtime.sessions() as session:
        engagements = [e for e in ctx.active(session) if ctx.at_work(e.owner)]
        # The weekly key first: engagements already nudged this week cost no reason queries.
        keys = {e.id: thank_nudges.key_for(e, ctx.now) for e in engagements}
        open_keys = ledger.unsettled(session, keys.values())
        candidates = {e.id: e for e in engagements if keys[e.id] in open_keys}
        reasons = thank_nudges.reasons(session, candidates.values(), ctx.now) if candidates else {}
        items = unsent(session, [nudge(candidates[eid], reason, ctx.now) for eid, reason in reasons.items()])
    yield from send_all(ctx, items)


def nudge(engagement: EngagementLike, reason: str, now: datetime) -> Outgoing:
    """The owner's nudge for one engagement."""
    owner = engagement.owner
    return Outgoing(
        key=thank_nudges.key_for(engagement, now), duty=thank_nudges.DUTY, team_id=engagement.team_id,
        channel=owner.user_id, due_at=now, payload=Deferred(build_thanks_nudge, engagement, reason),
        summary=f"thank-you nudge ({reason}) to owner <@{owner.user_id}>",
    )
