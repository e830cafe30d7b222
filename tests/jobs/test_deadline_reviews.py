"""Deadline reviews read only engagements whose deadline can have passed somewhere on Earth."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import event

from bot.db.models import Engagement
from bot.db.session import transaction
from jobs import deadline_reviews
from tests.support.duties import engagement, person, save


def add(runtime, owner_tz: str, deadline: date, user: str) -> int:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        item = engagement(person(user, "Asia/Manila"), person(f"{user}OWN", owner_tz), deadline=deadline,
                          channel_id=f"C{user}")
        save(session, item)
        return item.id


def test_past_deadline_is_decided_in_each_owners_zone_and_loads_no_engagement_far_from_it(runtime) -> None:  # type: ignore[no-untyped-def]
    # 11:30 UTC on 1 March: already 2 March in Kiritimati (UTC+14), still 1 March in Honolulu (UTC-10).
    now = datetime(2027, 3, 1, 11, 30, tzinfo=UTC)
    kiritimati = add(runtime, "Pacific/Kiritimati", date(2027, 3, 1), "U1")  # passed there: its today is 2 March
    honolulu = add(runtime, "Pacific/Honolulu", date(2027, 2, 28), "U2")  # passed: its today is 1 March
    add(runtime, "Pacific/Honolulu", date(2027, 3, 1), "U3")  # its today: not passed
    far = [add(runtime, "Pacific/Kiritimati", date(2027, 3, 2 + n), f"U{4 + n}") for n in range(5)]
    loaded: set[int] = set()
    on_load = lambda target, _context: loaded.add(target.id)  # noqa: E731
    event.listen(Engagement, "load", on_load)
    try:
        with runtime.sessions() as session:
            found = deadline_reviews.past_deadline(session, now)
    finally:
        event.remove(Engagement, "load", on_load)
    assert sorted(e.id for e in found) == sorted([kiritimati, honolulu])
    # Deadlines after UTC's today have passed in no zone: never loaded, however many there are.
    assert loaded.isdisjoint(far), loaded & set(far)
    assert {kiritimati, honolulu} <= loaded
