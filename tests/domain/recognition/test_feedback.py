"""Feedback prompts read only the history that can still matter, and answer as if they read it all."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.db.models import Delivery
from bot.db.session import transaction
from bot.domain.recognition import feedback
from tests.support.duties import Clock, engagement, migrated_runtime, person

NOW = datetime(2027, 3, 15, 12, tzinfo=UTC)
ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Manila", "America/Bogota", "Europe/London")


@given(every=st.integers(1, 60), started_days_ago=st.integers(0, 400), zone=st.sampled_from(ZONES),
       work_start=st.integers(0, 23), prompt_share=st.floats(0, 1), done_minutes_ago=st.none() | st.integers(0, 40_000),
       now_shift=st.integers(0, 7 * 24 * 60))
@settings(max_examples=400, deadline=None)
def test_a_prompt_older_than_relevant_since_changes_nothing(every, started_days_ago, zone, work_start, prompt_share,
                                                           done_minutes_ago, now_shift) -> None:
    now = NOW + timedelta(minutes=now_shift)
    built = engagement(person("U0MARIA"), person("U0OWNER", zone, work_start=time(work_start)),
                       start_on=now.date() - timedelta(days=started_days_ago))
    built.feedback_every_days = every
    since = feedback.relevant_since([every], now)
    started = datetime.combine(built.start_on, time(0), tzinfo=UTC) - timedelta(hours=14)  # the zone's first instant
    if since <= started:
        return  # no prompt of this engagement can be older than `since`
    last_prompt = started + (since - started) * prompt_share
    if last_prompt >= since:
        return
    done_at = None if done_minutes_ago is None else now - timedelta(minutes=done_minutes_ago)
    assert feedback.due_for(built, last_prompt, done_at, now) == feedback.due_for(built, None, done_at, now)


def test_relevant_since_covers_the_longest_period_and_the_task_grace() -> None:
    assert feedback.relevant_since([14, 30], NOW) == NOW - timedelta(days=32)
    assert feedback.relevant_since([1], NOW) == NOW - feedback.TASK_GRACE - timedelta(days=2)
    assert feedback.relevant_since([], NOW) == NOW - feedback.TASK_GRACE - timedelta(days=2)


@pytest.fixture
def runtime(empty_database_url: str):  # type: ignore[no-untyped-def]
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    yield runtime
    runtime.engine.dispose()


def test_last_prompts_reads_from_since_and_only_settled_prompts(runtime) -> None:
    def prompt(engagement_id: int, day: date, status: str) -> Delivery:
        due = datetime.combine(day, time(9), tzinfo=UTC)
        return Delivery(key=f"feedback:{engagement_id}:every:{day.isoformat()}", duty=feedback.DUTY, team_id="T1",
                        channel_id="D1", status=status, due_at=due, claimed_at=due)

    with transaction(runtime.sessions) as session:
        session.add_all([
            prompt(1, date(2027, 3, 1), "sent"), prompt(1, date(2027, 3, 10), "sent"),
            prompt(1, date(2027, 3, 14), "claimed"),  # its attempt may have died: not a prompt yet
            prompt(2, date(2026, 6, 1), "sent"),  # long ago: before `since`
            prompt(3, date(2027, 3, 12), "skipped"),
            prompt(4, date(2027, 3, 12), "sent"),  # not asked about
        ])
    since = datetime(2027, 2, 1, tzinfo=UTC)
    with runtime.sessions() as session:
        found = feedback.last_prompts(session, [1, 2, 3], since=since)
    assert found == {1: datetime(2027, 3, 10, 9, tzinfo=UTC), 3: datetime(2027, 3, 12, 9, tzinfo=UTC)}


@pytest.mark.parametrize(("comment", "part", "at"), [
    ("Great", "Great", 0),
    ("Great\nGreat work", "Great", 0),
    ("Great work\nGreat", "Great", 11),
    ("Great\nmore\nGreat", "Great", 11),
    ("Greatness", "Great", None),
    ("two lines\nof it\nend", "two lines\nof it", 0),
    ("aa\na", "a", 3),
])
def test_a_reply_is_found_in_the_comment_only_as_whole_lines(comment: str, part: str, at: int | None) -> None:
    """An edit replaces the reply it edited, never a word inside another reply."""
    assert feedback._whole(comment, part) == at  # noqa: SLF001
