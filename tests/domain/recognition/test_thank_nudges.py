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
        built = [engagement(person(f"U0C{n}", "Europe/London"), owner, id=n, channel_id=f"C{n}") for n in (1, 2)]
        save(session, *built)
        for item in built:
            for back in range(2, 6):  # four on-time check-ins, 2 to 5 days ago
                answered = NOW - timedelta(days=back)
                session.add(Checkin(engagement_id=item.id, author_id=item.contractor.person.id,
                                    local_date=answered.date(), status="on_track", source="thread",
                                    asked_at=answered - ON_TIME, answered_at=answered, created_at=answered,
                                    updated_at=answered))
        # Engagement 1: yesterday's prompt, never answered (SLA 8 h long gone). Engagement 2: one an hour ago.
        for item, due in ((built[0], NOW - timedelta(days=1)), (built[1], NOW - timedelta(hours=1))):
            session.add(Delivery(key=f"checkin:{item.id}:{due.date().isoformat()}", duty="checkin_prompt",
                                 team_id="T1", channel_id=item.channel_id, status="sent", message_ts="1.0",
                                 attempts=1, due_at=due, claimed_at=due, sent_at=due))
    with runtime.sessions() as session:
        rows = {e.id: e for e in snapshot.load(session)}
        ids = {int(e.title.split()[1]): e.id for e in rows.values()}
        found = thank_nudges.streaks(session, rows, NOW)
    assert found == {ids[2]: NOW - timedelta(days=2)}
