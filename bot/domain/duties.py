"""Set-based reads behind the sweeps: a constant number of queries, however many engagements there are.

The tick's snapshot of the active engagements lives with the sweep machinery (jobs.snapshot); these
are the reads the sweeps and the dashboards share.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session, joinedload

from bot.db.filters import any_of
from bot.db.models import Checkin, Contractor, Delivery, Engagement, Person
from bot.db.models.ledger import OPEN_PROMPTS


def with_people(statement: Select[Engagement]) -> Select[Engagement]:
    """Load owner, contractor, their people and time off with the engagements (no lazy loads later)."""
    return statement.options(
        joinedload(Engagement.owner).subqueryload(Person.time_off),
        joinedload(Engagement.contractor).joinedload(Contractor.person).subqueryload(Person.time_off),
    )


def engagements_by_id(session: Session, ids: Iterable[int]) -> dict[int, Engagement]:
    """Engagements (any status) by id, people loaded, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    statement = with_people(select(Engagement).where(Engagement.id.in_(wanted)))
    return {e.id: e for e in session.scalars(statement).unique()}


def last_checkin_dates(session: Session, engagement_ids: Iterable[int]) -> dict[int, date]:
    """The latest contractor-local check-in date per engagement; a check-in on or after a slot's day answers it."""
    wanted = set(engagement_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Checkin.engagement_id, func.max(Checkin.local_date))
        .where(any_of(session, Checkin.engagement_id, wanted)).group_by(Checkin.engagement_id)
    )
    return {engagement_id: day for engagement_id, day in rows}


def answered(last_dates: dict[int, date], engagement_id: int, local_date: date) -> bool:
    """Whether a check-in by any route (form, command, thread) answers the slot of `local_date`."""
    last = last_dates.get(engagement_id)
    return last is not None and last >= local_date


class SentPrompt(NamedTuple):
    """What follow-ups read of a posted check-in prompt: its key, when it was due, where it went."""

    key: str
    due_at: datetime
    channel_id: str | None
    message_ts: str | None


def sent_prompts(session: Session, since: datetime, until: datetime | None = None) -> list[SentPrompt]:
    """Check-in prompts posted for slots due from `since` (to `until`, if given) and not yet closed (candidates
    for follow-ups), oldest first.

    Plain rows from the partial index of open prompts: read each minute, this is what is still unanswered,
    not every prompt of the last two weeks.
    """
    return [SentPrompt(*row) for row in session.execute(open_prompts_statement(since, until))]


def open_prompts_statement(since: datetime, until: datetime | None = None) -> Select[
        str, datetime, str | None, str | None]:
    """The read behind `sent_prompts`. Its WHERE spells out the partial index's predicate (OPEN_PROMPTS) as
    text: a bound duty or status would leave the planner unable to prove the index applies."""
    statement = (select(Delivery.key, Delivery.due_at, Delivery.channel_id, Delivery.message_ts)
                 .where(text(OPEN_PROMPTS), Delivery.due_at >= since).order_by(Delivery.due_at))
    return statement if until is None else statement.where(Delivery.due_at <= until)
