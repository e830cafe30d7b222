"""Thank-you nudges: reasons to thank a contractor, at most one nudge per engagement per week.

Reasons, newest wins: a task done on or before its due date, four on-time check-ins in a row,
a rating of 5, thirty days without any thanks. A reason only counts when it is newer than the
latest thanks on the engagement (the owner already said it). The key is the owner-local ISO
week, so a second reason in the same week waits for the next one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Checkin, Engagement, Feedback, Task, Thanks
from bot.domain import worktime

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


def key_for(engagement: Engagement, now: datetime) -> str:
    """`thanks-nudge:<engagement>:<owner-local ISO year-week>`: one nudge per engagement per week."""
    year, week, _ = worktime.local_today(now, engagement.owner.tz).isocalendar()
    return f"thanks-nudge:{engagement.id}:{year}-W{week:02d}"


def last_thanks(session: Session, ids: list[int]) -> dict[int, datetime]:
    """The latest thanks per engagement."""
    rows = session.execute(select(Thanks.engagement_id, func.max(Thanks.created_at))
                           .where(any_of(session, Thanks.engagement_id, ids)).group_by(Thanks.engagement_id))
    return {engagement_id: when for engagement_id, when in rows}


def on_time_tasks(session: Session, ids: list[int], now: datetime) -> dict[int, datetime]:
    """The latest recent done_at of a task finished by its due date (its due date in the contractor's calendar)."""
    rows = session.execute(select(Task.engagement_id, Task.done_at, Task.due_on)
                           .where(any_of(session, Task.engagement_id, ids), Task.status == "done",
                                  Task.due_on.is_not(None), Task.done_at > now - RECENT))
    found: dict[int, datetime] = {}
    for engagement_id, done_at, due_on in rows:
        if done_at.date() <= due_on and done_at > found.get(engagement_id, done_at - RECENT):
            found[engagement_id] = done_at
    return found


def streaks(session: Session, engagements: dict[int, Engagement], now: datetime) -> dict[int, datetime]:
    """Engagements whose last four check-ins were all on time (answered within the SLA), the latest recent.

    Only the four newest check-ins of each engagement leave the database: the sweep asks every minute
    about every engagement not nudged this week, and 60 days of daily check-ins are 600,000 rows at
    10,000 engagements.
    """
    newest_first = func.row_number().over(partition_by=Checkin.engagement_id, order_by=Checkin.local_date.desc())
    ranked = (select(Checkin.engagement_id, Checkin.asked_at, Checkin.answered_at, newest_first.label("n"))
              .where(any_of(session, Checkin.engagement_id, engagements),
                     Checkin.answered_at > now - timedelta(days=60)).subquery())
    rows = session.execute(select(ranked.c.engagement_id, ranked.c.asked_at, ranked.c.answered_at)
                           .where(ranked.c.n <= STREAK).order_by(ranked.c.engagement_id, ranked.c.n))
    recent: dict[int, list[tuple[datetime | None, datetime]]] = defaultdict(list)
    for engagement_id, asked_at, answered_at in rows:
        recent[engagement_id].append((asked_at, answered_at))
    found = {}
    for engagement_id, items in recent.items():
        sla = timedelta(hours=engagements[engagement_id].sla_hours)
        last = items[:STREAK]
        if len(last) == STREAK and all(a is None or b - a <= sla for a, b in last) and last[0][1] > now - RECENT:
            found[engagement_id] = last[0][1]
    return found


def top_ratings(session: Session, ids: list[int], now: datetime) -> dict[int, datetime]:
    """The latest recent feedback with a 5 anywhere."""
    rows = session.execute(select(Feedback.engagement_id, func.max(Feedback.updated_at))
                           .where(any_of(session, Feedback.engagement_id, ids), Feedback.updated_at > now - RECENT,
                                  or_(Feedback.quality == 5, Feedback.timeliness == 5, Feedback.communication == 5))
                           .group_by(Feedback.engagement_id))
    return {engagement_id: when for engagement_id, when in rows}


def reasons(session: Session, engagements: Iterable[Engagement], now: datetime) -> dict[int, str]:
    """The reason to nudge per engagement right now (a fixed number of queries), newest reason first."""
    by_id = {e.id: e for e in engagements}
    ids = list(by_id)
    thanked = last_thanks(session, ids)
    found = {"task": on_time_tasks(session, ids, now), "streak": streaks(session, by_id, now),
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
