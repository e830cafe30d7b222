"""The figures of a scorecard, each a pure function over rows already loaded (no queries, no clock).

Kept apart from the loading in `scorecards` so every figure can be checked by hand against a
small fixture. Windows: a row counts when its own date falls on or after `since` (None = all time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean, median

from bot.db.models import Checkin, Delivery, Engagement, Feedback, Payment, Person, Submission, Task
from bot.domain.schedule import slots, work_hours, worktime

DIMENSIONS = ("quality", "timeliness", "communication")


@dataclass(frozen=True)
class Rate:
    """`hits` out of `total`; no percentage when there is nothing to count yet."""

    hits: int
    total: int

    @property
    def percent(self) -> int | None:
        """Rounded percentage, or None for 0 of 0 (shown as a dash, never as 0 %)."""
        return round(100 * self.hits / self.total) if self.total else None


def on_time_tasks(tasks: Iterable[Task], tz: str, today: date, since: date | None) -> Rate:
    """Tasks finished by their due date (contractor's calendar) out of tasks that came due.

    A task counts once it is done or its due date has passed; tasks without a due date never count.
    """
    hits = total = 0
    for task in tasks:
        if task.due_on is None or (since is not None and task.due_on < since):
            continue
        done_on = worktime.local_today(task.done_at, tz) if task.done_at is not None else None
        if done_on is None and task.due_on >= today:
            continue
        total += 1
        hits += done_on is not None and done_on <= task.due_on
    return Rate(hits, total)


def answered_prompts(prompts: Iterable[Delivery], checkins: Iterable[Checkin],
                     engagements: dict[int, Engagement], now: datetime) -> Rate:
    """Sent check-in prompts answered, out of prompts whose SLA has run out or that were answered.

    Like the follow-ups, a check-in on the prompt's contractor-local day or later answers it, up
    to the engagement's next prompt; a prompt still inside its SLA (the contractor's working hours, as
    the follow-ups count it: Friday afternoon's runs into Monday) is not counted against anyone.
    """
    days: dict[int, list[date]] = {}
    for checkin in checkins:
        days.setdefault(checkin.engagement_id, []).append(checkin.local_date)
    sent = sorted((slots.parse_key(p.key), p.due_at) for p in prompts)
    hits = total = 0
    for index, ((engagement_id, day), due_at) in enumerate(sent):
        following = sent[index + 1][0] if index + 1 < len(sent) else None
        until = following[1] if following and following[0] == engagement_id else date.max
        answered = any(day <= d < until for d in days.get(engagement_id, []))
        engagement = engagements[engagement_id]
        if answered or work_hours.add_working_hours(engagement.contractor.person, due_at,
                                                    engagement.sla_hours) <= now:
            total += 1
            hits += answered
    return Rate(hits, total)


def working_hours_between(person: Person, start: datetime, end: datetime) -> float:
    """Hours of the person's working time between two instants (the SLA's own clock)."""
    total = timedelta()
    day, last = worktime.local_today(start, person.tz), worktime.local_today(end, person.tz)
    while day <= last:
        if worktime.works_on(person, day):
            window_start, window_end = worktime.working_window(person, day)
            total += max(timedelta(), min(end, window_end) - max(start, window_start))
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def response_times(checkins: Iterable[Checkin], engagements: dict[int, Engagement]) -> list[tuple[float, int]]:
    """(working hours from prompt to answer, the engagement's SLA hours) per prompted check-in."""
    found = []
    for checkin in checkins:
        engagement = engagements[checkin.engagement_id]
        if checkin.asked_at is not None:
            hours = working_hours_between(engagement.contractor.person, checkin.asked_at, checkin.answered_at)
            found.append((hours, engagement.sla_hours))
    return found


def median_hours(times: list[tuple[float, int]]) -> float | None:
    """The median response time in working hours, or None without prompted check-ins."""
    return median(hours for hours, _ in times) if times else None


def within_sla(times: list[tuple[float, int]]) -> Rate:
    """Responses that came within their engagement's SLA."""
    return Rate(sum(hours <= sla for hours, sla in times), len(times))


def rating_series(feedback: Iterable[Feedback]) -> dict[str, list[int]]:
    """Each dimension's ratings, oldest first (unrated dimensions of a row are left out)."""
    ordered = sorted(feedback, key=lambda row: (row.created_at, row.id or 0))
    return {d: [getattr(row, d) for row in ordered if getattr(row, d) is not None] for d in DIMENSIONS}


def averages(series: dict[str, list[int]]) -> dict[str, float | None]:
    """The mean of each dimension, or None when it was never rated."""
    return {d: round(mean(values), 2) if values else None for d, values in series.items()}


def overall_series(feedback: Iterable[Feedback]) -> list[float]:
    """The mean of whatever was rated in each feedback, oldest first: the line the trend reads."""
    ordered = sorted(feedback, key=lambda row: (row.created_at, row.id or 0))
    rated = ([getattr(row, d) for d in DIMENSIONS if getattr(row, d) is not None] for row in ordered)
    return [mean(values) for values in rated if values]


def trend(values: list[float]) -> float | None:
    """Mean of the later half minus mean of the earlier half (the middle of an odd run is left out)."""
    if len(values) < 2:
        return None
    half = len(values) // 2
    return round(mean(values[-half:]) - mean(values[:half]), 2)


def first_pass(submissions: Iterable[Submission]) -> tuple[Rate, float | None]:
    """(approved milestones accepted on their first submission, mean revision rounds before approval)."""
    rounds = [s.round for s in submissions if s.outcome == "approved"]
    revisions = round(mean(r - 1 for r in rounds), 2) if rounds else None
    return Rate(sum(r == 1 for r in rounds), len(rounds)), revisions


def paid_on_time(payments: Iterable[Payment], tz: str, today: date, since: date | None) -> Rate:
    """Payments paid by their due date (owner's calendar) out of those paid or already overdue."""
    hits = total = 0
    for payment in payments:
        if since is not None and payment.due_on < since:
            continue
        paid_on = worktime.local_today(payment.paid_at, tz) if payment.paid_at is not None else None
        if paid_on is None and payment.due_on >= today:
            continue
        total += 1
        hits += paid_on is not None and paid_on <= payment.due_on
    return Rate(hits, total)


def spend(engagements: Iterable[Engagement], payments: Iterable[Payment]) -> dict[str, tuple[int, int | None]]:
    """Currency -> (paid minor units, budget minor units or None); never adds across currencies."""
    budgets: dict[str, int] = {}
    for engagement in engagements:
        if engagement.budget_minor is not None and engagement.budget_currency:
            budgets[engagement.budget_currency] = budgets.get(engagement.budget_currency, 0) + engagement.budget_minor
    paid: dict[str, int] = {}
    for payment in payments:
        if payment.status == "paid":
            paid[payment.currency] = paid.get(payment.currency, 0) + payment.amount_minor
    return {c: (paid.get(c, 0), budgets.get(c)) for c in sorted(set(budgets) | set(paid))}

