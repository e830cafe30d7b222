"""The sweeps of this round: review reminders, onboarding reminders, trial reviews, risk reviews (exactly once)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.models import Engagement, Onboarding, Submission, Task
from bot.db.session import transaction
from jobs import onboarding_reminders, review_reminders, risk_reviews, trial_reviews
from jobs.context import start as tick
from tests.jobs.conftest import OWNER, PROJECT, add_engagement

START = datetime(2027, 1, 1, tzinfo=UTC)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=hour)


def owner_dms(emulator) -> list[dict]:  # type: ignore[type-arg]
    return emulator.messages(emulator.dm_channel(OWNER))


def submitted(runtime, engagement_id: int, when: datetime) -> None:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        task = Task(engagement_id=engagement_id, number=1, title="Homepage", status="submitted", created_at=START,
                    updated_at=START, pay_minor=80000, pay_currency="USD")
        session.add(task)
        session.flush()
        session.add(Submission(task_id=task.id, round=1, link="", submitted_by="U0MARIA", submitted_at=when,
                               outcome="pending", created_at=when, updated_at=when))


def test_a_review_waiting_three_working_days_reminds_the_owner_once(runtime, client, emulator) -> None:
    [engagement_id] = add_engagement(runtime)
    submitted(runtime, engagement_id, at(date(2027, 3, 5), 16))  # Friday 16:00 London
    assert list(review_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 10), 15)))) == []
    lines = list(review_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 10), 16))))
    assert len(lines) == 1 and "review:" in lines[0]
    assert list(review_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 10), 16)))) == []
    assert "Still waiting" in str(owner_dms(emulator)[0]["blocks"]) and emulator.messages(PROJECT) == []
    assert len(list(review_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 15), 16))))) == 1


def test_onboarding_reminders_stop_once_dismissed(runtime, client, emulator) -> None:
    [engagement_id] = add_engagement(runtime)
    with transaction(runtime.sessions) as session:
        session.add(Onboarding(engagement_id=engagement_id, created_at=START, updated_at=START))
    assert len(list(onboarding_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 2)))))) == 1
    assert list(onboarding_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 2), 14)))) == []
    assert list(onboarding_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 6))))) == []  # Saturday
    with transaction(runtime.sessions) as session:
        session.query(Onboarding).one().dismissed_at = START
    assert list(onboarding_reminders.sweep(tick(runtime, client, now=at(date(2027, 3, 9))))) == []
    assert len(owner_dms(emulator)) == 1


def test_a_trial_is_reviewed_once_at_its_deadline(runtime, client, emulator) -> None:
    [engagement_id] = add_engagement(runtime)
    with transaction(runtime.sessions) as session:
        engagement = session.get_one(Engagement, engagement_id)
        engagement.trial, engagement.deadline = True, date(2027, 3, 10)
    assert list(trial_reviews.sweep(tick(runtime, client, now=at(date(2027, 3, 9))))) == []
    assert len(list(trial_reviews.sweep(tick(runtime, client, now=at(date(2027, 3, 10)))))) == 1
    assert list(trial_reviews.sweep(tick(runtime, client, now=at(date(2027, 3, 11))))) == []
    assert "Record:" in str(owner_dms(emulator)[0]["blocks"])


def test_risk_reviews_come_once_a_month(runtime, client, emulator) -> None:
    add_engagement(runtime)  # started 2027-01-01
    assert len(list(risk_reviews.sweep(tick(runtime, client, now=at(date(2027, 3, 2)))))) == 1
    assert list(risk_reviews.sweep(tick(runtime, client, now=at(date(2027, 3, 3))))) == []
    assert len(list(risk_reviews.sweep(tick(runtime, client, now=at(date(2027, 4, 1)))))) == 1
    assert "Monthly risk review" in owner_dms(emulator)[0]["text"]


def test_onboarding_reminders_never_come_on_consecutive_days(runtime, client, emulator, clock) -> None:
    """"Every few days" means it: a reminder a weekend held back pushes the next one back too.

    Kickoff Friday 1 Jan; reminder days are 3, 6, 9, 12, 15, 18 Jan. The 9th is a Saturday, so
    its reminder goes out on Monday the 11th, and the 12th's must then wait until the 14th.
    """
    [engagement_id] = add_engagement(runtime)
    with transaction(runtime.sessions) as session:
        session.add(Onboarding(engagement_id=engagement_id, created_at=START, updated_at=START))
    sent_on = []
    for offset in range(19):  # 1 to 19 January, each day at 10:00 and 15:00 London (= UTC in winter)
        day = date(2027, 1, 1) + timedelta(days=offset)
        for hour in (10, 15):
            clock.now = at(day, hour)  # the ledger's sent_at is the process clock
            if list(onboarding_reminders.sweep(tick(runtime, client, now=at(day, hour)))):
                sent_on.append(day.day)
    assert sent_on == [4, 7, 11, 14, 18]
    assert len(owner_dms(emulator)) == 5
