"""The weekly digest for observers: Monday 09:00 in each observer's zone, one DM, no money in it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Engagement, Person
from bot.domain.engagement import observers
from bot.domain.reports import digest
from bot.domain.schedule import worktime
from bot.slack.blocks.digest import build_observer_digest
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(ctx: SweepContext) -> Iterator[str]:
    """One digest per observer whose Monday 09:00 has come; a constant number of queries."""
    with ctx.runtime.sessions() as session:
        active = ctx.active(session)
        due = digest.due_observers(observers.list_for(session, [e.id for e in active]), active, ctx.now)
        if not due:
            return
        lines = digest.without_money(digest.lines(session, [e for _, es in due.values() for e in es], ctx.now))
        items = unsent(session, [observer_digest(person, engagements, lines, ctx.now)
                                 for person, engagements in due.values()])
    yield from send_all(ctx, items)


def observer_digest(person: Person, engagements: list[Engagement], lines: list[digest.Line],
                    now: datetime) -> Outgoing:
    """One observer's digest message, keyed by their local Monday."""
    today = worktime.local_today(now, person.tz)
    mine = [line for line in lines if line.engagement in engagements]
    return Outgoing(
        key=digest.observer_key_for(person, today), duty=digest.OBSERVER_DUTY, team_id=engagements[0].team_id,
        channel=person.user_id, due_at=worktime.at_local(today, digest.AT, person.tz),
        payload=build_observer_digest(person, mine, today, now),
        summary=f"weekly digest to observer <@{person.user_id}> ({len(mine)} engagement(s))",
    )
