"""A milestone end to end.

/task add ... pay=, submit, changes, resubmit, approval, payment alerts, Mark paid, thanks.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.db.models import Payment, Submission, Task
from bot.slack import ids
from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.jobs_helpers import london_workday, today_london, workday
from tests.e2e.test_checkin import kickoff
from tests.support.shown import mentions_amount, shown, shown_all


def dm(emulator, user: str = OWNER) -> list[dict]:  # type: ignore[type-arg]
    return emulator.messages(emulator.dm_channel(user))


def last_dm_with(emulator, words: str, user: str = OWNER) -> dict:  # type: ignore[type-arg]
    """The owner's latest DM saying `words` (other duties DM the owner too)."""
    return [m for m in dm(emulator, user) if words in m["text"] + str(m["blocks"])][-1]


def add_milestone(slack, emulator) -> dict:  # type: ignore[type-arg]
    kickoff(slack)
    reply = slack.slash("/task", f'add "Homepage design" due {in_days(10)} pay=800 USD', user=OWNER,
                        channel=PROJECT).wait()
    assert reply.ephemeral and "USD 800.00" in reply.text and "only you see this" in reply.text
    announcement = emulator.messages(PROJECT)[-1]
    assert "Homepage design" in announcement["text"] and not mentions_amount(shown(announcement), "800")
    return announcement


def submit(slack, emulator, text: str = "1 https://example.com/v1") -> dict:  # type: ignore[type-arg]
    before = len(dm(emulator))
    reply = slack.slash("/task", f"submit {text}", user=MARIA, channel=PROJECT).wait()
    assert "submitted for review" in reply.text
    assert emulator.wait_for(lambda: len(dm(emulator)) > before)
    return dm(emulator)[-1]


def test_the_whole_loop_from_pay_to_thanks(slack, emulator, bot, duties) -> None:
    announcement = add_milestone(slack, emulator)
    review = submit(slack, emulator)
    assert "USD 800.00" in str(review["blocks"]) and ids.APPROVE_WORK in str(review["blocks"])
    thread = emulator.messages(PROJECT, thread_ts=announcement["ts"])
    assert "submitted task *1*" in str(thread[-1]["blocks"]) and not mentions_amount(shown_all(thread), "800")

    opened = slack.click(ids.REQUEST_CHANGES, user=OWNER, message=review).wait()
    empty = slack.submit_view(opened.view["id"], values={"comment": {"comment": ""}}, user=OWNER)
    assert empty.body["response_action"] == "errors"
    sent = slack.submit_view(opened.view["id"], values={"comment": {"comment": "Make the logo bigger"}}, user=OWNER)
    assert not sent.body
    assert emulator.wait_for(lambda: "Make the logo bigger" in str(emulator.messages(PROJECT, announcement["ts"])))
    assert f"<@{MARIA}>" in str(emulator.messages(PROJECT, thread_ts=announcement["ts"])[-1]["blocks"])
    assert emulator.wait_for(lambda: "asked for changes" in dm(emulator)[0]["text"] + str(dm(emulator)[0]["blocks"]))

    second = submit(slack, emulator, "1")
    assert "round 2" in str(second["blocks"])
    reminder_at = london_workday(working_days_after(today_london(), 4))  # 3 of the owner's working days waited
    assert len(duties.run(reminder_at, "review_reminder")) == 1
    assert last_dm_with(emulator, "Still waiting for your review")

    slack.click(ids.APPROVE_WORK, user=OWNER, message=second)
    assert emulator.wait_for(lambda: "approved task *1*" in str(emulator.messages(PROJECT, announcement["ts"])))
    with duties.runtime.sessions() as session:
        task = session.scalars(select(Task)).one()
        payment = session.scalars(select(Payment)).one()
        rounds = [s.outcome for s in session.scalars(select(Submission).order_by(Submission.round))]
    assert task.status == "done" and task.done_at is not None and rounds == ["changes", "approved"]
    assert (payment.amount_minor, payment.currency, payment.task_id) == (80000, "USD", task.id)
    assert payment.due_on == today_london() + timedelta(days=14)
    in_channel = emulator.messages(PROJECT) + emulator.messages(PROJECT, announcement["ts"])
    assert not mentions_amount(shown_all(in_channel), "800")

    nudge_at = london_workday(today_london() + timedelta(days=1))
    assert duties.run(nudge_at, "thanks_nudge"), "approval on time should bring a thank-you nudge"
    nudge = last_dm_with(emulator, ids.SEND_THANKS)

    check_payment_alerts(duties, emulator, payment.due_on)
    slack.click(ids.MARK_PAID, user=OWNER, message=last_dm_with(emulator, "overdue"))
    assert emulator.wait_for(lambda: "marked paid" in str(dm(emulator)))
    later = london_workday(payment.due_on + timedelta(days=8))
    assert duties.run(later, "payment_alert") == []

    slack.click(ids.SEND_THANKS, user=OWNER, message=nudge)
    assert emulator.wait_for(lambda: "delivering on time" in str(emulator.messages(PROJECT)))


