"""Each scorecard figure on its own, at its edges, over rows built in memory (the metrics never query).

Maria works in Bogota (UTC-5, Mon-Fri 09:00-17:00 = 14:00-22:00 UTC). Monday 2026-11-02.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.db.models import Checkin, Delivery, Engagement, Feedback, Payment, Submission, Task
from bot.domain.reports import scorecard_metrics as metrics
from bot.domain.reports.scorecard_metrics import Rate
from tests.support.duties import engagement, person

TZ = "America/Bogota"
MONDAY = date(2026, 11, 2)


def utc(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def days(n: int) -> timedelta:
    return timedelta(days=n)


@pytest.mark.parametrize(("hits", "total", "percent"), [(1, 3, 33), (2, 3, 67), (3, 3, 100), (0, 4, 0), (0, 0, None)])
def test_rate_percent(hits: int, total: int, percent: int | None) -> None:
    assert Rate(hits, total).percent == percent


def task(due: date | None, done_at: datetime | None) -> Task:
    return Task(due_on=due, done_at=done_at)


def test_on_time_tasks_edges() -> None:
    rows = [
        task(MONDAY, utc(MONDAY + days(1), 4, 59)),  # 23:59 Monday in Bogota: on time, on the day
        task(MONDAY, utc(MONDAY + days(1), 5, 0)),  # 00:00 Tuesday in Bogota: a day late
        task(MONDAY + days(5), None),  # due today, not done: not counted yet
        task(MONDAY + days(4), None),  # due yesterday, not done: a miss
        task(MONDAY + days(9), utc(MONDAY)),  # done early, not due yet: counted, on time
        task(None, utc(MONDAY)),  # no due date: never counted
    ]
    assert metrics.on_time_tasks(rows, TZ, MONDAY + days(5), None) == Rate(2, 4)
    assert metrics.on_time_tasks(rows, TZ, MONDAY + days(5), MONDAY + days(1)) == Rate(1, 2)
    assert metrics.on_time_tasks(rows, TZ, MONDAY + days(5), MONDAY) == Rate(2, 4)  # `since` itself counts


def payment(due: date, paid_at: datetime | None) -> Payment:
    return Payment(due_on=due, paid_at=paid_at, status="paid" if paid_at else "due", currency="USD", amount_minor=1)


def test_paid_on_time_edges() -> None:
    rows = [
        payment(MONDAY, utc(MONDAY + days(1), 4, 59)),  # paid on the due date in the owner's zone: on time
        payment(MONDAY, utc(MONDAY + days(1), 5, 0)),  # the next day there: late
        payment(MONDAY + days(5), None),  # due today: not counted yet
        payment(MONDAY + days(4), None),  # overdue: a miss
        payment(MONDAY + days(20), utc(MONDAY)),  # paid early: on time
    ]
    assert metrics.paid_on_time(rows, TZ, MONDAY + days(5), None) == Rate(2, 4)
    assert metrics.paid_on_time(rows, TZ, MONDAY + days(5), MONDAY + days(1)) == Rate(1, 2)
    assert metrics.paid_on_time(rows, TZ, MONDAY + days(5), MONDAY) == Rate(2, 4)


def prompt(engagement_id: int, day: date) -> Delivery:
    return Delivery(key=f"checkin:{engagement_id}:{day.isoformat()}", due_at=utc(day, 15))


def checkin(engagement_id: int, day: date, asked_at: datetime | None = None,
            answered_at: datetime | None = None) -> Checkin:
    return Checkin(engagement_id=engagement_id, local_date=day, asked_at=asked_at, answered_at=answered_at)


def test_answered_prompts_edges() -> None:
    engagements = {1: engagement(person(tz=TZ), id=1, sla_hours=8), 2: engagement(person(tz=TZ), id=2, sla_hours=8)}
    prompts = [prompt(1, MONDAY), prompt(1, MONDAY + days(2)), prompt(1, MONDAY + days(4)), prompt(2, MONDAY)]
    checkins = [checkin(1, MONDAY + days(1)),  # answers Monday's prompt (before Wednesday's)
                checkin(2, MONDAY + days(7))]  # engagement 2's only prompt: answered a week later still counts
    # Wednesday's prompt: unanswered, SLA over. Friday's (10:00 Bogota): unanswered, its 8 working hours
    # (7 on Friday, 1 on Monday) run out exactly now, at 10:00 on Monday; on Saturday it was still inside them.
    now = utc(MONDAY + days(7), 15)
    assert metrics.answered_prompts(prompts, checkins, engagements, utc(MONDAY + days(5), 15)) == Rate(2, 3)
    assert metrics.answered_prompts(prompts, checkins, engagements, now) == Rate(2, 4)
    # A moment earlier Friday's prompt is still inside its SLA and not held against anyone.
    assert metrics.answered_prompts(prompts, checkins, engagements, now - timedelta(microseconds=1)) == Rate(2, 3)
    # A check-in on the prompt's own day answers it; one on the next prompt's day answers that one instead.
    on_day = [checkin(1, MONDAY + days(2))]
    assert metrics.answered_prompts(prompts[:3], on_day, engagements, now) == Rate(1, 3)


def test_working_hours_between_edges() -> None:
    maria = person(tz=TZ)
    assert metrics.working_hours_between(maria, utc(MONDAY, 13), utc(MONDAY, 15, 30)) == 1.5  # from 09:00 local
    assert metrics.working_hours_between(maria, utc(MONDAY, 21), utc(MONDAY + days(1), 15)) == 2.0
    assert metrics.working_hours_between(maria, utc(MONDAY, 15), utc(MONDAY, 15)) == 0.0
    assert metrics.working_hours_between(maria, utc(MONDAY - days(2), 15), utc(MONDAY - days(1), 20)) == 0.0


def test_response_times_skip_unprompted_check_ins() -> None:
    engagements = {1: engagement(person(tz=TZ), id=1, sla_hours=4)}
    rows = [checkin(1, MONDAY, utc(MONDAY, 15), utc(MONDAY, 18)), checkin(1, MONDAY, None, utc(MONDAY, 18))]
    assert metrics.response_times(rows, engagements) == [(3.0, 4)]


def test_median_and_within_sla() -> None:
    assert metrics.median_hours([]) is None
    assert metrics.median_hours([(1.0, 8), (3.0, 8), (10.0, 8)]) == 3.0
    assert metrics.within_sla([(8.0, 8), (8.5, 8), (2.0, 8), (5.0, 4)]) == Rate(2, 4)  # exactly at the SLA is within
    assert metrics.within_sla([]) == Rate(0, 0)


def feedback(n: int, quality: int | None, timeliness: int | None, communication: int | None) -> Feedback:
    return Feedback(id=n, quality=quality, timeliness=timeliness, communication=communication,
                    created_at=utc(MONDAY) + timedelta(hours=n % 3))


def test_ratings_series_averages_and_trend() -> None:
    rows = [feedback(4, 5, None, 4), feedback(1, 4, 3, None), feedback(2, None, None, None), feedback(3, 2, 2, 2)]
    # created_at: id 1 -> +1 h, id 2 -> +2 h, id 3 -> +0 h, id 4 -> +1 h; ties broken by id.
    assert metrics.rating_series(rows) == {"quality": [2, 4, 5], "timeliness": [2, 3], "communication": [2, 4]}
    assert metrics.averages(metrics.rating_series(rows)) == {"quality": 3.67, "timeliness": 2.5, "communication": 3.0}
    assert metrics.averages({"quality": []}) == {"quality": None}
    assert metrics.overall_series(rows) == [2, 3.5, 4.5]
    assert metrics.DIMENSIONS == ("quality", "timeliness", "communication")


@pytest.mark.parametrize(("values", "expected"), [
    ([], None), ([4.0], None), ([1.0, 2.0], 1.0), ([1.0, 9.0, 3.0], 2.0), ([1.0, 2.0, 4.0, 5.0], 3.0),
    ([3.0, 1.0], -2.0), ([1.0, 1.0, 2.0, 4.0 / 3], 0.67),
])
def test_trend(values: list[float], expected: float | None) -> None:
    assert metrics.trend(values) == expected


def test_first_pass_counts_first_round_approvals() -> None:
    rows = [Submission(round=1, outcome="approved"), Submission(round=2, outcome="approved"),
            Submission(round=3, outcome="approved"), Submission(round=1, outcome="changes")]
    assert metrics.first_pass(rows) == (Rate(1, 3), 1.0)
    assert metrics.first_pass([Submission(round=1, outcome="approved"), Submission(round=2, outcome="approved"),
                               Submission(round=1, outcome="approved")]) == (Rate(2, 3), 0.33)
    assert metrics.first_pass([]) == (Rate(0, 0), None)


def test_spend_never_adds_across_currencies() -> None:
    def budget(minor: int | None, currency: str | None) -> Engagement:
        return Engagement(budget_minor=minor, budget_currency=currency)

    rows = [Payment(status="paid", currency="USD", amount_minor=500), Payment(status="due", currency="USD",
                                                                                amount_minor=900),
            Payment(status="paid", currency="USD", amount_minor=250), Payment(status="paid", currency="EUR",
                                                                                amount_minor=70)]
    found = metrics.spend([budget(1000, "USD"), budget(2000, "USD"), budget(None, "GBP"), budget(300, None),
                           budget(400, "COP")], rows)
    assert found == {"COP": (0, 400), "EUR": (70, None), "USD": (750, 3000)}
    assert list(found) == ["COP", "EUR", "USD"]


@pytest.mark.parametrize(("answer_days", "answered"), [
    ([3], 1),  # Thursday answers Wednesday's prompt only, not Monday's
    ([5], 1),  # Saturday answers Friday's prompt only, not Wednesday's
    ([1, 3, 5], 3),
    ([0], 1),
])
def test_a_check_in_answers_only_the_latest_prompt_before_it(answer_days: list[int], answered: int) -> None:
    engagements = {1: engagement(person(tz=TZ), id=1, sla_hours=8)}
    prompts = [prompt(1, MONDAY), prompt(1, MONDAY + days(2)), prompt(1, MONDAY + days(4))]
    checkins = [checkin(1, MONDAY + days(n)) for n in answer_days]
    now = utc(MONDAY + days(9))
    assert metrics.answered_prompts(prompts, checkins, engagements, now) == Rate(answered, 3)


def test_an_unsaved_rating_sorts_before_saved_ones_of_the_same_instant() -> None:
    saved, unsaved = feedback(1, 5, 5, 5), feedback(1, 1, 1, 1)  # the lowest id there is
    unsaved.id = None
    assert metrics.rating_series([saved, unsaved])["quality"] == [1, 5]
    assert metrics.overall_series([saved, unsaved]) == [1, 5]
