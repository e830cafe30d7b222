"""The deadline notes' cheap bound: an engagement it rules out never has a note, in any zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.engagement import deadlines
from tests.support.duties import engagement, person


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin", "America/Bogota", "UTC"]),
    work_days=st.sampled_from(["12345", "1", "67", "1234567"]),
    offset=st.integers(-40, 40),
    now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 1)).map(
        lambda d: d.replace(tzinfo=UTC)),
)
def test_an_engagement_without_tasks_and_a_far_deadline_has_no_note(zone, work_days, offset, now):
    item = engagement(person(tz=zone, work_days=work_days), deadline=now.date() + timedelta(days=offset),
                      start_on=date(2025, 1, 1))
    if not deadlines.may_have_notes(item, [], now):
        assert deadlines.notes_for(item, [], now)[1] == []


def test_the_bound_lets_through_what_is_near():
    now = datetime(2027, 3, 8, 12, tzinfo=UTC)
    near = engagement(person(), deadline=date(2027, 3, 10))
    far = engagement(person(), deadline=date(2027, 6, 1))
    assert deadlines.may_have_notes(near, [], now) and deadlines.notes_for(near, [], now)[1] != []
    assert not deadlines.may_have_notes(far, [], now)
    assert deadlines.may_have_notes(far, ["a task"], now)  # type: ignore[list-item]  # any open task: look