def working_days_after(day: date, n: int) -> date:
    """The n-th GB working day after `day` (the owner lives in London)."""
    for _ in range(n):
        day = workday(day + timedelta(days=1), "GB")
    return day


def check_payment_alerts(duties, emulator, due_on: date) -> None:  # type: ignore[no-untyped-def]
    """A reminder before the due date, an overdue alert after it: both DMs to the owner only.

    The reminder comes due three days ahead and waits for the owner's next working day (GB holidays
    count); on a Monday it rides in the weekly digest instead of arriving apart.
    """
    before = london_workday(due_on - timedelta(days=3), avoid_monday=False)
    lines = duties.run(before)
    if before.isoweekday() == 1:
        assert [line for line in lines if line.startswith("weekly_digest") and "1 payment alert(s)" in line], lines
        assert not [line for line in lines if line.startswith("payment_alert")], lines
        assert "Payment 1" in str(last_dm_with(emulator, "Payments needing attention")["blocks"])
    else:
        assert len([line for line in lines if line.startswith("payment_alert")]) == 1, lines
        assert last_dm_with(emulator, "Payment 1 is due")
    assert len(duties.run(london_workday(due_on + timedelta(days=3)), "payment_alert")) == 1
    assert "USD 800.00" in str(last_dm_with(emulator, "Payment 1 is overdue")["blocks"])
    assert not mentions_amount(shown_all(emulator.messages(PROJECT)), "800")


def test_only_the_contractor_submits_only_the_owner_sets_pay_and_reviews(slack, emulator, bot, duties) -> None:
    add_milestone(slack, emulator)
    assert "Only the contractor" in slack.slash("/task", "submit 1", user=OWNER, channel=PROJECT).wait().text
    paid_by_contractor = slack.slash("/task", 'add "Logo" pay=100 USD', user=MARIA, channel=PROJECT).wait()
    assert "Only the engagement's owner" in paid_by_contractor.text
    done = slack.slash("/task", "done 1", user=MARIA, channel=PROJECT).wait()
    assert "milestone" in done.text and "/task submit 1" in done.text
    review = submit(slack, emulator)
    again = slack.slash("/task", "submit 1", user=MARIA, channel=PROJECT).wait()
    assert "already waiting for review" in again.text
    with duties.runtime.sessions() as session:
        assert session.scalars(select(Task)).one().status == "submitted"
        assert session.scalars(select(Payment)).all() == []
    stranger = slack.slash("/task", "submit 1", user=BYSTANDER, channel=PROJECT).wait()
    assert "Only the contractor" in stranger.text
    slack.click(ids.APPROVE_WORK, user=OWNER, message=review)
    assert emulator.wait_for(lambda: "You approved" in str(dm(emulator)[-1]["blocks"]))
    assert "already done" in slack.slash("/task", "submit 1", user=MARIA, channel=PROJECT).wait().text


def test_a_task_without_pay_can_be_reviewed_and_creates_no_payment(slack, emulator, duties) -> None:
    kickoff(slack)
    slack.slash("/task", f'add "Copy" due {in_days(3)}', user=OWNER, channel=PROJECT).wait()
    review = submit(slack, emulator, "1 <https://docs.example.com/copy|docs.example.com/copy>")
    assert "https://docs.example.com/copy" in str(review["blocks"])
    slack.click(ids.APPROVE_WORK, user=OWNER, message=review)
    assert emulator.wait_for(lambda: "You approved" in str(dm(emulator)[-1]["blocks"]))
    with duties.runtime.sessions() as session:
        assert session.scalars(select(Task)).one().status == "done"
        assert session.scalars(select(Payment)).all() == []
