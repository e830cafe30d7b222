"""Deadline reviews: when an engagement's deadline passes undecided, hold its routine duties and ask the owner.

Runs first in every tick, so the sweeps after it already see the engagement held (not active).
The hold starts the day after the deadline in the owner's zone, whatever the hour; the question
waits for the owner's working hours. Trials are held too, but their owner already has the trial
review's question (Continue / Extend / End), so they get no second one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain import duties
from bot.domain.delivery import ledger_keys
from bot.domain.engagement import lifecycle
from bot.domain.schedule import work_hours, worktime
from bot.slack.blocks.lifecycle import build_deadline_review
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent

DUTY = "deadline_review"


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Hold every engagement past its deadline (not in a dry run), then ask each owner once, at work."""
    with transaction(ctx.runtime.sessions) as session:
        held = past_deadline(session, ctx.now)
        if not ctx.dry_run:
            lifecycle.hold_past_deadline(session, engagement_ids=[e.id for e in held if e.status == "active"],
                                         now=ctx.now)
        asking = [e for e in held if not e.trial and work_hours.in_working_hours(e.owner, ctx.now)]
        items = unsent(session, [question(e) for e in asking])
    yield from send_all(ctx, items)


def past_deadline(session: Session, now: datetime) -> list[Engagement]:
    """Active or held engagements whose deadline is before today in their owner's zone, people loaded.

    No zone's today is later than UTC's tomorrow, so a deadline after UTC's today cannot have passed
    anywhere: the database drops those (nearly every engagement, every minute) before they are loaded.
    Loading every active engagement as ORM objects to check the date in Python took 3 s of a 6 s tick
    at 10,000 engagements (bench: `python -m bench --only scale`).
    """
    statement = duties.with_people(select(Engagement).where(Engagement.status.in_(("active", lifecycle.HELD)),
                                                            Engagement.deadline <= now.astimezone(UTC).date()))
    found = session.scalars(statement.order_by(Engagement.id)).unique()
    return [e for e in found if worktime.local_today(now, e.owner.tz) > e.deadline]


def key_for(engagement: Engagement) -> str:
    """One question per deadline: an extended engagement that passes its new deadline is asked again."""
    return ledger_keys.day_key(ledger_keys.DEADLINE_REVIEW, engagement.id, engagement.deadline)


def question(engagement: Engagement) -> Outgoing:
    """The owner's DM: the deadline passed, Extend or End."""
    owner = engagement.owner
    day_after: date = engagement.deadline + timedelta(days=1)
    return Outgoing(
        key=key_for(engagement), duty=DUTY, team_id=engagement.team_id, channel=owner.user_id,
        due_at=worktime.at_local(day_after, owner.work_start, owner.tz),
        payload=build_deadline_review(engagement),
        summary=f"deadline review of engagement {engagement.id} to owner <@{owner.user_id}>",
    )
