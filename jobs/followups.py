"""Follow-ups on unanswered check-in prompts: one reminder in the thread, then the owner hears about it.

The SLA counts the contractor's working hours only (a prompt at 16:00 on Friday with a 4 h SLA
is due for a reminder at 11:00 on Monday for a 9-17 contractor), from the prompt or, when the
contractor snoozed it, from the end of the snooze. The reminder lands in the contractor's
working hours and counts against their daily cap; the owner's alert lands in the owner's hours.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy.orm import Session

from bot.db.session import transaction
from bot.domain import duties
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import noise, slots, snoozes, work_hours, worktime
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.prompts import build_owner_alert, build_reminder
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent

REMINDER, OWNER_ALERT = "checkin_reminder", "checkin_owner_alert"
# Prompts older than this are left alone: the next prompts have taken over.
LOOKBACK = timedelta(days=14)


class Due(NamedTuple):
    """What one run found: the messages due, and the prompts nothing more can hang on (to close)."""

    items: list[Outgoing]
    finished: list[str]


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Send the reminders and owner alerts due at `now` for prompts nobody answered; close the prompts
    that are answered or fully followed up, so later runs read only the open ones."""
    due = due_items(ctx)
    if not ctx.dry_run:
        with transaction(ctx.runtime.sessions) as session:
            ledger.close(session, due.finished, now=ctx.now)
            ledger.close_aged(session, before=ctx.now - LOOKBACK, now=ctx.now)
    yield from send_all(ctx, due.items)


def due_items(ctx: SweepContext) -> Due:
    """Everything due, decided with a fixed number of queries."""
    now = ctx.now
    with ctx.runtime.sessions() as session:
        active = ctx.active(session)
        if not active:
            return Due([], [])
        # No prompt younger than the shortest SLA of all can need anything yet: the database leaves those out
        # (the prompts of the last hours are most of the open ones).
        within_every_sla = now - timedelta(hours=min(e.sla_hours for e in active))
        parsed = [(prompt, *slots.parse_key(prompt.key))
                  for prompt in duties.sent_prompts(session, now - LOOKBACK, until=within_every_sla)]
        prompted = {eid for _, eid, _ in parsed}
        engagements = {e.id: e for e in active if e.id in prompted}
        # Running engagements only; within its SLA (counted from the prompt, or later from a snooze's end)
        # a prompt needs nothing yet.
        keyed = [(prompt, eid, day) for prompt, eid, day in parsed
                 if eid in engagements and now >= prompt.due_at + timedelta(hours=engagements[eid].sla_hours)]
        last_dates = duties.last_checkin_dates(session, {eid for _, eid, _ in keyed})
        answered: list[str] = []  # closed: nothing more comes of them
        waiting: list[tuple[duties.SentPrompt, int, date]] = []
        for prompt, eid, day in keyed:
            if duties.answered(last_dates, eid, day):
                answered.append(prompt.key)
            else:
                waiting.append((prompt, eid, day))
        snoozed = snoozes.ends(session, [(eid, day) for _, eid, day in waiting])
        candidates = [item for prompt, eid, day in waiting
                      for item in items_for(engagements[eid], prompt, day, now,
                                            clock_from(prompt, snoozed.get((eid, day))), active)]
        return Due(unsent(session, candidates), answered + followed_up(session, waiting))


def followed_up(session: Session, waiting: Sequence[tuple[duties.SentPrompt, int, date]]) -> list[str]:
    """The unanswered prompts whose reminder and owner alert are both settled: nothing more comes of them."""
    after = {prompt.key: (ledger_keys.slot(ledger_keys.REMINDER, eid, day),
                          ledger_keys.slot(ledger_keys.OWNER_ALERT, eid, day)) for prompt, eid, day in waiting}
    still_open = ledger.unsettled(session, [key for pair in after.values() for key in pair])
    return [prompt for prompt, pair in after.items() if still_open.isdisjoint(pair)]


def clock_from(prompt: duties.SentPrompt, snoozed_until: datetime | None) -> datetime:
    """Where the SLA starts: the prompt, or the end of its snooze (the contractor asked for the time)."""
    return max(prompt.due_at, snoozed_until) if snoozed_until else prompt.due_at


def items_for(engagement: EngagementLike, prompt: duties.SentPrompt, day: date, now: datetime, start: datetime,
              active: Sequence[EngagementLike]) -> list[Outgoing]:
    """The reminder and the owner alert of one unanswered prompt, when their time has come."""
    if engagement.status != "active" or now < start + timedelta(hours=engagement.sla_hours):
        return []  # working hours never pass faster than the clock: within the SLA nothing is due yet
    contractor, owner = engagement.contractor.person, engagement.owner
    items = []
    if (now >= work_hours.add_working_hours(contractor, start, engagement.sla_hours)
            and work_hours.in_working_hours(contractor, now) and prompt.message_ts):
        items.append(Outgoing(
            key=ledger_keys.slot(ledger_keys.REMINDER, engagement.id, day), duty=REMINDER, team_id=engagement.team_id,
            channel=prompt.channel_id or engagement.channel_id, thread_ts=prompt.message_ts,
            due_at=prompt.due_at, payload=Deferred(build_reminder, engagement, day),
            summary=f"check-in reminder for <@{contractor.user_id}>",
            cap=noise.after_prompts(active, engagement, worktime.local_today(now, contractor.tz)),
        ))
    if (now >= work_hours.add_working_hours(contractor, start, 2 * engagement.sla_hours)
            and work_hours.in_working_hours(owner, now)):
        items.append(Outgoing(
            key=ledger_keys.slot(ledger_keys.OWNER_ALERT, engagement.id, day), duty=OWNER_ALERT,
            team_id=engagement.team_id,
            channel=owner.user_id, due_at=prompt.due_at, payload=Deferred(build_owner_alert, engagement, day, None),
            summary=f"missed check-in alert to owner <@{owner.user_id}>",
        ))
    return items
