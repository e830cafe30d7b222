"""Deadline notes: tasks and engagement deadlines two working days ahead and once overdue.

One note per engagement per contractor working day, keyed by that day. "Two days ahead" counts
the contractor's working days (a Monday due date is announced on Thursday, not on the Monday
itself after a weekend), so the note always leaves two days to act. The overdue note comes the
first working day after the due date. A note missed during downtime is carried to the next
working day (the window is "since the previous working day").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Task
from bot.domain.delivery import ledger_keys
from bot.domain.schedule import worktime
from bot.domain.shapes import EngagementLike

DUTY = "deadline"
AHEAD_DAYS = 2
SCAN_DAYS = 14


@dataclass(frozen=True)
class Note:
    """One line of a deadline note: what, when due, and whether ahead or overdue."""

    label: str
    due_on: date
    overdue: bool


def key_for(engagement_id: int, day: date) -> str:
    """`deadline:<engagement>:<contractor-local date>`."""
    return ledger_keys.day_key(ledger_keys.DEADLINE, engagement_id, day)


def open_tasks(session: Session, engagement_ids: Iterable[int], around: date) -> dict[int, list[Task]]:
    """Open tasks due near `around`, grouped by engagement, in one query."""
    rows = session.scalars(select(Task).where(
        any_of(session, Task.engagement_id, set(engagement_ids)), Task.status != "done", Task.due_on.is_not(None),
        Task.due_on.between(around - timedelta(days=SCAN_DAYS), around + timedelta(days=SCAN_DAYS))))
    grouped: dict[int, list[Task]] = defaultdict(list)
    for task in rows:
        grouped[task.engagement_id].append(task)
    return grouped


def previous_working_day(engagement: EngagementLike, day: date) -> date:
    """The contractor's working day before `day` (or two weeks back if none)."""
    person = engagement.contractor.person
    for offset in range(1, SCAN_DAYS):
        if worktime.works_on(person, day - timedelta(days=offset)):
            return day - timedelta(days=offset)
    return day - timedelta(days=SCAN_DAYS)


def working_days_before(engagement: EngagementLike, day: date, n: int = AHEAD_DAYS) -> date:
    """The contractor's n-th working day before `day` (calendar days back if they never work)."""
    current = day
    for _ in range(n):
        current = previous_working_day(engagement, current)
    return current if current > day - timedelta(days=SCAN_DAYS) else day - timedelta(days=n)


def may_have_notes(engagement: EngagementLike, tasks: list[Task], now: datetime) -> bool:
    """False when `notes_for` cannot find a note: no open task near, and the deadline more than SCAN_DAYS from
    any zone's today (a note is due at most SCAN_DAYS before its date or after it). Asked of every engagement
    each tick before the working-day arithmetic."""
    return bool(tasks) or abs((engagement.deadline - now.date()).days) <= SCAN_DAYS + 1


def notes_for(engagement: EngagementLike, tasks: list[Task], now: datetime) -> tuple[date, list[Note]]:
    """(contractor-local today, notes due today); no notes on the contractor's days off."""
    today = worktime.local_today(now, engagement.contractor.person.tz)
    if not worktime.works_on(engagement.contractor.person, today):
        return today, []
    since = previous_working_day(engagement, today)
    items = [(f"Task {t.number}: {t.title}", t.due_on) for t in tasks if t.due_on]
    items.append((f"The engagement deadline of {engagement.title}", engagement.deadline))
    notes = []
    for label, due_on in items:
        if since < working_days_before(engagement, due_on) <= today < due_on:
            notes.append(Note(label, due_on, overdue=False))
        elif since < due_on + timedelta(days=1) <= today:
            notes.append(Note(label, due_on, overdue=True))
    return today, notes
