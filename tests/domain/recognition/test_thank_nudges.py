"""The check-in streak behind a thank-you nudge: the last four check-ins all within the SLA, the newest recent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db.models import Checkin
from bot.db.session import transaction
from bot.domain.recognition import thank_nudges
from jobs import snapshot
from tests.support.duties import Clock, engagement, migrated_runtime, person, save

NOW = datetime(2027, 3, 15, 12, tzinfo=UTC)
ON_TIME, LATE = timedelta(hours=2), timedelta(hours=30)  # the SLA is 8 hours


@pytest.fixture
def runtime(empty_database_url: str):  # type: ignore[no-untyped-def]
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    yield runtime
    runtime.engine.dispose()


def test_a_streak_is_four_on_time_check_ins_in_a_row_ending_recently(runtime):
    owner = person("U0OWNER", "Europe/London")
    # engagement id -> how long each check-in took, newest first (None: nobody asked, counts as on time)
    histories = {
        1: [ON_TIME, ON_TIME, None, ON_TIME, LATE],  # the fifth, late, is older than the streak
        2: [ON_TIME, LATE, ON_TIME, ON_TIME, ON_TIME],  # the second newest was late
        3: [ON_TIME, ON_TIME, ON_TIME],  # three are not a streak
        4: [ON_TIME] * 4,  # a streak, but its newest check-in is older than a week
    }
    with transaction(runtime.sessions) as session:
        built = [engagement(person(f"U0C{n}", "Europe/London"), owner, id=n, channel_id=f"C{n}") for n in histories]
        save(session, *built)
        for item, took in zip(built, histories.values(), strict=True):
            newest = NOW - timedelta(days=9 if item.title.endswith("4") else 1)
            for back, duration in enumerate(took):
                answered = newest - timedelta(days=back)
                session.add(Checkin(engagement_id=item.id, author_id=item.contractor.person.id,
                                    local_date=answered.date(), status="on_track", source="form",
                                    asked_at=None if duration is None else answered - duration,
                                    answered_at=answered, created_at=answered, updated_at=answered))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        ids = {int(e.title.split()[1]): e.id for e in rows.values()}
        found = thank_nudges.streaks(session, rows, NOW)
    assert found == {ids[1]: NOW - timedelta(days=1)}
    assert date(2027, 3, 14) == found[ids[1]].date()


def test_a_prompt_missed_after_the_four_breaks_the_streak(runtime):
    """Four on-time check-ins, then a prompt left unanswered past its SLA: no "four times in a row" nudge.

    The month-in-the-life test saw the owner told Maria "checked in on time four times in a row" the
    Monday after she missed Friday's check-in (the owner was alerted about that miss the same morning).
    A prompt still inside its SLA does not break it yet.
    """
    from bot.db.models import Delivery

    owner = person("U0OWNER", "Europe/London")
    with transaction(runtime.sessions) as session:
        # They work every day (the four check-ins run through Saturday): the SLA counts working hours.
        built = [engagement(person(f"U0C{n}", "Europe/London", work_days="1234567"), owner, id=n, channel_id=f"C{n}")
                 for n in (1, 2)]
        save(session, *built)
        for item in built:
            for back in range(2, 6):  # four on-time check-ins, 2 to 5 days ago
                answered = NOW - timedelta(days=back)
                session.add(Checkin(engagement_id=item.id, author_id=item.contractor.person.id,
                                    local_date=answered.date(), status="on_track", source="thread",
                                    asked_at=answered - ON_TIME, answered_at=answered, created_at=answered,
                                    updated_at=answered))
        # Engagement 1: yesterday's 10:00 prompt, never answered (its 8 working hours ran out at 10:00 today).
        # Engagement 2: one an hour ago.
        for item, due in ((built[0], NOW - timedelta(days=1, hours=2)), (built[1], NOW - timedelta(hours=1))):
            session.add(Delivery(key=f"checkin:{item.id}:{due.date().isoformat()}", duty="checkin_prompt",
                                 team_id="T1", channel_id=item.channel_id, status="sent", message_ts="1.0",
                                 attempts=1, due_at=due, claimed_at=due, sent_at=due))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        ids = {int(e.title.split()[1]): e.id for e in rows.values()}
        found = thank_nudges.streaks(session, rows, NOW)
    assert found == {ids[2]: NOW - timedelta(days=2)}


def _prompted_checkin(session, item, asked: datetime, answered: datetime, day: date) -> None:  # type: ignore[no-untyped-def]
    session.add(Checkin(engagement_id=item.id, author_id=item.contractor.person.id, local_date=day,
                        status="on_track", source="thread", asked_at=asked, answered_at=answered,
                        created_at=answered, updated_at=answered))


def _four_answered(session, *, hour: int, after: timedelta):  # type: ignore[no-untyped-def]
    """A London contractor prompted Mon 8 to Thu 11 March 2027 at `hour` UTC, each answered `after` it."""
    item = engagement(person("U0C1", "Europe/London"), person("U0OWNER", "Europe/London"), id=1, days="12345")
    save(session, item)
    for day in (8, 9, 10, 11):
        asked = datetime(2027, 3, day, hour, tzinfo=UTC)
        _prompted_checkin(session, item, asked, asked + after, date(2027, 3, day))
    return item


def test_on_time_is_counted_in_working_hours_as_the_sla_is(runtime):
    """Prompts at 16:00 London answered at 10:00 the next working day took 2 working hours of an 8-hour SLA:
    on time, as the follow-ups and the scorecard count it (wall-clock 18 h, and 66 h over a weekend).

    The streak used to compare wall-clock hours with the SLA: a contractor answering every afternoon
    prompt the next morning was never "on time four times in a row", while the scorecard said 100 % within SLA.
    """
    # Mon 8 to Fri 12 March 2027: prompts Mon, Tue, Wed, Thu at 16:00 (GMT), each answered 10:00 the day after.
    with transaction(runtime.sessions) as session:
        _four_answered(session, hour=16, after=timedelta(hours=18))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        found = thank_nudges.streaks(session, rows, NOW)
    assert found == {next(iter(rows)): datetime(2027, 3, 12, 10, tzinfo=UTC)}


def test_a_prompt_unanswered_over_the_weekend_has_not_run_out_its_sla_yet(runtime):
    """Friday 16:00's prompt, 8-hour SLA, read on Saturday: one working hour gone, not missed; the streak stands."""
    from bot.db.models import Delivery

    saturday = datetime(2027, 3, 13, 12, tzinfo=UTC)
    with transaction(runtime.sessions) as session:
        item = _four_answered(session, hour=10, after=ON_TIME)
        due = datetime(2027, 3, 12, 16, tzinfo=UTC)
        session.add(Delivery(key=f"checkin:{item.id}:2027-03-12", duty="checkin_prompt", team_id="T1",
                             channel_id=item.channel_id, status="sent", message_ts="1.0", attempts=1, due_at=due,
                             claimed_at=due, sent_at=due))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        found = thank_nudges.streaks(session, rows, saturday)
    assert found == {next(iter(rows)): datetime(2027, 3, 11, 12, tzinfo=UTC)}


