"""Milestones: the contractor submits a task, the owner approves it or asks for changes.

Approval closes the loop of work and money: the task is done (done_at = approval, which the
thank-you nudges read), and a task carrying pay becomes a Payment due on the engagement's terms.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Payment, Submission, Task
from bot.db.results import rowcount
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.money import payments
from bot.domain.schedule import worktime
from bot.domain.work import tasks
from bot.text.money import Money

SUBMIT_EXAMPLE = "/task submit 3 https://example.com/homepage-v2"
PAY_EXAMPLE = '/task add "Homepage design" due {today+10} pay=800 USD'
LINK_LIMIT = 1000
COMMENT_LIMIT = 2000


def attach_pay(task: Task, *, by_user: str, pay: Money) -> None:
    """Make a task a milestone worth `pay`; only the owner sets money."""
    engagements.require_owner(task.engagement, by_user, "put a payment on a task")
    if pay.amount_minor <= 0:
        raise DomainError("The pay must be more than zero.", PAY_EXAMPLE)
    task.pay_minor, task.pay_currency = pay.amount_minor, pay.currency


def pay_of(task: Task) -> Money | None:
    """The task's pay as Money, or None for a task without a payment."""
    if task.pay_minor is None or task.pay_currency is None:
        return None
    return Money(task.pay_minor, task.pay_currency)


def pending_for(session: Session, task: Task) -> Submission | None:
    """The submission of a task still waiting for the owner, if any."""
    return session.scalar(select(Submission).where(Submission.task_id == task.id, Submission.outcome == "pending"))


def submit(session: Session, *, engagement: Engagement, by_user: str, number: int, link: str,
           now: datetime) -> Submission:
    """Hand a task in for review (again, after changes were asked); only the contractor submits.

    A submission still waiting whose review DM was never noted is returned as it is: the contractor
    retrying after a crash gets the owner asked, not "already waiting".
    """
    if engagements.role_of(engagement, by_user) != "contractor":
        raise NotAllowed(f"Only the contractor, <@{engagement.contractor.person.user_id}>, submits work for review.")
    task = tasks.get(session, engagement=engagement, number=number)
    if task.status == "done":
        raise DomainError(f"Task {number} is already done.", SUBMIT_EXAMPLE)
    waiting = pending_for(session, task)
    if waiting is not None and waiting.review_ts is None and waiting.submitted_by == by_user:
        return waiting  # stored, but its review DM never went out (a crash): this retry sends it
    if waiting is not None:
        raise DomainError(f"Task {number} is already waiting for review; you'll hear as soon as it is decided.")
    link = link.strip()
    if len(link) > LINK_LIMIT:
        raise DomainError(f"Keep the link under {LINK_LIMIT} characters.", SUBMIT_EXAMPLE)
    rounds = session.scalar(select(func.count()).select_from(Submission).where(Submission.task_id == task.id)) or 0
    submission = Submission(task_id=task.id, task=task, round=rounds + 1, link=link, submitted_by=by_user,
                            submitted_at=now, outcome="pending", reviewed_by="", comment="",
                            created_at=now, updated_at=now)
    task.status, task.blocked_reason, task.updated_at = "submitted", "", now
    session.add(submission)
    session.flush()
    return submission


def _decide(session: Session, submission: Submission, by_user: str, outcome: str, now: datetime) -> Task:
    task = submission.task
    engagements.require_owner(task.engagement, by_user, "review submitted work")
    if task.status == "done":  # a review button pressed after the task was finished another way: say so, act not
        raise DomainError(tasks.already_done(task, task.engagement.owner.tz))
    if submission.outcome != "pending":
        raise DomainError(already_reviewed(submission, task.engagement.owner.tz))
    # Compare and set: a double-click sends two reviews at once, and each read the submission as pending.
    # The UPDATE waits for the other transaction (a row lock on PostgreSQL, the write lock on SQLite) and
    # then matches nothing, so only one review (and one payment) goes through.
    decided = session.execute(
        update(Submission).where(Submission.id == submission.id, Submission.outcome == "pending")
        .values(outcome=outcome, reviewed_at=now, reviewed_by=by_user, updated_at=now)
        .execution_options(synchronize_session=False))
    if rowcount(decided) != 1:
        session.refresh(submission)
        raise DomainError(already_reviewed(submission, task.engagement.owner.tz))
    submission.outcome, submission.reviewed_at, submission.reviewed_by = outcome, now, by_user
    submission.updated_at = task.updated_at = now
    return task


def already_reviewed(submission: Submission, tz: str) -> str:
    """'This submission of task 2 was already reviewed: changes asked by <@U…> on Mon 07 Dec.'"""
    verdict = {"approved": "approved", "changes": "changes asked"}.get(submission.outcome, submission.outcome)
    who = f" by <@{submission.reviewed_by}>" if submission.reviewed_by else ""
    when = f" on {worktime.local_now(submission.reviewed_at, tz):%a %d %b}" if submission.reviewed_at else ""
    return f"This submission of task {submission.task.number} was already reviewed: {verdict}{who}{when}."


def approve(session: Session, *, submission: Submission, by_user: str, now: datetime) -> Payment | None:
    """Accept the work: the task is done now, and its pay (if any) is owed on the engagement's terms."""
    task = _decide(session, submission, by_user, "approved", now)
    task.status, task.done_at, task.done_by = "done", now, by_user
    pay = pay_of(task)
    if pay is None:
        session.flush()
        return None
    engagement = task.engagement
    payment = payments.add(session, engagement=engagement, by_user=by_user, amount=pay, due_on=None,
                           reference=f"Task {task.number}", today=worktime.local_today(now, engagement.owner.tz),
                           now=now)
    payment.task_id = task.id
    session.flush()
    return payment


def note_review_dm(session: Session, *, submission_id: int, channel_id: str, ts: str) -> None:
    """Remember where the owner's review DM is, so deciding elsewhere also closes it."""
    session.execute(update(Submission).where(Submission.id == submission_id)
                    .values(review_channel=channel_id, review_ts=ts))


def request_changes(session: Session, *, submission: Submission, by_user: str, comment: str,
                    now: datetime) -> Submission:
    """Send the work back with what to change; the comment is required, it is all the contractor gets."""
    comment = comment.strip()
    if not comment:
        raise DomainError("Say what should change: the contractor sees this comment.")
    if len(comment) > COMMENT_LIMIT:
        raise DomainError(f"Keep the comment under {COMMENT_LIMIT} characters.")
    task = _decide(session, submission, by_user, "changes", now)
    submission.comment = comment
    task.status = "open"
    session.flush()
    return submission

