"""Guard rails: the ramp, the cadence floor and notes, vetting, onboarding, trials, risk reviews, observers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.engagement import engagements, guard_rails, lifecycle, observers, onboarding, risk_reviews, trials
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.roster import contractor_terms
from bot.domain.work import tasks
from tests.domain.conftest import BOB, MARIA, NOW, OWNER, TODAY, make_engagement, make_person


def add(session, engagement, assignee=None, today=TODAY):  # type: ignore[no-untyped-def]
    task = tasks.add(session, engagement=engagement, by_user=OWNER, title="T", due_on=None, assignee=assignee,
                     today=TODAY, now=NOW)
    return guard_rails.ramp_warning(session, task=task, assignee=assignee, today=today)


def test_the_fourth_open_task_in_the_first_two_weeks_warns(session, engagement) -> None:
    assert [add(session, engagement) for _ in range(3)] == [None, None, None]
    assert "already had 3 open tasks" in add(session, engagement)
    bob = make_person(session, BOB)
    assert add(session, engagement, assignee=bob) is None  # not the contractor's task
    assert add(session, engagement, today=TODAY + timedelta(days=14)) is None  # ramp is over


def test_done_tasks_do_not_count_towards_the_ramp(session, engagement) -> None:
    for _ in range(3):
        add(session, engagement)
    tasks.finish(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    assert add(session, engagement) is None


def test_a_day_listed_twice_is_refused_and_a_daily_cadence_gets_a_note(engagement) -> None:
    plan = engagements.Plan("Site", "o", "d", date(2026, 12, 1), checkin_days=(1, 1))
    assert plan.problems(TODAY)["checkins"] == engagements.MICROMANAGING
    assert guard_rails.cadence_note(engagement) is None
    engagement.checkin_days = "12345"
    assert "micromanaging" in guard_rails.cadence_note(engagement)


def test_vetting_gaps_show_on_a_first_non_trial_engagement_only(session, owner, engagement) -> None:
    [warning] = guard_rails.kickoff_warnings(session, engagement)
    assert "references, portfolio, trial, nda, contract" in warning
    engagement.trial = True
    assert guard_rails.vetting_warning(session, engagement) is None
    engagement.trial = False
    second = make_engagement(session, owner=owner, channel_id="C0OTHER")
    assert guard_rails.vetting_warning(session, second) is None
    engagement.confidential = True
    elsewhere = contractor_terms.ensure(session, contractor=engagement.contractor, owner_user_id=BOB, now=NOW)
    for item in ("references", "portfolio", "trial", "nda", "contract"):
        contractor_terms.vet(elsewhere, item=item, on=TODAY, now=NOW)
    [warning] = guard_rails.kickoff_warnings(session, engagement)  # another owner's NDA covers nothing here
    assert "no NDA on file" in warning
    mine = contractor_terms.ensure(session, contractor=engagement.contractor, owner_user_id=OWNER, now=NOW)
    for item in ("references", "portfolio", "trial", "nda", "contract"):
        contractor_terms.vet(mine, item=item, on=TODAY, now=NOW)
    assert guard_rails.kickoff_warnings(session, engagement) == []


def test_onboarding_ticks_toggle_and_reminders_come_every_three_days(session, engagement) -> None:
    checklist = onboarding.start(session, engagement=engagement, now=NOW)
    assert onboarding.tick(session, checklist=checklist, item="access", by_user=MARIA, now=NOW)
    assert not onboarding.tick(session, checklist=checklist, item="access", by_user=OWNER, now=NOW)
    with pytest.raises(NotAllowed):
        onboarding.tick(session, checklist=checklist, item="tools", by_user=BOB, now=NOW)
    with pytest.raises(NotAllowed):
        onboarding.dismiss(session, checklist=checklist, by_user=MARIA, now=NOW)
    assert [onboarding.reminder_day(TODAY, TODAY + timedelta(days=d)) for d in (1, 2, 4, 5, 9)] == [
        None, TODAY + timedelta(days=2), TODAY + timedelta(days=2), TODAY + timedelta(days=5),
        TODAY + timedelta(days=8)]
    assert onboarding.unfinished(session) == [checklist]
    for item in onboarding.ITEMS:
        onboarding.tick(session, checklist=checklist, item=item, by_user=OWNER, now=NOW)
    assert onboarding.unfinished(session) == []


def test_trials_are_due_at_the_deadline_and_end_archives(session, engagement) -> None:
    from datetime import UTC, datetime

    engagement.trial, engagement.deadline = True, date(2026, 11, 10)
    session.flush()
    assert trials.due(session, datetime(2026, 11, 9, 12, tzinfo=UTC)) == []
    assert trials.due(session, datetime(2026, 11, 10, 12, tzinfo=UTC)) == [engagement]
    with pytest.raises(DomainError):
        trials.carry_on(session, engagement=engagement, by_user=OWNER, deadline=TODAY, keep_trial=True,
                        today=TODAY, now=NOW)
    trials.carry_on(session, engagement=engagement, by_user=OWNER, deadline=date(2026, 12, 1), keep_trial=False,
                    today=TODAY, now=NOW)
    assert not engagement.trial and trials.key_for(engagement) == f"trial:{engagement.id}:2026-12-01"
    with pytest.raises(NotAllowed):
        lifecycle.end(session, engagement=engagement, by_user=MARIA, reason="", now=NOW)
    lifecycle.end(session, engagement=engagement, by_user=OWNER, reason="", now=NOW)
    assert engagement.status == "ended" and engagement.ended_at == NOW


def test_trial_record_counts_on_time_tasks_and_checkins(session, engagement) -> None:
    tasks.add(session, engagement=engagement, by_user=OWNER, title="A", due_on=TODAY, assignee=None, today=TODAY,
              now=NOW)
    tasks.add(session, engagement=engagement, by_user=OWNER, title="B", due_on=None, assignee=None, today=TODAY,
              now=NOW)
    tasks.finish(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    assert trials.record(session, engagement) == trials.Record(tasks_done=1, on_time=1, open_tasks=1, checkins=0)


def test_risk_reviews_start_in_the_fourth_week_and_plans_need_words(session, engagement) -> None:
    assert not risk_reviews.is_due(engagement, TODAY + timedelta(days=27))
    assert risk_reviews.is_due(engagement, TODAY + timedelta(days=28))
    assert risk_reviews.key_for(engagement, date(2026, 12, 3)) == f"risk:{engagement.id}:2026-12"
    assert risk_reviews.facts(session, {engagement.id: (engagement, TODAY)})[engagement.id] == risk_reviews.Facts()
    with pytest.raises(DomainError):
        risk_reviews.update_plan(session, engagement=engagement, by_user=OWNER, plan=" ", now=NOW)
    risk_reviews.update_plan(session, engagement=engagement, by_user=OWNER, plan="Ana covers", now=NOW)
    assert engagement.contingency == "Ana covers"


def test_observers_are_listed_per_engagement_and_removal_keeps_the_row(session, engagement) -> None:
    bob = make_person(session, BOB)
    assert observers.add(session, engagement=engagement, person=bob, by_user=OWNER, now=NOW)
    assert not observers.add(session, engagement=engagement, person=bob, by_user=OWNER, now=NOW)
    with pytest.raises(DomainError):
        observers.add(session, engagement=engagement, person=engagement.contractor.person, by_user=OWNER, now=NOW)
    assert observers.list_for(session, [engagement.id, 999]) == {engagement.id: [bob]}
    observers.remove(session, engagement=engagement, user_id=BOB, by_user=OWNER, now=NOW)
    assert observers.list_for(session, [engagement.id]) == {}
    assert observers.add(session, engagement=engagement, person=bob, by_user=OWNER, now=NOW)