def test_a_task_is_on_time_by_its_due_date_in_the_contractors_calendar(runtime):
    """Due Sunday 14 March. Manila finished at 07:00 on Monday its time (23:00 UTC Sunday): late, no
    "finished a task on time". New York finished at 21:00 on Sunday its time (01:00 UTC Monday): on time.

    The nudge compared the UTC date with the due date, while the scorecard counts on-time delivery in
    the contractor's calendar: the owner was nudged to thank a late task, and not for an on-time one.
    """
    from bot.db.models import Task

    owner = person("U0OWNER", "Europe/London")
    finished = {1: ("Asia/Manila", datetime(2027, 3, 14, 23, tzinfo=UTC)),
                2: ("America/New_York", datetime(2027, 3, 15, 1, tzinfo=UTC))}
    with transaction(runtime.sessions) as session:
        built = [engagement(person(f"U0C{n}", tz), owner, id=n, channel_id=f"C{n}") for n, (tz, _) in finished.items()]
        save(session, *built)
        for item, (_, done_at) in zip(built, finished.values(), strict=True):
            session.add(Task(engagement_id=item.id, number=1, title="Logo", status="done", due_on=date(2027, 3, 14),
                             done_at=done_at, created_at=done_at, updated_at=done_at))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        ids = {int(e.title.split()[1]): e.id for e in rows.values()}
        found = thank_nudges.on_time_tasks(session, rows, NOW)
    assert found == {ids[2]: finished[2][1]}
