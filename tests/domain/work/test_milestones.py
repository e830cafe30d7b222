"""Milestones: pay is the owner's, submissions are the contractor's, approval earns the payment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.work import milestones, reviews, tasks
from bot.text.money import Money
from tests.domain.conftest import MARIA, NOW, OWNER, TODAY

PAY = Money(80000, "USD")


def milestone(session, engagement, pay=PAY):  # type: ignore[no-untyped-def]
    task = tasks.add(session, engagement=engagement, by_user=OWNER, title="Homepage", due_on=TODAY + timedelta(days=8),
                     assignee=None, today=TODAY, now=NOW)
    if pay is not None:
        milestones.attach_pay(task, by_user=OWNER, pay=pay)
    return task


def submit(session, engagement, link="https://x.example/v1", by=MARIA, later=0):  # type: ignore[no-untyped-def]
    return milestones.submit(session, engagement=engagement, by_user=by, number=1, link=link,
                             now=NOW + timedelta(hours=later))


def test_only_the_owner_sets_pay_and_pay_must_be_positive(session, engagement) -> None:
    task = milestone(session, engagement, pay=None)
    with pytest.raises(NotAllowed):
        milestones.attach_pay(task, by_user=MARIA, pay=PAY)
    with pytest.raises(DomainError):
        milestones.attach_pay(task, by_user=OWNER, pay=Money(0, "USD"))
    milestones.attach_pay(task, by_user=OWNER, pay=PAY)
    assert milestones.pay_of(task) == PAY


def test_a_paid_task_is_finished_by_approval_not_by_done(session, engagement) -> None:
    milestone(session, engagement)
    with pytest.raises(DomainError, match="submit"):
        tasks.finish(session, engagement=engagement, by_user=MARIA, number=1, now=NOW)


def test_submit_changes_resubmit_approve_records_rounds_and_creates_the_payment(session, engagement) -> None:
    task = milestone(session, engagement)
    first = submit(session, engagement)
    assert (first.round, task.status) == (1, "submitted")
    assert submit(session, engagement) is first  # its review DM was never noted: a retry sends it
    milestones.note_review_dm(session, submission_id=first.id, channel_id="D0OWNER", ts="1.000001")
    session.refresh(first)
    with pytest.raises(DomainError, match="already waiting"):
        submit(session, engagement)
    with pytest.raises(DomainError, match="Say what should change"):
        milestones.request_changes(session, submission=first, by_user=OWNER, comment="  ", now=NOW)
    milestones.request_changes(session, submission=first, by_user=OWNER, comment="Bigger logo", now=NOW)
    assert (first.outcome, first.comment, task.status) == ("changes", "Bigger logo", "open")
    second = submit(session, engagement, link="", later=3)
    approved_at = NOW + timedelta(days=1)
    payment = milestones.approve(session, submission=second, by_user=OWNER, now=approved_at)
    assert (task.status, task.done_at, second.round) == ("done", approved_at, 2)
    assert payment is not None and (payment.amount_minor, payment.currency, payment.task_id) == (80000, "USD", task.id)
    assert payment.due_on == date(2026, 11, 3) + timedelta(days=engagement.payment_terms_days)
    assert reviews.records(session, [engagement.id])[engagement.id] == reviews.Record(1, 0, 1)


def test_first_pass_acceptance_and_who_may_decide(session, engagement) -> None:
    milestone(session, engagement)
    with pytest.raises(NotAllowed):
        submit(session, engagement, by=OWNER)
    submission = submit(session, engagement)
    with pytest.raises(NotAllowed):
        milestones.approve(session, submission=submission, by_user=MARIA, now=NOW)
    milestones.approve(session, submission=submission, by_user=OWNER, now=NOW)
    # A second press answers with the state (the task is done, and who marked it), acting no more.
    with pytest.raises(DomainError, match=rf"Task 1 is already done \(marked by <@{OWNER}> on Mon 02 Nov\)"):
        milestones.approve(session, submission=submission, by_user=OWNER, now=NOW)
    with pytest.raises(DomainError, match="already done"):
        submit(session, engagement)
    assert reviews.records(session, [engagement.id])[engagement.id] == reviews.Record(1, 1, 0)


def test_a_task_without_pay_is_approved_without_a_payment(session, engagement) -> None:
    milestone(session, engagement, pay=None)
    assert milestones.approve(session, submission=submit(session, engagement), by_user=OWNER, now=NOW) is None


def test_reminders_count_the_owners_working_days(owner) -> None:
    from datetime import UTC, datetime

    friday_four = datetime(2026, 11, 6, 16, tzinfo=UTC)  # Friday 16:00 London
    assert reviews.reminder_number(owner, friday_four, datetime(2026, 11, 10, 16, tzinfo=UTC)) is None
    assert reviews.reminder_number(owner, friday_four, datetime(2026, 11, 11, 16, tzinfo=UTC)) == 1
    assert reviews.reminder_number(owner, friday_four, datetime(2026, 11, 16, 16, tzinfo=UTC)) == 2
