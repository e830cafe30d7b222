"""Feedback prompts: a DM asking the owner to rate the work, periodically and after a task is done."""

from __future__ import annotations

from collections.abc import Iterator

from bot.domain.recognition import feedback
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.feedback import build_feedback_prompt
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Send the prompts due at `now` to owners who are at work; a constant number of queries."""
    with ctx.runtime.sessions() as session:
        engagements = [e for e in ctx.active(session) if ctx.at_work(e.owner)]
        ids = [e.id for e in engagements]
        since = feedback.relevant_since((e.feedback_every_days for e in engagements), ctx.now)
        last_prompts = feedback.last_prompts(session, ids, since=since)
        last_done = feedback.last_done(session, ids)
        items = [prompt_for(e, due) for e in engagements
                 if (due := feedback.due_for(e, last_prompts.get(e.id), last_done.get(e.id), ctx.now))]
        items = unsent(session, items)
    yield from send_all(ctx, items)


def prompt_for(engagement: EngagementLike, due: feedback.Due) -> Outgoing:
    """The owner's DM for one due prompt."""
    owner = engagement.owner
    return Outgoing(
        key=due.key, duty=feedback.DUTY, team_id=engagement.team_id, channel=owner.user_id, due_at=due.due_at,
        payload=Deferred(build_feedback_prompt, engagement, due.reason),
        summary=f"feedback prompt ({due.reason}) to owner <@{owner.user_id}>",
    )
