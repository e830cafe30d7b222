"""Check-in prompts: each engagement's slots, in the contractor's zone and working days, posted once."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

from bot.db.session import transaction
from bot.domain import duties
from bot.domain.delivery import ledger, marks
from bot.domain.schedule import noise, slots
from bot.domain.shapes import EngagementLike
from bot.runtime import Runtime
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.prompts import build_checkin_prompt
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all

logger = logging.getLogger(__name__)


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Post the prompts due at `now`; slots missed beyond the grace window are skipped and logged.

    Missed slots are looked for since the last run that recorded them all (its mark), not over the whole
    look-back every minute.
    """
    with ctx.runtime.sessions() as session:
        engagements = {e.id: e for e in ctx.active(session)}
        since = marks.done_through(session, slots.DUTY)
        due, stale = slots.due_for_all(engagements.values(), ctx.now, since=since)
        known = ledger.known(session, [s.key for s in due + stale])
        # Slots already prompted (or skipped) need nothing more: the check-in dates are asked only of the rest,
        # a handful in a minute, not every engagement whose slot is still inside the grace window.
        pending = [s for s in due if s.key not in known or known[s.key].status == ledger.CLAIMED]
        last_dates = duties.last_checkin_dates(session, {s.engagement_id for s in pending})
    if not ctx.dry_run:
        skip_missed(ctx.runtime, engagements, [s for s in stale if s.key not in known])
        with transaction(ctx.runtime.sessions) as session:
            marks.advance(session, slots.DUTY, ctx.now)
    prompts = []
    for slot in pending:
        row = known.get(slot.key)
        engagement = engagements[slot.engagement_id]
        if duties.answered(last_dates, slot.engagement_id, slot.local_date):
            if not ctx.dry_run:
                close(ctx.runtime, engagement, slot, row)
            continue
        prompts.append(prompt_for(engagement, slot))
    yield from send_all(ctx, prompts)


def prompt_for(engagement: EngagementLike, slot: slots.Slot) -> Outgoing:
    """The outgoing prompt of one slot."""
    return Outgoing(
        key=slot.key, duty=slots.DUTY, team_id=engagement.team_id, channel=engagement.channel_id,
        due_at=slot.due_at, payload=Deferred(build_checkin_prompt, engagement, slot.local_date, slot.due_at),
        summary=f"check-in prompt for <@{engagement.contractor.person.user_id}>",
        cap=noise.Cap(engagement.contractor_id, slot.local_date, never_drop=True),
    )


def skip_missed(runtime: Runtime, engagements: Mapping[int, EngagementLike], missed: list[slots.Slot]) -> None:
    """Record slots older than the grace window as skipped: a restart never sends a burst of stale prompts."""
    for slot in missed:
        engagement = engagements[slot.engagement_id]
        with transaction(runtime.sessions) as session:
            recorded = ledger.skip(session, key=slot.key, duty=slots.DUTY, team_id=engagement.team_id,
                                   channel_id=engagement.channel_id, due_at=slot.due_at, now=runtime.clock())
        if recorded:
            logger.warning("skipped check-in prompt %s due %s: missed beyond the grace window",
                           slot.key, slot.due_at.isoformat())


def close(runtime: Runtime, engagement: EngagementLike, slot: slots.Slot, row: ledger.Known | None) -> None:
    """No prompt for a day the contractor already checked in: record the slot as skipped."""
    with transaction(runtime.sessions) as session:
        if row is None:
            ledger.skip(session, key=slot.key, duty=slots.DUTY, team_id=engagement.team_id,
                        channel_id=engagement.channel_id, due_at=slot.due_at, now=runtime.clock())
        else:
            ledger.finish_skipped(session, key=slot.key)
