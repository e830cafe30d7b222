"""Thank-you nudges: reasons to thank a contractor, at most one nudge per engagement per week.

Reasons, newest wins: a task done on or before its due date, four on-time check-ins in a row,
a rating of 5, thirty days without any thanks. A reason only counts when it is newer than the
latest thanks on the engagement (the owner already said it). The key is the owner-local ISO
week, so a second reason in the same week waits for the next one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Checkin, Delivery, Feedback, Task, Thanks
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import slots, work_hours, worktime
from bot.domain.shapes import EngagementLike

DUTY = "thanks_nudge"
RECENT = timedelta(days=7)
SILENCE = timedelta(days=30)
STREAK = 4
REASONS = {
    "task": "finished a task on time",
    "streak": "checked in on time four times in a row",
    "rating": "earned a 5 in your feedback",
    "silence": "has not been thanked for 30 days",
}


def key_for(engagement: EngagementLike, now: datetime) -> str:
    """`thanks-nudge:<engagement>:<owner-local ISO year-week>`: one nudge per engagement per week."""
    year, week, _ = worktime.local_today(now, engagement.owner.tz).isocalendar()
    return ledger_keys.thanks_nudge(engagement.id, year, week)


def last_thanks(session: Session, ids: list[int]) -> dict[int, datetime]:
    """The latest thanks per engagement."""
    rows = session.execute(select(Thanks.engagement_id, func.max(Thanks.created_at))
                           .where(any_of(session, Thanks.engagement_id, ids)).group_by(Thanks.engagement_id))
    return {engagement_id: when for engagement_id, when in rows if engagement_id is not None}


def on_time_tasks(session: Session, engagements: dict[int, EngagementLike], now: datetime) -> dict[int, datetime]:
    """The latest recent done_at of a task finished by its due date in the contractor's calendar (as the
    scorecard's on-time delivery counts it: 07:00 Tuesday in Manila is late for Monday, though still Monday in UTC)."""
    rows = session.execute(select(Task.engagement_id, Task.done_at, Task.due_on)
                           .where(any_of(session, Task.engagement_id, engagements), Task.status == "done",
                                  Task.due_on.is_not(None), Task.done_at > now - RECENT))
    found: dict[int, datetime] = {}
    for engagement_id, done_at, due_on in rows:
        if done_at is None or due_on is None:  # the query asks for both; this tells the type checker
            continue
        done_on = worktime.local_today(done_at, engagements[engagement_id].contractor.person.tz)
        if done_on <= due_on and done_at > found.get(engagement_id, done_at - RECENT):
            found[engagement_id] = done_at
    return found


def streaks(session: Session, engagements: dict[int, EngagementLike], now: datetime) -> dict[int, datetime]:
    """Engagements whose last four check-ins were all on time (answered within the SLA), the latest recent,
    with no prompt since the oldest of them left unanswered past its SLA (a missed check-in breaks it).
    The SLA is counted in the contractor's working hours, as the follow-ups and the scorecard count it.

    Only the four newest check-ins of each engagement leave the database: the sweep asks every minute
    about every engagement not nudged this week, and 60 days of daily check-ins are 600,000 rows at
    10,000 engagements. Prompts are read only for the engagements that have such a streak.
    """
    newest_first = func.row_number().over(partition_by=Checkin.engagement_id, order_by=Checkin.local_date.desc())
    ranked = (select(Checkin.engagement_id, Checkin.asked_at, Checkin.answered_at, Checkin.local_date,
                     newest_first.label("n"))
              .where(any_of(session, Checkin.engagement_id, engagements),
                     Checkin.answered_at > now - timedelta(days=60)).subquery())
    rows = session.execute(select(ranked.c.engagement_id, ranked.c.asked_at, ranked.c.answered_at,
                                  ranked.c.local_date)
                           .where(ranked.c.n <= STREAK).order_by(ranked.c.engagement_id, ranked.c.n))
    recent: dict[int, list[tuple[datetime | None, datetime, date]]] = defaultdict(list)
    for engagement_id, asked_at, answered_at, local_date in rows:
        recent[engagement_id].append((asked_at, answered_at, local_date))
    found = {}
    for engagement_id, items in recent.items():
        engagement = engagements[engagement_id]
        last = items[:STREAK]
        if len(last) == STREAK and last[0][1] > now - RECENT and all(
                a is None or b <= work_hours.add_working_hours(engagement.contractor.person, a, engagement.sla_hours)
                for a, b, _ in last):
            found[engagement_id] = last[0][1]
    missed = _missed_since(session, {i: {day for _, _, day in recent[i][:STREAK]} for i in found}, engagements, now)
    return {i: when for i, when in found.items() if i not in missed}


def _missed_since(session: Session, answered: dict[int, set[date]], engagements: dict[int, EngagementLike],
                  now: datetime) -> set[int]:
    """Engagements with a prompt, on or after the oldest of the given check-in days, not answered on its own
    day and past its SLA (as the scorecard counts it: a prompt still inside its SLA is nobody's fault yet)."""
    keys = [slots.key_for(engagement_id, min(days) + timedelta(days=n))
            for engagement_id, days in answered.items()
            for n in range((now.date() - min(days)).days + 2)]
    if not keys:
        return set()
    prompts = session.execute(select(Delivery.key, Delivery.due_at).where(
        Delivery.duty == slots.DUTY, Delivery.status == ledger.SENT, any_of(session, Delivery.key, keys)))
    missed = set()
    for key, due_at in prompts:
        engagement_id, day = slots.parse_key(key)
        engagement = engagements[engagement_id]
        if day not in answered[engagement_id] and work_hours.add_working_hours(
                engagement.contractor.person, due_at, engagement.sla_hours) <= now:
            missed.add(engagement_id)
    return missed


def top_ratings(session: Session, ids: list[int], now: datetime) -> dict[int, datetime]:
    """The latest recent feedback with a 5 anywhere."""
    rows = session.execute(select(Feedback.engagement_id, func.max(Feedback.updated_at))
                           .where(any_of(session, Feedback.engagement_id, ids), Feedback.updated_at > now - RECENT,
                                  or_(Feedback.quality == 5, Feedback.timeliness == 5, Feedback.communication == 5))
                           .group_by(Feedback.engagement_id))
    return {engagement_id: when for engagement_id, when in rows}


def reasons(session: Session, engagements: Iterable[EngagementLike], now: datetime) -> dict[int, str]:
    """The reason to nudge per engagement right now (a fixed number of queries), newest reason first."""
    by_id = {e.id: e for e in engagements}
    ids = list(by_id)
    thanked = last_thanks(session, ids)
    found = {"task": on_time_tasks(session, by_id, now), "streak": streaks(session, by_id, now),
             "rating": top_ratings(session, ids, now)}
    chosen: dict[int, str] = {}
    for engagement_id, engagement in by_id.items():
        since = thanked.get(engagement_id)
        fresh = [(when, reason) for reason, hits in found.items()
                 if (when := hits.get(engagement_id)) and (since is None or when > since)]
        if fresh:
            chosen[engagement_id] = max(fresh)[1]
        elif now - (since or worktime.at_local(engagement.start_on, engagement.owner.work_start,
                                               engagement.owner.tz)) >= SILENCE:
            chosen[engagement_id] = "silence"
    return chosen
