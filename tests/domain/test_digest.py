"""Digest lines: each engagement's health comes from its newest check-in of the last 60 days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement
from bot.domain import digest, duties
from tests.domain.conftest import NOW, make_engagement


def check_in(session: Session, engagement: Engagement, day: date, status: str) -> None:
    at = datetime.combine(day, NOW.timetz())
    session.add(Checkin(engagement_id=engagement.id, author_id=engagement.contractor.person_id, local_date=day,
                        status=status, answered_at=at, source="form", created_at=at, updated_at=at))
    session.flush()


def test_health_is_read_from_the_newest_check_in_only(session, owner):
    newest_blocked = make_engagement(session, owner=owner)
    newest_on_track = make_engagement(session, owner=owner, contractor_user="U0BOB", channel_id="C0TWO")
    long_ago = make_engagement(session, owner=owner, contractor_user="U0SAM", channel_id="C0THREE")
    never = make_engagement(session, owner=owner, contractor_user="U0ANA", channel_id="C0FOUR")
    today = NOW.date()
    for engagement, statuses in ((newest_blocked, ("on_track", "at_risk", "blocked")),
                                 (newest_on_track, ("blocked", "at_risk", "on_track"))):
        for back, status in zip((3, 2, 1), statuses, strict=True):
            check_in(session, engagement, today - timedelta(days=back), status)
    check_in(session, long_ago, today - timedelta(days=61), "on_track")
    rows = duties.load_active(session)
    lines = {line.engagement.id: line for line in digest.lines(session, rows, NOW)}
    assert {eid: line.health for eid, line in lines.items()} == {
        newest_blocked.id: "blocked", newest_on_track.id: "on_track", long_ago.id: "silent", never.id: "silent"}
    assert lines[newest_blocked.id].checkins == 3 and lines[long_ago.id].checkins == 0
