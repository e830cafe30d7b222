"""Deadline notes in the engagement channel, in the contractor's working hours, within the daily limit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from bot.db.models import Task
from bot.domain.engagement import deadlines
from bot.domain.schedule import noise, worktime
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.deadlines import build_deadline_note
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Post each engagement's note of the day once; a full day (the cap, after prompts) drops it."""
    with ctx.runtime.sessions() as session:
        active = ctx.active(session)
        engagements = [e for e in active if ctx.at_work(e.contractor.person)]
        tasks = deadlines.open_tasks(session, [e.id for e in engagements], ctx.now.date())
        items = [item for e in engagements if deadlines.may_have_notes(e, tasks.get(e.id, []), ctx.now)
                 and (item := note_for(e, tasks.get(e.id, []), ctx.now, active))]
        items = unsent(session, items)
    yield from send_all(ctx, items)


def note_for(engagement: EngagementLike, tasks: list[Task], now: datetime,
             active: Sequence[EngagementLike]) -> Outgoing | None:
    """The day's note of one engagement, if anything is due."""
    today, notes = deadlines.notes_for(engagement, tasks, now)
    if not notes:
        return None
    start, _ = worktime.working_window(engagement.contractor.person, today)
    return Outgoing(
        key=deadlines.key_for(engagement.id, today), duty=deadlines.DUTY, team_id=engagement.team_id,
        channel=engagement.channel_id, due_at=start, payload=Deferred(build_deadline_note, engagement, notes),
        summary=f"deadline note for <@{engagement.contractor.person.user_id}> ({len(notes)} item(s))",
        cap=noise.after_prompts(active, engagement, today),
    )
