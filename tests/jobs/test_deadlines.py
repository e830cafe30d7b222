"""Deadline notes and the daily cap: two working days ahead, once overdue, never a third message a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.db.models import Contractor, Engagement, Task
from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.domain.schedule import noise
from jobs import deadlines, run_due
from jobs.context import start as tick
from tests.jobs.conftest import MARIA, PROJECT, add_engagement

T0 = datetime(2027, 3, 1, tzinfo=UTC)
MANILA = timedelta(hours=8)


def add_task(runtime, engagement_id: int, due_on: date) -> None:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        session.add(Task(engagement_id=engagement_id, number=1, title="Homepage", status="open", due_on=due_on,
                         created_at=T0, updated_at=T0))


def manila(day: date, hour: int, minute: int = 0) -> datetime:
    """A Manila wall-clock time as a UTC instant (Manila has no DST)."""
    return datetime.combine(day, time(hour, minute), UTC) - MANILA


def daily(runtime, client, start: date, days: int) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for offset in range(days):
        for hour in (9, 10, 13):
            lines += list(deadlines.sweep(tick(runtime, client, now=manila(start + timedelta(days=offset), hour))))
    return lines


def second_engagement_for_maria(runtime, first_id: int, channel: str) -> int:  # type: ignore[no-untyped-def]
    """Maria also works on another engagement (same contractor, another channel, same cadence)."""
    with transaction(runtime.sessions) as session:
        first = session.get_one(Engagement, first_id)
        contractor = session.get_one(Contractor, first.contractor_id)
        second = Engagement(**{c: getattr(first, c) for c in (
            "team_id", "owner_id", "objectives", "deliverables", "start_on", "deadline", "checkin_days",
            "checkin_time", "sla_hours", "payment_terms_days", "feedback_every_days", "trial", "confidential",
            "contingency", "status", "created_at", "updated_at")}, contractor=contractor, channel_id=channel,
            title="Second project")
        session.add(second)
        session.flush()
        return second.id


def test_two_working_days_ahead_and_once_overdue_across_the_weekend(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    # Due Monday 22nd: two of Maria's working days before is Thursday 18th (not Saturday, nor Monday itself).
    add_task(runtime, engagement_id, date(2027, 3, 22))
    lines = daily(runtime, client, date(2027, 3, 16), 10)
    assert [line.split()[1] for line in lines] == [f"deadline:{engagement_id}:2027-03-18",
                                                    f"deadline:{engagement_id}:2027-03-23"]
    posts = emulator.messages(PROJECT)
    assert "due Mon 22 Mar" in str(posts[0]["blocks"])
    assert "overdue" in str(posts[1]["blocks"]) and f"<@{MARIA}>" in str(posts[1]["blocks"])
    assert "$" not in str(posts) and "USD" not in str(posts)


def test_a_holiday_counts_as_no_working_day(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    add_task(runtime, engagement_id, date(2027, 3, 10))  # Wednesday; Tuesday 9th is a Philippine holiday
    lines = daily(runtime, client, date(2027, 3, 4), 5)
    assert [line.split()[1] for line in lines] == [f"deadline:{engagement_id}:2027-03-05"]  # Friday


def test_prompt_then_note_then_reminder_the_reminder_is_the_third_and_is_dropped(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, days="12345", sla_hours=2)
    add_task(runtime, engagement_id, date(2027, 3, 19))  # Friday: the note comes Wednesday 17th
    day = date(2027, 3, 17)
    sent = []
    for hour, minute in ((9, 0), (10, 0), (12, 30), (15, 0)):
        sent += [line.split()[0] for line in run_due(runtime, client, now=manila(day, hour, minute))]
    assert [d for d in sent if d in ("deadline", "checkin_prompt", "checkin_reminder")] == [
        "deadline", "checkin_prompt"]
    [note, prompt] = emulator.messages(PROJECT)
    assert emulator.messages(PROJECT, thread_ts=prompt["ts"]) == []
    with runtime.sessions() as session:
        assert ledger.get(session, f"reminder:{engagement_id}:2027-03-17").status == ledger.SKIPPED
        caps = {row.key: row.message_ts for row in ledger.known(session, [
            f"cap:1:2027-03-17:{n}" for n in (1, 2, 3)]).values()}
    # The note came first but could only take the row the day's one prompt leaves (the second).
    assert caps == {"cap:1:2027-03-17:1": "checkin:1:2027-03-17", "cap:1:2027-03-17:2": "deadline:1:2027-03-17"}


def test_two_prompts_a_day_fill_it_and_the_deadline_note_gives_way(runtime, client, emulator):
    [first] = add_engagement(runtime, days="12345")
    emulator.add_channel("C0SECOND", name="proj-two", members=[MARIA])
    second = second_engagement_for_maria(runtime, first, "C0SECOND")
    add_task(runtime, first, date(2027, 3, 19))
    day = date(2027, 3, 17)
    sent = []
    for hour in (9, 10, 11):
        sent += [line.split()[1] for line in run_due(runtime, client, now=manila(day, hour))]
    assert sorted(k for k in sent if k.startswith(("checkin:", "deadline:"))) == [
        f"checkin:{first}:2027-03-17", f"checkin:{second}:2027-03-17"]
    assert len(emulator.messages(PROJECT)) == 1 and len(emulator.messages("C0SECOND")) == 1
    with runtime.sessions() as session:
        assert ledger.get(session, f"deadline:{first}:2027-03-17").status == ledger.SKIPPED
    assert noise.DAILY_LIMIT == 2
